package io.fleetaudit.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetaudit.schemas.topics.TopicCatalogue;
import io.fleetaudit.streams.detect.DeclarationSnapshot;
import io.fleetaudit.streams.detect.DetectionSettings;
import io.fleetaudit.streams.detect.StoreNames;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** describe() regression test: processor, store and topic names are a contract (changelogs, query API, ops). */
class FleetAuditTopologyTest {
    private static final TopicCatalogue TOPICS = TopicCatalogue.from(Map.of("schema.registry.url", "mock://describe"));

    private static TreeSet<String> describe(FleetAuditTopology.InputPartitions partitions) {
        TopologyDescription description = FleetAuditTopology.buildTopology(TOPICS, Clock.systemUTC(),
                DetectionSettings.defaults(), 6, partitions, new StreamsMetrics(new SimpleMeterRegistry()),
                DeclarationSnapshot.empty()).describe();
        TreeSet<String> lines = new TreeSet<>();
        for (TopologyDescription.Subtopology st : description.subtopologies()) {
            for (TopologyDescription.Node n : st.nodes()) {
                String extra = n instanceof TopologyDescription.Source s ? " <- " + s.topicSet()
                        : n instanceof TopologyDescription.Sink s ? " -> " + s.topic()
                        : n instanceof TopologyDescription.Processor p ? " stores " + new TreeSet<>(p.stores()) : "";
                lines.add(st.id() + " " + n.name() + extra);
            }
        }
        for (TopologyDescription.GlobalStore g : description.globalStores()) {
            lines.add("global " + g.source().topicSet() + " " + g.processor().name() + " " + g.processor().stores());
        }
        return lines;
    }

    /** The source side, the same in both layouts (sub-topology 0). */
    private static final List<String> SOURCES = List.of(
            "0 heartbeats-source <- [fleet.heartbeats.v1]",
            "0 heartbeats-drop-tombstones stores []",
            "0 heartbeats-key-by-service stores []",
            "0 declarations-source <- [fleet.declarations.v1]",
            "0 declarations-drop-keyless stores []",
            "0 declarations-tag stores []",
            "0 detection-inputs stores []",
            "0 detection-inputs-to-repartition stores []",
            "0 detection-inputs-by-service-repartition-filter stores []",
            "0 detection-inputs-by-service-repartition-sink -> detection-inputs-by-service-repartition",
            "global [fleet.exemptions.v1] exemptions-source [exemption-store]");

    /** The repartition topic's source, the detect processor and the outputs, in sub-topology {@code id}. */
    private static List<String> detect(int id) {
        return List.of(
                "detection-inputs-by-service-repartition-source <- [detection-inputs-by-service-repartition]",
                "detection-inputs-decode stores []",
                "detect stores [alert-store, declaration-store, exemption-phase-store, node-heartbeat-store, "
                        + "node-status-store]",
                "outputs- stores []",
                "outputs-status stores []",
                "outputs-alerts stores []",
                "outputs-audit stores []",
                "as-node-status stores []",
                "as-alert stores []",
                "as-audit stores []",
                "node-status-sink -> fleet.node-status.v1",
                "alerts-sink -> fleet.alerts.v1",
                "audit-sink -> fleet.audit.v1").stream().map(line -> id + " " + line).toList();
    }

    private static String pinned(List<String> sources, List<String> detect, String... more) {
        TreeSet<String> lines = new TreeSet<>(sources);
        lines.addAll(detect);
        lines.addAll(List.of(more));
        return String.join("\n", lines);
    }

    /** The default: input topics with the detection's partition count, so records in place are detected where they land. */
    @Test
    void shouldPinTheTopology() {
        assertThat(String.join("\n", describe(new FleetAuditTopology.InputPartitions(6, 6))))
                .isEqualTo(pinned(SOURCES, detect(0), "0 detection-inputs- stores []",
                        "0 detection-inputs-elsewhere stores []", "0 detection-inputs-in-place stores []",
                        "0 detection-inputs-all stores []"));
    }

    /**
     * Input topics with another partition count: everything is repartitioned into a second sub-topology, whose only
     * source is the repartition topic, so the query API's key routing (by the stores' source partitions) still holds.
     */
    @Test
    void shouldRepartitionEverythingWhenTheInputTopicsHaveAnotherPartitionCount() {
        assertThat(String.join("\n", describe(new FleetAuditTopology.InputPartitions(12, 6))))
                .isEqualTo(pinned(SOURCES, detect(1)));
        assertThat(String.join("\n", describe(new FleetAuditTopology.InputPartitions(6, 1))))
                .isEqualTo(pinned(SOURCES, detect(1)));
    }

    /** fleet.state.stores: every store on the heap by default, every one in RocksDB on request (same names either way). */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void shouldKeepEveryStoreWhereConfigured(boolean inMemory, @TempDir Path stateDir) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "stores");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        try (TopologyTestDriver driver = new TopologyTestDriver(FleetAuditTopology.buildTopology(TOPICS, Clock.systemUTC(),
                DetectionSettings.defaults(), 6, new FleetAuditTopology.InputPartitions(6, 6),
                new StreamsMetrics(new SimpleMeterRegistry()), DeclarationSnapshot.empty(), inMemory), props)) {
            for (String store : List.of(StoreNames.NODE_STATUS, StoreNames.ALERTS, StoreNames.DECLARATIONS,
                    StoreNames.HEARTBEATS, StoreNames.EXEMPTION_PHASES, StoreNames.EXEMPTIONS)) {
                assertThat(driver.getKeyValueStore(store).persistent()).as(store).isEqualTo(!inMemory);
            }
        }
    }
}
