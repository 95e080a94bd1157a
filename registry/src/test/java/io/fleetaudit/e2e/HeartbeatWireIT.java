package io.fleetaudit.e2e;

import io.fleetaudit.contracts.Artifact;
import io.fleetaudit.contracts.ConfigFile;
import io.fleetaudit.contracts.Heartbeat;
import io.fleetaudit.contracts.Signature;
import io.fleetaudit.registry.LocalSchemaRegistry;
import io.fleetaudit.schemas.serde.SpecificAvroDeserializer;
import io.fleetaudit.schemas.serde.SpecificAvroSerializer;
import io.fleetaudit.testkit.KafkaBrokerExtension;
import org.apache.avro.Schema;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * End-to-end proof of the data path: Heartbeats written with our Confluent-wire-format serializer to a real
 * broker, schemas registered in the real local HTTP registry, read back with our deserializer; and garbage
 * bytes surfacing as a RecordDeserializationException that names topic, partition and offset.
 */
class HeartbeatWireIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static LocalSchemaRegistry registry;

    @BeforeAll
    static void startRegistry() throws Exception {
        registry = LocalSchemaRegistry.start(KAFKA.bootstrapServers(), "127.0.0.1", 0);
    }

    @AfterAll
    static void stopRegistry() throws Exception {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void fullyPopulatedHeartbeatsSurviveTheRoundTripFieldByField() throws Exception {
        String topic = KAFKA.uniqueName("heartbeats");
        KAFKA.createTopics(3, topic);
        List<Heartbeat> sent = List.of(heartbeat("node-a", 1), heartbeat("node-b", 2), heartbeat("node-c", 3));
        for (Heartbeat h : sent) {
            assertFullyPopulated(h);
        }

        try (KafkaProducer<String, Heartbeat> producer = avroProducer()) {
            for (Heartbeat h : sent) {
                producer.send(new ProducerRecord<>(topic, h.getNodeId(), h)).get();
            }
        }

        Map<String, Heartbeat> received = new LinkedHashMap<>();
        try (KafkaConsumer<String, Heartbeat> consumer = avroConsumer()) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                for (ConsumerRecord<String, Heartbeat> r : consumer.poll(Duration.ofMillis(200))) {
                    received.put(r.key(), r.value());
                }
                assertThat(received).hasSize(sent.size());
            });
        }

        for (Heartbeat expected : sent) {
            Heartbeat actual = received.get(expected.getNodeId());
            assertThat(actual).as("heartbeat of %s", expected.getNodeId()).isNotNull();
            for (Schema.Field field : Heartbeat.getClassSchema().getFields()) {
                assertThat(actual.get(field.pos())).as("field %s of %s", field.name(), expected.getNodeId())
                        .isEqualTo(expected.get(field.pos()));
            }
            // Spelled out for the parts equals() could be lenient about: nested records, bytes, timestamp.
            assertThat(actual.getSentAt()).isEqualTo(expected.getSentAt());
            assertThat(actual.getArtifacts()).containsExactlyElementsOf(expected.getArtifacts());
            assertThat(actual.getConfigFiles()).containsExactlyElementsOf(expected.getConfigFiles());
            assertThat(actual.getLabels()).containsExactlyInAnyOrderEntriesOf(expected.getLabels());
            assertThat(actual.getFlags()).containsExactlyInAnyOrderEntriesOf(expected.getFlags());
            assertThat(bytes(actual.getSignature().getValue())).isEqualTo(bytes(expected.getSignature().getValue()));
            assertThat(actual).isEqualTo(expected);
        }
    }

    @Test
    void garbageValueBytesNameTopicPartitionAndOffsetAndCanBeSkipped() throws Exception {
        String topic = KAFKA.uniqueName("heartbeats-garbage");
        KAFKA.createTopics(1, topic);
        TopicPartition partition = new TopicPartition(topic, 0);

        // Interleave good records with two kinds of garbage: not the wire format at all, and a valid header
        // (a schema id the registry knows) followed by bytes that are not a Heartbeat.
        List<Long> badOffsets = new ArrayList<>();
        try (KafkaProducer<String, Heartbeat> producer = avroProducer();
             KafkaProducer<String, byte[]> raw = rawProducer()) {
            producer.send(new ProducerRecord<>(topic, "node-1", heartbeat("node-1", 1))).get();
            RecordMetadata first = raw.send(new ProducerRecord<>(topic, "node-x",
                    "definitely not avro".getBytes(StandardCharsets.UTF_8))).get();
            badOffsets.add(first.offset());
            byte[] good;
            try (SpecificAvroSerializer<Heartbeat> serializer = serializer()) {
                good = serializer.serialize(topic, heartbeat("node-2", 2));
            }
            producer.send(new ProducerRecord<>(topic, "node-2", heartbeat("node-2", 2))).get();
            byte[] truncated = Arrays.copyOf(good, 9);
            RecordMetadata second = raw.send(new ProducerRecord<>(topic, "node-y", truncated)).get();
            badOffsets.add(second.offset());
            producer.send(new ProducerRecord<>(topic, "node-3", heartbeat("node-3", 3))).get();
        }

        List<String> goodKeys = new ArrayList<>();
        List<RecordDeserializationException> failures = new ArrayList<>();
        try (KafkaConsumer<String, Heartbeat> consumer = avroConsumer()) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                try {
                    for (ConsumerRecord<String, Heartbeat> r : consumer.poll(Duration.ofMillis(200))) {
                        assertThat(r.value().getNodeId()).isEqualTo(r.key());
                        goodKeys.add(r.key());
                    }
                } catch (RecordDeserializationException e) {
                    failures.add(e);
                    // The documented way past a poison record: seek to the next offset and keep polling.
                    consumer.seek(e.topicPartition(), e.offset() + 1);
                }
                assertThat(goodKeys).containsExactly("node-1", "node-2", "node-3");
            });
        }

        assertThat(failures).hasSize(2);
        for (int i = 0; i < failures.size(); i++) {
            RecordDeserializationException e = failures.get(i);
            long offset = badOffsets.get(i);
            assertThat(e).isInstanceOf(SerializationException.class);
            assertThat(e.topicPartition()).isEqualTo(partition);
            assertThat(e.offset()).isEqualTo(offset);
            assertThat(e.origin()).isEqualTo(RecordDeserializationException.DeserializationExceptionOrigin.VALUE);
            assertThat(e.getMessage()).contains(topic + "-0").contains("offset " + offset);
            assertThat(e.getCause()).isInstanceOf(SerializationException.class);
            assertThat(e.getCause().getMessage()).contains(topic);
        }
        assertThat(failures.get(0).getCause().getMessage()).contains("magic byte");
        assertThat(bytes(failures.get(0).valueBuffer()))
                .isEqualTo("definitely not avro".getBytes(StandardCharsets.UTF_8));
        assertThat(failures.get(1).getCause().getMessage()).contains("Heartbeat");
    }

    private static Heartbeat heartbeat(String nodeId, long sequence) {
        return Heartbeat.newBuilder()
                .setNodeId(nodeId)
                .setInstanceId("i-0abc" + sequence)
                .setBootId("6f1c2f0e-5b7a-4c1e-9d1e-00000000000" + sequence)
                .setHostname(nodeId + ".prod.example")
                .setService("smars")
                .setEnvironment("prod")
                .setLabels(Map.of("region", "us-east-1", "rack", "r" + sequence, "role", "order-router"))
                .setArtifacts(List.of(
                        Artifact.newBuilder().setName("smars").setVersion("2012.08.01")
                                .setDigest("sha256:" + "ab".repeat(32)).setError(null).build(),
                        Artifact.newBuilder().setName("power-peg").setVersion("2003.1")
                                .setDigest(null).setError("collector timed out").build()))
                .setConfigHash("sha256:" + "cd".repeat(32))
                .setConfigFiles(List.of(
                        ConfigFile.newBuilder().setPath("/etc/smars/flags.yaml")
                                .setSha256("sha256:" + "ef".repeat(32)).setError(null).build(),
                        ConfigFile.newBuilder().setPath("/etc/smars/secret.yaml")
                                .setSha256(null).setError("permission denied").build()))
                .setConfigFilesOmitted(2)
                .setFlags(Map.of("power_peg", "true", "rlp", "false"))
                .setAgentVersion("0.1.0")
                .setSequence(sequence)
                .setSentAt(Instant.parse("2012-08-01T13:31:00.123Z").plusSeconds(sequence))
                .setIntervalMs(10_000L)
                .setStopping(sequence % 2 == 0)
                .setSignature(Signature.newBuilder().setKeyId("node-key-" + nodeId).setAlgorithm("Ed25519")
                        .setValue(ByteBuffer.wrap(new byte[] {1, 2, 3, (byte) 0xff, 0, (byte) sequence}))
                        .build())
                .build();
    }

    /** Guards the "fully populated" claim: no optional field left null, no collection left empty. */
    private static void assertFullyPopulated(Heartbeat h) {
        for (Schema.Field field : Heartbeat.getClassSchema().getFields()) {
            Object value = h.get(field.pos());
            assertThat(value).as("test heartbeat field %s", field.name()).isNotNull();
            if (value instanceof java.util.Collection<?> c) {
                assertThat(c).as("test heartbeat field %s", field.name()).isNotEmpty();
            }
            if (value instanceof Map<?, ?> m) {
                assertThat(m).as("test heartbeat field %s", field.name()).isNotEmpty();
            }
        }
    }

    private static Map<String, Object> registryConfig() {
        return Map.of("schema.registry.url", registry.url());
    }

    private static SpecificAvroSerializer<Heartbeat> serializer() {
        SpecificAvroSerializer<Heartbeat> serializer = new SpecificAvroSerializer<>(Heartbeat.class);
        serializer.configure(registryConfig(), false);
        return serializer;
    }

    /** The serializer passed as an instance (configured here, as Kafka does not configure instances). */
    private static KafkaProducer<String, Heartbeat> avroProducer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), serializer());
    }

    private static KafkaProducer<String, byte[]> rawProducer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer());
    }

    /** The deserializer by class name, configured by Kafka from the consumer properties. */
    private static KafkaConsumer<String, Heartbeat> avroConsumer() {
        Map<String, Object> cfg = new LinkedHashMap<>(registryConfig());
        cfg.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        cfg.put(ConsumerConfig.GROUP_ID_CONFIG, KAFKA.uniqueName("wire-it"));
        cfg.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        cfg.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        cfg.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, SpecificAvroDeserializer.class);
        cfg.put("specific.avro.value.type", Heartbeat.class);
        return new KafkaConsumer<>(cfg);
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] out = new byte[copy.remaining()];
        copy.get(out);
        return out;
    }
}
