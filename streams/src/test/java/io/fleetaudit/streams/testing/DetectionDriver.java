package io.fleetaudit.streams.testing;

import io.fleetaudit.contracts.Alert;
import io.fleetaudit.contracts.AlertStatus;
import io.fleetaudit.contracts.AuditEvent;
import io.fleetaudit.contracts.DeadLetter;
import io.fleetaudit.contracts.Declaration;
import io.fleetaudit.contracts.Exemption;
import io.fleetaudit.contracts.Heartbeat;
import io.fleetaudit.contracts.NodeStatus;
import io.fleetaudit.schemas.registry.MockSchemaRegistryClient;
import io.fleetaudit.schemas.registry.SchemaRegistryClient;
import io.fleetaudit.schemas.topics.TopicCatalogue;
import io.fleetaudit.streams.FleetAuditTopology;
import io.fleetaudit.streams.StreamsAppConfig;
import io.fleetaudit.streams.StreamsMetrics;
import io.fleetaudit.streams.detect.DeclarationSnapshot;
import io.fleetaudit.streams.detect.DetectionSettings;
import io.fleetaudit.streams.detect.StoreNames;
import io.fleetaudit.testkit.Directories;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * TopologyTestDriver around the real topology with a mock:// registry, a MutableClock and fixed timestamps.
 * Collects every output so tests can assert on alerts, statuses and audit events.
 */
public final class DetectionDriver implements AutoCloseable {
    public final MutableClock clock = new MutableClock(Fixtures.T0);
    public final StreamsMetrics metrics = new StreamsMetrics(new SimpleMeterRegistry());
    public final TopologyTestDriver driver;
    public final TopicCatalogue topics;
    private final String registryScope;
    /** The driver's state directory; close() removes it (the driver itself leaves it behind, empty). */
    private final Path stateDir = Path.of(System.getProperty("java.io.tmpdir"), "fa-tt-" + UUID.randomUUID());
    private final TestInputTopic<String, Heartbeat> heartbeats;
    private final TestInputTopic<String, Declaration> declarations;
    private final TestInputTopic<String, Exemption> exemptions;
    private final TestOutputTopic<String, Alert> alertsOut;
    private final TestOutputTopic<String, NodeStatus> statusOut;
    private final TestOutputTopic<String, AuditEvent> auditOut;
    private final TestOutputTopic<String, DeadLetter> dlqOut;
    public final List<Alert> alerts = new ArrayList<>();
    public final List<NodeStatus> statuses = new ArrayList<>();
    public final List<AuditEvent> audit = new ArrayList<>();
    public final List<DeadLetter> deadLetters = new ArrayList<>();

    public DetectionDriver() {
        this(DetectionSettings.defaults());
    }

    public DetectionDriver(DetectionSettings settings) {
        this(settings, DeclarationSnapshot.empty());
    }

    public DetectionDriver(DetectionSettings settings, DeclarationSnapshot snapshot) {
        this(settings, snapshot, 1);
    }

