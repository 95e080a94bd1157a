package io.fleetaudit.testkit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.metadata.bootstrap.BootstrapMetadata;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * A real single-node Kafka (KRaft, combined broker+controller, PLAINTEXT on 127.0.0.1) in this JVM, built on
 * Kafka's own {@code KafkaClusterTestKit}. Input: a data directory (kept) or none (a temp directory deleted
 * on {@link #close()}), optionally a fixed client port and broker overrides. Output: {@link #bootstrapServers()}.
 * {@link #stop()} and {@link #restart()} simulate a broker outage: the restarted broker reuses the data
 * directory (topics, records, committed offsets and transactions survive) and the client port. Starting again
 * on a data directory an earlier instance left behind resumes it the same way.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
    /** Combined node id 0: KafkaClusterTestKit keeps its metadata and logs here under the data directory. */
    private static final String NODE_DIR = "combined_0_0";

    private final Path dataDir;
    private final boolean deleteDataDirOnClose;
    private final Map<String, String> overrides;
    private int port;
    private String clusterId;
    private KafkaClusterTestKit cluster;
    private Duration lastStartupTime = Duration.ZERO;
    private boolean closed;

    private EmbeddedKafka(Path dataDir, boolean deleteDataDirOnClose, int port, Map<String, String> overrides) {
        this.dataDir = dataDir.toAbsolutePath();
        this.deleteDataDirOnClose = deleteDataDirOnClose;
        this.port = port;
        this.overrides = Map.copyOf(overrides);
    }

    /** Starts a broker in a fresh temp directory (deleted on close), on a free port. */
    public static EmbeddedKafka start() {
        try {
            Path dir = Files.createTempDirectory("fleet-audit-kafka-");
            return boot(new EmbeddedKafka(dir, true, 0, Map.of()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temp directory for the embedded broker", e);
        }
    }

    /** Starts (or resumes) a broker whose data lives in {@code dataDir} (kept on close), on a free port. */
    public static EmbeddedKafka start(Path dataDir) {
        return start(dataDir, 0);
    }

    /** Starts (or resumes) a broker on {@code dataDir} listening on {@code port} (0 = a free port). */
    public static EmbeddedKafka start(Path dataDir, int port) {
        return start(dataDir, port, Map.of());
    }

    /**
     * Starts (or resumes) a broker on {@code dataDir} and {@code port} with broker config {@code overrides}
     * (Kafka server property names) applied on top of the single-node defaults.
     */
    public static EmbeddedKafka start(Path dataDir, int port, Map<String, String> overrides) {
        Objects.requireNonNull(dataDir, "dataDir");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, was " + port);
        }
        return boot(new EmbeddedKafka(dataDir, false, port, overrides));
    }

    private static EmbeddedKafka boot(EmbeddedKafka kafka) {
        try {
            kafka.startCluster();
            return kafka;
        } catch (RuntimeException e) {
            kafka.close();
            throw e;
        }
    }

    /** {@code 127.0.0.1:<port>}; stays the same across {@link #stop()} / {@link #restart()}. */
    public synchronized String bootstrapServers() {
        return BrokerDefaults.HOST + ":" + port;
    }

    /** The client port (known once the broker has started). */
    public synchronized int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    public synchronized String clusterId() {
        return clusterId;
    }

    public synchronized boolean isRunning() {
        return cluster != null;
    }

    /** Wall-clock time of the last (re)start, from building the node to the broker being ready. */
    public synchronized Duration lastStartupTime() {
        return lastStartupTime;
    }

    /** A new admin client for this broker; the caller closes it. */
    public Admin createAdmin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
    }

    /** Stops the broker, keeping its data directory and port for {@link #restart()}. No-op when stopped. */
    public synchronized void stop() {
        if (cluster == null) {
            return;
        }
        KafkaClusterTestKit running = cluster;
        cluster = null;
        try {
            running.close();
            LOG.info("embedded Kafka on {} stopped", bootstrapServers());
        } catch (Exception e) {
            throw new IllegalStateException("embedded Kafka did not stop cleanly", e);
        }
    }

    /** Starts the broker again on the same data directory and port (stopping it first if it runs). */
    public synchronized void restart() {
        if (closed) {
            throw new IllegalStateException("embedded Kafka is closed");
        }
        stop();
        startCluster();
    }

    /** Stops the broker; deletes the data directory only if it was a temp directory made by {@link #start()}. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            stop();
        } finally {
            if (deleteDataDirOnClose) {
                deleteRecursively(dataDir);
            }
        }
    }

    private synchronized void startCluster() {
        long started = System.nanoTime();
        Optional<String> existing = existingClusterId(dataDir);
        clusterId = existing.orElseGet(() -> Uuid.randomUuid().toString());
        KafkaClusterTestKit kit = null;
        try {
            Files.createDirectories(dataDir);
            TestKitNodes nodes = new TestKitNodes.Builder(productionBootstrapMetadata())
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .setBaseDirectory(dataDir)
                    .setClusterId(clusterId)
                    .build();
            // deleteOnClose=false: stop() must keep the data for restart(); close() deletes temp dirs itself.
            KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes).setDeleteOnClose(false);
            Map<String, String> props = new LinkedHashMap<>(BrokerDefaults.forPort(port));
            props.putAll(overrides);
            props.forEach(builder::setConfigProp);
            kit = builder.build();
            if (existing.isEmpty()) {
                kit.format();
            }
            kit.startup();
            kit.waitForReadyBrokers();
            port = kit.brokers().values().iterator().next()
                    .boundPort(ListenerName.normalised(BrokerDefaults.CLIENT_LISTENER));
            cluster = kit;
        } catch (Exception e) {
            closeQuietly(kit);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("embedded Kafka failed to start in " + dataDir
                    + (port == 0 ? "" : " on port " + port) + ": " + e.getMessage(), e);
        }
        lastStartupTime = Duration.ofNanos(System.nanoTime() - started);
        LOG.info("embedded Kafka {} on {} ({}) ready in {} ms", clusterId, bootstrapServers(),
                existing.isPresent() ? "resumed" : "formatted", lastStartupTime.toMillis());
    }

    /** The latest production metadata version with its default feature levels (transactions v2 included). */
    private static BootstrapMetadata productionBootstrapMetadata() {
        MetadataVersion version = MetadataVersion.latestProduction();
        Map<String, Short> features = new TreeMap<>();
        for (Feature feature : Feature.PRODUCTION_FEATURES) {
            features.put(feature.featureName(), feature.defaultLevel(version));
        }
        return BootstrapMetadata.fromVersions(version, features, "fleet-audit-testkit");
    }

    /** The cluster id a previous run formatted into {@code dataDir}, if any. */
    static Optional<String> existingClusterId(Path dataDir) {
        Path meta = dataDir.resolve(NODE_DIR).resolve("meta.properties");
        if (!Files.isRegularFile(meta)) {
            return Optional.empty();
        }
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(meta)) {
            props.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + meta, e);
        }
        String id = props.getProperty("cluster.id");
        if (id == null || id.isBlank()) {
            throw new IllegalStateException(meta + " has no cluster.id; not a Kafka data directory");
        }
        return Optional.of(id);
    }

    private static void closeQuietly(KafkaClusterTestKit kit) {
        if (kit == null) {
            return;
        }
        try {
            kit.close();
        } catch (Exception e) {
            LOG.warn("embedded Kafka: error while cleaning up a failed start", e);
        }
    }

    private static void deleteRecursively(Path dir) {
        try {
            Directories.deleteRecursively(dir);
        } catch (UncheckedIOException e) {
            LOG.warn("embedded Kafka: could not delete {}", dir, e);
        }
    }
}
