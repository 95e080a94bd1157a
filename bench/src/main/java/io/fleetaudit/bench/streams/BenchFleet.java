package io.fleetaudit.bench.streams;

import io.fleetaudit.contracts.Artifact;
import io.fleetaudit.contracts.ConfigFile;
import io.fleetaudit.contracts.Declaration;
import io.fleetaudit.contracts.DeclaredFlag;
import io.fleetaudit.contracts.Heartbeat;
import io.fleetaudit.registry.LocalSchemaRegistry;
import io.fleetaudit.schemas.topics.TopicCatalogue;
import io.fleetaudit.streams.FleetAuditStreamsApp;
import io.fleetaudit.testkit.Directories;
import io.fleetaudit.testkit.EmbeddedKafka;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import io.fleetaudit.schemas.topics.HeartbeatPartitioner;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The benchmark world: an embedded KRaft broker, the local HTTP schema registry, the topics, a synthetic fleet of
 * {@code nodes} nodes spread over {@code services} declared services, and a streams app factory. Heartbeats look
 * like the agent's (one artifact, a config hash with two files, two flags), about 400 bytes on the wire.
 */
final class BenchFleet implements AutoCloseable {
    static final String ENV = "bench";
    static final String GOOD = "sha256:" + "a".repeat(64);
    static final String BAD = "sha256:" + "b".repeat(64);
    static final String CONFIG = "sha256:" + "c".repeat(64);

    final EmbeddedKafka kafka;
    final LocalSchemaRegistry registry;
    final Map<String, Object> clientProps = new HashMap<>();
    final TopicCatalogue topics;
    final int nodes;
    final int services;
    private final List<ConfigFile> reportedFiles = new java.util.ArrayList<>();
    private final List<Path> tempDirs = new java.util.ArrayList<>();

    BenchFleet(int nodes, int services, int partitions) throws Exception {
        this(nodes, services, partitions, 2);
    }