    /**
     * {@code partitions}: fleet.detect.partitions, and the input topics' count. The test driver delivers every input
     * record as partition 0, so a service placed in another partition takes the repartition topic (see
     * {@link #repartitioned()}), as a record placed by another producer would.
     */
    public DetectionDriver(DetectionSettings settings, DeclarationSnapshot snapshot, int partitions) {
        registryScope = "detection-" + UUID.randomUUID();
        Map<String, Object> cfg = Map.of("schema.registry.url", "mock://" + registryScope,
                "bootstrap.servers", "unused:9092");
        topics = TopicCatalogue.from(cfg);
        Properties props = new Properties();
        props.putAll(new StreamsAppConfig(cfg).streamsProperties());
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "detection-test");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
        props.put(StreamsAppConfig.INTERNAL_METRICS, metrics);
        driver = new TopologyTestDriver(FleetAuditTopology.buildTopology(topics, clock, settings, partitions,
                new FleetAuditTopology.InputPartitions(partitions, partitions), metrics, snapshot),
                props,
                Fixtures.T0);
        heartbeats = driver.createInputTopic(topics.heartbeats().name(), Serdes.String().serializer(),
                topics.heartbeats().valueSerde().serializer());
        declarations = driver.createInputTopic(topics.declarations().name(), Serdes.String().serializer(),
                topics.declarations().valueSerde().serializer());
        exemptions = driver.createInputTopic(topics.exemptions().name(), Serdes.String().serializer(),
                topics.exemptions().valueSerde().serializer());
        alertsOut = driver.createOutputTopic(topics.alerts().name(), Serdes.String().deserializer(),
                topics.alerts().valueSerde().deserializer());
        statusOut = driver.createOutputTopic(topics.nodeStatus().name(), Serdes.String().deserializer(),
                topics.nodeStatus().valueSerde().deserializer());
        auditOut = driver.createOutputTopic(topics.audit().name(), Serdes.String().deserializer(),
                topics.audit().valueSerde().deserializer());
        dlqOut = driver.createOutputTopic(topics.heartbeatsDlq().name(), Serdes.String().deserializer(),
                topics.heartbeatsDlq().valueSerde().deserializer());
    }

    /** Whether anything was written to the repartition topic (records not in their service's partition). */
    public boolean repartitioned() {
        return driver.producedTopicNames().stream()
                .anyMatch(t -> t.endsWith("-" + FleetAuditTopology.DETECTION_INPUTS_BY_SERVICE + "-repartition"));
    }

    /** The in-memory registry the topology's serdes use (e.g. to register a writer schema a test frames by hand). */
    public SchemaRegistryClient registry() {
        return MockSchemaRegistryClient.forScope(registryScope);
    }

    public Instant now() {
        return clock.instant();
    }

    /** Sends a heartbeat stamped "now" (sentAt and record timestamp). */
    public void beat(Heartbeat.Builder hb) {
        Heartbeat h = hb.setSentAt(now()).build();
        heartbeats.pipeInput(h.getNodeId(), h, now());
        drain();
    }

    public void beatRaw(String key, Heartbeat h, Instant recordTimestamp) {
        heartbeats.pipeInput(key, h, recordTimestamp);
        drain();
    }

    public void pipeRawHeartbeatBytes(String key, byte[] value) {
        driver.createInputTopic(topics.heartbeats().name(), Serdes.String().serializer(),
                Serdes.ByteArray().serializer()).pipeInput(key, value, now());
        drain();
    }

    public void declare(Declaration d) {
        declarations.pipeInput(d.getEnvironment() + "/" + d.getService(), d, now());
        drain();
    }

    /** Pipes a declaration record with the given record timestamp. */
    public void declareAt(Declaration d, Instant recordTimestamp) {
        declarations.pipeInput(d.getEnvironment() + "/" + d.getService(), d, recordTimestamp);
        drain();
    }

    public void undeclare(String envService) {
        declarations.pipeInput(envService, null, now());
        drain();
    }

    public void exempt(Exemption e) {
        exemptions.pipeInput(e.getId(), e, now());
        drain();
    }

    /** Moves the test clock and the driver's wall clock together (runs due punctuations). */
    public void advance(Duration d) {
        clock.advance(d);
        driver.advanceWallClockTime(d);
        drain();
    }

    public void drain() {
        alerts.addAll(alertsOut.readValuesToList());
        statuses.addAll(statusOut.readValuesToList());
        audit.addAll(auditOut.readValuesToList());
        deadLetters.addAll(dlqOut.readValuesToList());
    }

    /** "STATUS RULE subject" for every alert event so far, in order. */
    public List<String> alertLog() {
        return alerts.stream().map(a -> a.getStatus() + " " + a.getRule() + " " + a.getSubject()).toList();
    }

    public List<Alert> firing() {
        return alerts.stream().filter(a -> a.getStatus() == AlertStatus.FIRING).toList();
    }

    public KeyValueStore<String, NodeStatus> statusStore() {
        return driver.getKeyValueStore(StoreNames.NODE_STATUS);
    }

    public KeyValueStore<String, Alert> alertStore() {
        return driver.getKeyValueStore(StoreNames.ALERTS);
    }

    /** node-heartbeat-store: environment/service|nodeId to the heartbeat's Confluent wire bytes. */
    public KeyValueStore<String, byte[]> heartbeatStore() {
        return driver.getKeyValueStore(StoreNames.HEARTBEATS);
    }

    public KeyValueStore<String, Declaration> declarationStore() {
        return driver.getKeyValueStore(StoreNames.DECLARATIONS);
    }

    @Override
    public void close() {
        driver.close();
        Directories.deleteRecursively(stateDir);
    }
}
