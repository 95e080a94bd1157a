package io.fleetaudit.streams.topology;

import static io.fleetaudit.streams.testing.Fixtures.declaration;
import static io.fleetaudit.streams.testing.Fixtures.heartbeat;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetaudit.contracts.DeadLetter;
import io.fleetaudit.streams.testing.DetectionDriver;
import io.fleetaudit.streams.testing.RogueWriter;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Bad input is normal input: undecodable and invalid heartbeats become dead letters; processing goes on. */
class DeadLetterTopologyTest {
    private final DetectionDriver t = new DetectionDriver();

    @AfterEach
    void close() {
        t.close();
    }

    @Test
    void shouldDeadLetterGarbageWithProvenanceAndKeepProcessing() {
        t.declare(declaration().build());
        byte[] garbage = "not avro at all".getBytes(StandardCharsets.UTF_8);
        t.pipeRawHeartbeatBytes("n1", garbage);
        t.beat(heartbeat("n2", t.now()));

        assertThat(t.deadLetters).singleElement().satisfies(dl -> {
            assertThat(dl.getTopic()).isEqualTo("fleet.heartbeats.v1");
            assertThat(dl.getPartition()).isZero();
            assertThat(dl.getOffset()).isZero();
            assertThat(dl.getStage()).isEqualTo("deserialization");
            assertThat(dl.getErrorClass()).isNotBlank();
            assertThat(dl.getValue().array()).isEqualTo(garbage);
            assertThat(new String(dl.getKey().array(), StandardCharsets.UTF_8)).isEqualTo("n1");
            assertThat(dl.getApplication()).isEqualTo("detection-test");
        });
        assertThat(t.statusStore().get("n2")).isNotNull();
        assertThat(t.metrics.deadLetters("deserialization")).isEqualTo(1.0);
    }

    @Test
    void shouldDeadLetterFromItsSourceAHeartbeatCutOffAfterItsIdentity() {
        // The keying step reads the leading identity fields and stops; bytes cut off after them pass it, fail the full
        // decode after the repartition, and are dead-lettered as the source record with the original bytes.
        t.declare(declaration().build());
        byte[] whole = t.topics.heartbeats().valueSerde().serializer().serialize(t.topics.heartbeats().name(),
                heartbeat("n1", t.now()).build());
        byte[] cut = java.util.Arrays.copyOf(whole, whole.length / 2);
        t.beat(heartbeat("n2", t.now()));
        t.pipeRawHeartbeatBytes("n1", cut);
        t.beat(heartbeat("n3", t.now()));

        assertThat(t.deadLetters).singleElement().satisfies(dl -> {
            assertThat(dl.getTopic()).isEqualTo("fleet.heartbeats.v1");
            assertThat(dl.getOffset()).isEqualTo(1);
            assertThat(dl.getStage()).isEqualTo("deserialization");
            assertThat(dl.getErrorClass()).isEqualTo(SerializationException.class.getName());
            assertThat(dl.getValue().array()).isEqualTo(cut);
            assertThat(new String(dl.getKey().array(), StandardCharsets.UTF_8)).isEqualTo("n1");
        });
        assertThat(t.statusStore().get("n1")).isNull();
        assertThat(t.statusStore().get("n3")).isNotNull();
    }

    @Test
    void shouldDeadLetterFromItsSourceAHeartbeatThatOnlyFailsTheFullDecode() {
        // The keying step reads only the identity fields; a writer schema without agentVersion (required, no default)
        // passes it and fails the full decode after the repartition. The dead letter must still name the source record.
        t.declare(declaration().build());
        byte[] rogue = RogueWriter.heartbeatWithout(t.registry(), "rogue-agent-value",
                heartbeat("n1", t.now()).setSentAt(t.now()).build(), "agentVersion");

        t.beat(heartbeat("n2", t.now()));
        t.pipeRawHeartbeatBytes("n1", rogue);

        assertThat(t.deadLetters).singleElement().satisfies(dl -> {
            assertThat(dl.getTopic()).isEqualTo("fleet.heartbeats.v1");
            assertThat(dl.getPartition()).isZero();
            assertThat(dl.getOffset()).isEqualTo(1);
            assertThat(dl.getStage()).isEqualTo("deserialization");
            assertThat(dl.getErrorClass()).isEqualTo(SerializationException.class.getName());
            assertThat(dl.getErrorMessage()).contains("cannot be read as io.fleetaudit.contracts.Heartbeat");
            assertThat(dl.getValue().array()).isEqualTo(rogue);
            assertThat(new String(dl.getKey().array(), StandardCharsets.UTF_8)).isEqualTo("n1");
        });
        assertThat(t.statusStore().get("n1")).isNull();
        assertThat(t.statusStore().get("n2")).isNotNull();
    }

    @Test
    void shouldDeadLetterAHeartbeatSpeakingForAnotherNode() {
        t.declare(declaration().build());
        t.beatRaw("n1", heartbeat("n2", t.now()).build(), t.now());
        assertThat(t.deadLetters).singleElement().satisfies((DeadLetter dl) -> {
            assertThat(dl.getStage()).isEqualTo("processing");
            assertThat(dl.getErrorClass()).endsWith("InvalidHeartbeatException");
            assertThat(dl.getErrorMessage()).contains("does not match nodeId");
            assertThat(dl.getTopic()).isEqualTo("fleet.heartbeats.v1");
        });
        assertThat(t.statusStore().get("n2")).isNull();
        assertThat(t.metrics.deadLetters("processing")).isEqualTo(1.0);
    }
}
