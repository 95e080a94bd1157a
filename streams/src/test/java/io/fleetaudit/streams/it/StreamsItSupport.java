package io.fleetaudit.streams.it;

import io.fleetaudit.contracts.Alert;
import io.fleetaudit.contracts.DeadLetter;
import io.fleetaudit.contracts.Declaration;
import io.fleetaudit.contracts.Heartbeat;
import io.fleetaudit.registry.LocalSchemaRegistry;
import io.fleetaudit.schemas.topics.HeartbeatPartitioner;
import io.fleetaudit.schemas.topics.TopicCatalogue;
import io.fleetaudit.streams.FleetAuditStreamsApp;
import io.fleetaudit.streams.detect.StoreNames;
import io.fleetaudit.testkit.Directories;
import io.fleetaudit.testkit.KafkaBrokerExtension;
import io.fleetaudit.contracts.NodeStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** Shared plumbing of the streams ITs: the real broker, a real HTTP schema registry, app start/stop, producers, tails. */
final class StreamsItSupport implements AutoCloseable {
    final KafkaBrokerExtension kafka;
    final LocalSchemaRegistry registry;
    final Map<String, Object> clientProps = new HashMap<>();
    final TopicCatalogue topics;
    /** Places heartbeats as the agents do (HeartbeatPartitioner); heartbeatsByKey as a producer without it. */
    private final KafkaProducer<String, Heartbeat> heartbeats;
    private final KafkaProducer<String, Heartbeat> heartbeatsByKey;
    private final KafkaProducer<String, Declaration> declarations;
    private final List<Path> stateDirs = new ArrayList<>();

    StreamsItSupport(KafkaBrokerExtension kafka) {
        this.kafka = kafka;
        this.registry = LocalSchemaRegistry.start(kafka.bootstrapServers(), "127.0.0.1", 0);
        clientProps.put("bootstrap.servers", kafka.bootstrapServers());
        clientProps.put("schema.registry.url", registry.url());
        topics = TopicCatalogue.from(clientProps);
        try (var admin = kafka.adminClient()) {
            topics.ensureTopics(admin);
        }
        Map<String, Object> placed = producerProps();
        placed.put(ProducerConfig.PARTITIONER_CLASS_CONFIG, HeartbeatPartitioner.class.getName());
        heartbeats = new KafkaProducer<>(placed, new StringSerializer(), topics.heartbeats().valueSerde().serializer());
        heartbeatsByKey = new KafkaProducer<>(producerProps(), new StringSerializer(),
                topics.heartbeats().valueSerde().serializer());
        declarations = new KafkaProducer<>(producerProps(), new StringSerializer(),
                topics.declarations().valueSerde().serializer());
    }

    private Map<String, Object> producerProps() {
        Map<String, Object> p = new HashMap<>(clientProps);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        return p;
    }

    Map<String, Object> appProps(String appId, Path stateDir) {
        Map<String, Object> p = new HashMap<>(clientProps);
        p.put("application.id", appId);
        p.put("state.dir", stateDir.toString());
        p.put("commit.interval.ms", "100");
        p.put("fleet.metrics.port", "0");
        p.put("fleet.punctuate.interval.ms", "200");
        return p;
    }

    FleetAuditStreamsApp startApp(Map<String, Object> props) throws InterruptedException {
        FleetAuditStreamsApp app = new FleetAuditStreamsApp(props).start();
        app.awaitRunning(Duration.ofSeconds(60));
        return app;
    }

    /** A fresh state directory for an app of this class, deleted with everything in it on close(). */
    Path tempStateDir() throws Exception {
        Path dir = Files.createTempDirectory("fa-streams-it-");
        stateDirs.add(dir);
        return dir;
    }

    /** Sends a heartbeat as an agent does: keyed by node id, in the partition of its service. */
    RecordMetadata send(Heartbeat hb) throws Exception {
        return heartbeats.send(new ProducerRecord<>(topics.heartbeats().name(), hb.getNodeId(), hb)).get();
    }