    /** {@code configFiles}: watched config files each heartbeat reports (2: 475-byte heartbeats; an agent reports up to 100). */
    BenchFleet(int nodes, int services, int partitions, int configFiles) throws Exception {
        this.nodes = nodes;
        this.services = services;
        for (int i = 0; i < configFiles; i++) {
            String path = i == 0 ? "/etc/app/app.conf" : i == 1 ? "/etc/app/log.conf" : "/etc/app/conf.d/f" + i + ".conf";
            reportedFiles.add(ConfigFile.newBuilder().setPath(path).setSha256(CONFIG).build());
        }
        Path dir = tempDir("fa-bench-kafka-");
        // A production broker's group.initial.rebalance.delay.ms (3 s; the test kit's 0 suits single-consumer tests): the
        // app's stream threads join one generation, as they do against a real cluster, instead of the first thread
        // forming the group alone and the second making it rebalance while the first already processes.
        kafka = EmbeddedKafka.start(dir, 0, Map.of("group.initial.rebalance.delay.ms", "3000"));
        registry = LocalSchemaRegistry.start(kafka.bootstrapServers(), "127.0.0.1", 0);
        clientProps.put("bootstrap.servers", kafka.bootstrapServers());
        clientProps.put("schema.registry.url", registry.url());
        clientProps.put("topics.partitions", Integer.toString(partitions));
        topics = TopicCatalogue.from(clientProps);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            topics.ensureTopics(admin);
        }
    }

    /**
     * A full collection before a timed section, so that it does not pay for the garbage of the one before it: a closed
     * app leaves its in-memory stores (about 180 MB at 100k nodes) to the collector, and a ceiling timed right after a
     * topology pass once read at 139k hb/s and 7.6 us of JVM CPU per heartbeat against 246k and 4.0 us timed later.
     */
    static void collectGarbage() {
        System.gc();
    }

    /**
     * Prints the JVM and its heap settings first, as part of the result: with a heap that starts small (the JVM's default,
     * and what each full collection shrinks it back to) the topology's in-memory state grows it during the timed pass;
     * bench/run starts the streams benchmarks with a fixed, pre-touched heap, as streams/DESIGN.md advises for the app.
     * Only the VM's own flags ({@code -X...}) are printed: a {@code -D} property may hold a password.
     */
    static void printJvm() {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        System.out.printf("jvm      %s %s, heap initial %,d MiB, max %,d MiB, flags %s%n", System.getProperty("java.vm.name"),
                Runtime.version(), heap.getInit() >> 20, heap.getMax() >> 20,
                ManagementFactory.getRuntimeMXBean().getInputArguments().stream().filter(f -> f.startsWith("-X")).toList());
    }

    static String service(int s) {
        return "svc-" + s;
    }

    String nodeId(int n) {
        return "node-" + n;
    }

    Heartbeat heartbeat(int n, long seq, boolean drifted, Instant sentAt) {
        return Heartbeat.newBuilder().setNodeId(nodeId(n)).setInstanceId("i-" + n).setBootId("boot-" + n)
                .setHostname("host-" + n).setService(service(n % services)).setEnvironment(ENV)
                .setLabels(Map.of("region", "eu-west-1", "rack", "r" + (n % 40)))
                .setArtifacts(List.of(Artifact.newBuilder().setName("app").setVersion(drifted ? "1.0" : "2.0")
                        .setDigest(drifted ? BAD : GOOD).build()))
                .setConfigHash(CONFIG)
                .setConfigFiles(reportedFiles)
                .setFlags(Map.of("new_checkout", "true", "dark_mode", "false")).setAgentVersion("bench")
                .setSequence(seq).setSentAt(sentAt).setIntervalMs(10_000).build();
    }

    /**
     * Declares every service and waits for each write. The sends must be checked: right after the topic is created the
     * broker can reject a new idempotent producer's first batches (transactions v2, "Expected sequence 0 ... with no
     * existing state"), and a fire-and-forget benchmark then ran every service undeclared (0 drift alerts).
     */
    void declareAll() throws Exception {
        // A rejected first batch is retried by the producer until its delivery timeout (2 min by default, and a run was
        // seen stuck that long on "Out of order sequence number"); a new producer (a new producer id) gets through.
        Map<String, Object> props = producerProps();
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15_000);
        for (int attempt = 1; ; attempt++) {
            try (KafkaProducer<String, Declaration> p = new KafkaProducer<>(props, new StringSerializer(),
                    topics.declarations().valueSerde().serializer())) {
                List<java.util.concurrent.Future<?>> sent = new java.util.ArrayList<>();
                for (int s = 0; s < services; s++) {
                    sent.add(p.send(new ProducerRecord<>(topics.declarations().name(), ENV + "/" + service(s),
                            declaration(s))));
                }
                for (java.util.concurrent.Future<?> f : sent) {
                    f.get();
                }
                return;
            } catch (java.util.concurrent.ExecutionException e) {
                if (attempt == 5) {
                    throw e;
                }
                System.err.println("declarations not written (" + e.getCause() + "), attempt " + attempt + " of 5");
            }
        }
    }

    private Declaration declaration(int s) {
        return Declaration.newBuilder().setService(service(s)).setEnvironment(ENV)
                .setArtifacts(List.of(Artifact.newBuilder().setName("app").setVersion("2.0").setDigest(GOOD).build()))
                .setConfigHash(CONFIG)
                .setFlags(List.of(DeclaredFlag.newBuilder().setName("new_checkout").setValue("true").build(),
                        DeclaredFlag.newBuilder().setName("dark_mode").setValue("false").build()))
                .setHeartbeatIntervalMs(10_000).setMissedIntervals(360).setGitCommit("bench")
                .setDeclaredAt(Instant.now()).build();
    }

    Map<String, Object> producerProps() {
        Map<String, Object> p = new HashMap<>(clientProps);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        return p;
    }

    /** A heartbeat producer that places heartbeats as the agents do: in their service's partition. */
    KafkaProducer<String, Heartbeat> heartbeatProducer() {
        return heartbeatProducer(true);
    }

    /** {@code byService} false: Kafka's default placement by key (node id), as a producer without the partitioner. */
    KafkaProducer<String, Heartbeat> heartbeatProducer(boolean byService) {
        Map<String, Object> p = producerProps();
        if (byService) {
            p.put(ProducerConfig.PARTITIONER_CLASS_CONFIG, HeartbeatPartitioner.class.getName());
        }
        return new KafkaProducer<>(p, new StringSerializer(), topics.heartbeats().valueSerde().serializer());
    }

    /**
     * Writes {@code n} heartbeats, node after node ({@code i % nodes}), each node's sequence going up by one per round;
     * every {@code driftEvery}-th node runs the drifted artifact. Placed by service (as the agents place them) or by key.
     * Returns the seconds it took.
     */
    double preload(int n, int driftEvery, boolean byService) {
        Instant t0 = Instant.now();
        java.util.concurrent.atomic.AtomicLong failed = new java.util.concurrent.atomic.AtomicLong();
        try (KafkaProducer<String, Heartbeat> p = heartbeatProducer(byService)) {
            Instant base = Instant.now();
            for (int i = 0; i < n; i++) {
                int node = i % nodes;
                Heartbeat hb = heartbeat(node, i / nodes + 1L, node % driftEvery == 0,
                        base.plusMillis(i / Math.max(1, nodes / 10)));
                p.send(new ProducerRecord<>(topics.heartbeats().name(), hb.getNodeId(), hb), (m, e) -> {
                    if (e != null) {
                        failed.incrementAndGet();
                    }
                });
            }
            p.flush();
        }
        if (failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " heartbeats could not be pre-loaded");
        }
        return Duration.between(t0, Instant.now()).toMillis() / 1000.0;
    }

    FleetAuditStreamsApp app(String guarantee, int detectPartitions) throws Exception {
        return app(guarantee, detectPartitions, Map.of());
    }

    FleetAuditStreamsApp app(String guarantee, int detectPartitions, Map<String, String> extra) throws Exception {
        return app(guarantee, detectPartitions, extra, "bench-" + System.nanoTime(), tempDir("fa-bench-state-"));
    }

    /** An app with the given application id and state directory (the same two again: a restart). */
    FleetAuditStreamsApp app(String guarantee, int detectPartitions, Map<String, String> extra, String applicationId,
                             Path stateDir) {
        Map<String, Object> p = new HashMap<>(clientProps);
        p.put("application.id", applicationId);
        p.put("state.dir", stateDir.toString());
        p.put("processing.guarantee", guarantee);
        p.put("fleet.metrics.port", "-1");
        p.put("fleet.detect.partitions", Integer.toString(detectPartitions));
        p.put("num.stream.threads", "2");
        p.putAll(extra);
        return new FleetAuditStreamsApp(p);
    }

    /** Benchmark arguments {@code set.<key>=value} become app properties {@code <key>=value} (tuning experiments). */
    static Map<String, String> passThrough(Map<String, String> args) {
        return passThrough(args, "set.");
    }

    /** The arguments that start with {@code prefix}, as app properties (the prefix taken off). */
    static Map<String, String> passThrough(Map<String, String> args, String prefix) {
        Map<String, String> out = new HashMap<>();
        args.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k.substring(prefix.length()), v);
            }
        });
        return out;
    }

    static void awaitTrue(String what, Duration timeout, java.util.function.BooleanSupplier cond) throws InterruptedException {
        Instant end = Instant.now().plus(timeout);
        while (!cond.getAsBoolean()) {
            if (Instant.now().isAfter(end)) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            Thread.sleep(20); // a benchmark loop polling a counter, not a test waiting for a result
        }
    }

    /**
     * A temporary directory deleted on close: a 1M-heartbeat run leaves 1.4-2.1 GB of broker logs and state, and
     * runs that kept theirs filled the shared disk.
     */
    Path tempDir(String prefix) throws java.io.IOException {
        Path dir = Files.createTempDirectory(prefix);
        tempDirs.add(dir);
        return dir;
    }

    @Override
    public void close() {
        registry.close();
        kafka.close();
        for (Path dir : tempDirs) {
            try {
                Directories.deleteRecursively(dir);
            } catch (java.io.UncheckedIOException e) {
                System.err.println("could not delete " + dir + ": " + e);
            }
        }
    }
}
