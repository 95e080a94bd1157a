package io.fleetaudit.testkit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class EmbeddedKafkaIT {

    @Test
    void producesAndConsumesOnAFreshBroker() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            System.out.printf("embedded Kafka start time: %d ms%n", kafka.lastStartupTime().toMillis());
            assertThat(kafka.bootstrapServers()).matches("127\\.0\\.0\\.1:\\d+");
            assertThat(kafka.port()).isPositive();
            createTopic(kafka, "plain");

            try (KafkaProducer<String, String> producer = producer(kafka, Map.of())) {
                producer.send(new ProducerRecord<>("plain", "node-1", "hello")).get();
            }
            assertThat(readAll(kafka, "plain", 1, "read_uncommitted")).containsExactly("node-1=hello");
        }
    }

    @Test
    void autoTopicCreationIsOffSoUnknownTopicsFail() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start();
             KafkaProducer<String, String> producer = producer(kafka, Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, 2000))) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("not-in-catalogue", "k", "v")).get())
                    .hasMessageContaining("not-in-catalogue");
            try (Admin admin = kafka.createAdmin()) {
                assertThatThrownBy(() -> admin.describeTopics(Set.of("not-in-catalogue")).allTopicNames().get())
                        .isInstanceOf(ExecutionException.class)
                        .hasCauseInstanceOf(UnknownTopicOrPartitionException.class);
            }
        }
    }

    @Test
    void transactionsCommitAndAbortOnOneBroker() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            createTopic(kafka, "tx");
            try (KafkaProducer<String, String> producer = producer(kafka,
                    Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "tx-test"))) {
                producer.initTransactions();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>("tx", "a", "committed-1"));
                producer.send(new ProducerRecord<>("tx", "b", "committed-2"));
                producer.commitTransaction();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>("tx", "c", "aborted"));
                producer.flush();
                producer.abortTransaction();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>("tx", "d", "committed-3"));
                producer.commitTransaction();
            }
            assertThat(readAll(kafka, "tx", 3, "read_committed"))
                    .containsExactly("a=committed-1", "b=committed-2", "d=committed-3");
        }
    }

    @Test
    void stopAndRestartKeepPortTopicsAndRecords(@TempDir Path dir) throws Exception {
        Path dataDir = dir.resolve("kafka");
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dataDir)) {
            String bootstrap = kafka.bootstrapServers();
            String clusterId = kafka.clusterId();
            createTopic(kafka, "durable");
            try (KafkaProducer<String, String> producer = producer(kafka,
                    Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "durable-tx"))) {
                producer.initTransactions();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>("durable", "k1", "before-stop"));
                producer.commitTransaction();
            }

            try (Admin admin = kafka.createAdmin()) {
                admin.alterConsumerGroupOffsets("durable-group",
                        Map.of(new TopicPartition("durable", 0), new OffsetAndMetadata(1))).all().get();
            }

            kafka.stop();
            assertThat(kafka.isRunning()).isFalse();
            try (KafkaProducer<String, String> producer = producer(kafka, Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, 1000))) {
                assertThatThrownBy(() -> producer.send(new ProducerRecord<>("durable", "k", "v")).get())
                        .as("no broker while stopped").isNotNull();
            }

            kafka.restart();
            System.out.printf("embedded Kafka restart time: %d ms%n", kafka.lastStartupTime().toMillis());
            assertThat(kafka.bootstrapServers()).isEqualTo(bootstrap);
            assertThat(kafka.clusterId()).isEqualTo(clusterId);
            try (KafkaProducer<String, String> producer = producer(kafka, Map.of())) {
                producer.send(new ProducerRecord<>("durable", "k2", "after-restart")).get();
            }
            assertThat(readAll(kafka, "durable", 2, "read_committed"))
                    .containsExactly("k1=before-stop", "k2=after-restart");
            try (Admin admin = kafka.createAdmin()) {
                assertThat(admin.listConsumerGroupOffsets("durable-group").partitionsToOffsetAndMetadata().get())
                        .as("committed offsets survive the restart")
                        .containsEntry(new TopicPartition("durable", 0), new OffsetAndMetadata(1));
            }
        }

        assertThat(Files.isDirectory(dataDir)).as("a caller's data directory is kept on close").isTrue();
        try (EmbeddedKafka resumed = EmbeddedKafka.start(dataDir)) {
            assertThat(readAll(resumed, "durable", 2, "read_committed"))
                    .containsExactly("k1=before-stop", "k2=after-restart");
        }
    }

    @Test
    void aTakenPortFailsTheStartNamingThePort(@TempDir Path dir) throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> EmbeddedKafka.start(dir.resolve("kafka"), port))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("port " + port);
        }
    }

    @Test
    void closeDeletesItsTempDirectoryAndLeavesNoNonDaemonThreads() {
        Set<Thread> before = liveNonDaemonThreads();
        Path dataDir;
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            dataDir = kafka.dataDir();
            assertThat(dataDir).isDirectory();
            assertThat(liveNonDaemonThreads()).as("the broker runs threads").hasSizeGreaterThan(before.size());
        }
        assertThat(dataDir).doesNotExist();
        // A leaked non-daemon thread would keep `fleet-audit demo` (a plain main) from exiting.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(liveNonDaemonThreads()).extracting(Thread::getName)
                        .containsOnlyElementsOf(before.stream().map(Thread::getName).toList()));
    }

    private static Set<Thread> liveNonDaemonThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && !t.isDaemon() && !t.getName().startsWith("awaitility"))
                .collect(java.util.stream.Collectors.toSet());
    }

    static void createTopic(EmbeddedKafka kafka, String name) throws Exception {
        try (Admin admin = kafka.createAdmin()) {
            admin.createTopics(List.of(new NewTopic(name, 1, (short) 1))).all().get();
        }
    }

    static KafkaProducer<String, String> producer(EmbeddedKafka kafka, Map<String, Object> extra) {
        Map<String, Object> cfg = new java.util.HashMap<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));
        cfg.putAll(extra);
        return new KafkaProducer<>(cfg);
    }

    static List<String> readAll(EmbeddedKafka kafka, String topic, int expected, String isolation) {
        Map<String, Object> cfg = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, topic + "-reader-" + System.nanoTime(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        List<String> seen = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(cfg)) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    seen.add(r.key() + "=" + r.value());
                }
                assertThat(seen).hasSizeGreaterThanOrEqualTo(expected);
            });
        }
        return seen;
    }
}
