package io.fleetaudit.streams.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fleetaudit.contracts.DeadLetter;
import io.fleetaudit.contracts.Heartbeat;
import io.fleetaudit.schemas.registry.SchemaRegistryClient;
import io.fleetaudit.schemas.registry.SchemaRegistryClients;
import io.fleetaudit.streams.FleetAuditStreamsApp;
import io.fleetaudit.streams.testing.RogueWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

/** A garbage record lands in the DLQ with provenance, is counted, and the app keeps processing. */
class DeadLetterIT extends StreamsIt {
    @Test
    void shouldDeadLetterGarbageWithProvenanceWhileTheAppKeepsRunning() throws Exception {
        String service = KAFKA.uniqueName("dlq");
        try (FleetAuditStreamsApp app = it.startApp(it.appProps(KAFKA.uniqueName("dlq-app"), it.tempStateDir()));
             var dlq = it.deadLetters()) {
            String key = service + "-garbage";
            byte[] garbage = "\u0000\u0000\u0000\u0000\u0063definitely not a heartbeat".getBytes(StandardCharsets.ISO_8859_1);
            RecordMetadata bad = it.sendRaw(key, garbage);
            Heartbeat good = Heartbeat.newBuilder().setNodeId(service + "-n1").setInstanceId("i").setBootId("b")
                    .setService(service).setEnvironment("prod").setAgentVersion("it").setSequence(1)
                    .setSentAt(Instant.now()).build();
            it.send(good);

            var dl = awaitDeadLetter(dlq, key);
            assertThat(dl.getTopic()).isEqualTo(bad.topic());
            assertThat(dl.getPartition()).isEqualTo(bad.partition());
            assertThat(dl.getOffset()).isEqualTo(bad.offset());
            assertThat(dl.getStage()).isEqualTo("deserialization");
            assertThat(dl.getErrorClass()).isNotBlank();
            assertThat(dl.getValue().array()).isEqualTo(garbage);

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(StreamsItSupport.statusStore(app).get(service + "-n1")).isNotNull());
            assertThat(app.streams().state()).isEqualTo(KafkaStreams.State.RUNNING);
            assertThat(app.metrics().deadLetters("deserialization")).isGreaterThanOrEqualTo(1.0);
        }
    }

    @Test
    void shouldDeadLetterFromItsSourceAHeartbeatThatFailsOnlyAfterTheRepartition() throws Exception {
        // Keyed on its identity fields alone, a heartbeat from an incompatible writer crosses the repartition topic and
        // fails the full decode in the detect task: the dead letter must name the heartbeats topic record, not the
        // repartition record.
        String service = KAFKA.uniqueName("rogue");
        String node = service + "-n1";
        Heartbeat hb = Heartbeat.newBuilder().setNodeId(node).setInstanceId("i").setBootId("b").setService(service)
                .setEnvironment("prod").setAgentVersion("it").setSequence(1).setSentAt(Instant.now()).build();
        byte[] rogue;
        try (SchemaRegistryClient registry = SchemaRegistryClients.create(Map.of("schema.registry.url", it.registry.url()))) {
            rogue = RogueWriter.heartbeatWithout(registry, service + "-rogue-value", hb, "agentVersion");
        }
        try (FleetAuditStreamsApp app = it.startApp(it.appProps(KAFKA.uniqueName("rogue-app"), it.tempStateDir()));
             var dlq = it.deadLetters()) {
            RecordMetadata bad = it.sendRaw(node, rogue);

            var dl = awaitDeadLetter(dlq, node);
            assertThat(dl.getTopic()).isEqualTo(bad.topic());
            assertThat(dl.getPartition()).isEqualTo(bad.partition());
            assertThat(dl.getOffset()).isEqualTo(bad.offset());
            assertThat(dl.getStage()).isEqualTo("deserialization");
            assertThat(dl.getErrorMessage()).contains("cannot be read as io.fleetaudit.contracts.Heartbeat");
            assertThat(dl.getValue().array()).isEqualTo(rogue);
            assertThat(StreamsItSupport.statusStore(app).get(node)).isNull();
            assertThat(app.streams().state()).isEqualTo(KafkaStreams.State.RUNNING);
        }
    }

    /** Waits for the dead letter whose key is {@code key} (other IT classes share the topic) and returns it. */
    private static DeadLetter awaitDeadLetter(StreamsItSupport.Tail<DeadLetter> dlq, String key) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(dlq.poll())
                .anySatisfy(dl -> assertThat(new String(dl.getKey().array(), StandardCharsets.UTF_8)).isEqualTo(key)));
        return dlq.values.stream().filter(d -> new String(d.getKey().array(), StandardCharsets.UTF_8).equals(key))
                .findFirst().orElseThrow();
    }
}