    /** Sends a heartbeat in the partition of its key, as a producer without HeartbeatPartitioner does. */
    RecordMetadata sendByKey(Heartbeat hb) throws Exception {
        return heartbeatsByKey.send(new ProducerRecord<>(topics.heartbeats().name(), hb.getNodeId(), hb)).get();
    }

    RecordMetadata sendRaw(String key, byte[] value) throws Exception {
        try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(producerProps(), new StringSerializer(),
                new ByteArraySerializer())) {
            return p.send(new ProducerRecord<>(topics.heartbeats().name(), key, value)).get();
        }
    }

    void declare(Declaration d) throws Exception {
        declarations.send(new ProducerRecord<>(topics.declarations().name(), d.getEnvironment() + "/" + d.getService(), d))
                .get();
    }

    <V> Tail<V> tail(String topic, Deserializer<V> valueDeserializer, Predicate<V> filter) {
        return new Tail<>(topic, valueDeserializer, filter);
    }

    Tail<Alert> alerts(String service) {
        return tail(topics.alerts().name(), topics.alerts().valueSerde().deserializer(), a -> a.getService().equals(service));
    }

    Tail<DeadLetter> deadLetters() {
        return tail(topics.heartbeatsDlq().name(), topics.heartbeatsDlq().valueSerde().deserializer(), d -> true);
    }

    static ReadOnlyKeyValueStore<String, NodeStatus> statusStore(FleetAuditStreamsApp app) {
        return app.streams().store(StoreQueryParameters.fromNameAndType(StoreNames.NODE_STATUS,
                QueryableStoreTypes.<String, NodeStatus>keyValueStore()));
    }

    /** How many statuses of {@code service}'s nodes ({@code <service>-<n>}) the app's store holds (the ITs share topics). */
    static long statuses(FleetAuditStreamsApp app, String service) {
        try (var all = statusStore(app).all()) {
            long n = 0;
            while (all.hasNext()) {
                n += all.next().key.startsWith(service + "-") ? 1 : 0;
            }
            return n;
        }
    }

    static ReadOnlyKeyValueStore<String, Declaration> declarationStore(FleetAuditStreamsApp app) {
        return app.streams().store(StoreQueryParameters.fromNameAndType(StoreNames.DECLARATIONS,
                QueryableStoreTypes.<String, Declaration>keyValueStore()));
    }

    @Override
    public void close() {
        heartbeats.close();
        heartbeatsByKey.close();
        declarations.close();
        registry.close();
        stateDirs.forEach(Directories::deleteRecursively); // the apps closed before (the ITs' own @AfterAll runs first)
    }

    /** A read_committed consumer over a whole topic from the beginning; poll() appends what arrived. */
    final class Tail<V> implements AutoCloseable {
        private final KafkaConsumer<String, byte[]> consumer;
        private final Deserializer<V> deserializer;
        private final Predicate<V> filter;
        final List<V> values = new ArrayList<>();
        final List<String> keys = new ArrayList<>();

        Tail(String topic, Deserializer<V> valueDeserializer, Predicate<V> filter) {
            Map<String, Object> p = new HashMap<>(clientProps);
            p.put(ConsumerConfig.GROUP_ID_CONFIG, "tail-" + UUID.randomUUID());
            p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            // Bytes first: other IT classes in this JVM share the topics and may have written with another registry.
            consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
            deserializer = valueDeserializer;
            List<TopicPartition> parts = consumer.partitionsFor(topic).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            this.filter = filter;
        }

        List<V> poll() {
            consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                V v;
                try {
                    v = deserializer.deserialize(r.topic(), r.value());
                } catch (RuntimeException foreign) {
                    return; // not written by this test's registry: not ours
                }
                if (v != null && filter.test(v)) {
                    values.add(v);
                    keys.add(r.key());
                }
            });
            return values;
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
