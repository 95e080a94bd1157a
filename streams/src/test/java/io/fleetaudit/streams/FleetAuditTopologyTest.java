package io.fleetaudit.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetaudit.schemas.topics.TopicCatalogue;
import io.fleetaudit.streams.detect.DetectionSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.Map;
import java.util.TreeSet;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;

/** describe() regression test: processor, store and topic names are a contract (changelogs, query API, ops). */
class FleetAuditTopologyTest {
    private final TopologyDescription description = FleetAuditTopology.buildTopology(
            TopicCatalogue.from(Map.of("schema.registry.url", "mock://describe")), Clock.systemUTC(),
            DetectionSettings.defaults(), 6, new StreamsMetrics(new SimpleMeterRegistry())).describe();

    @Test
    void shouldPinTheTopology() {
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
        assertThat(String.join("\n", lines)).isEqualTo(String.join("\n", new TreeSet<>(java.util.List.of(
                "0 heartbeats-source <- [fleet.heartbeats.v1]",
                "0 heartbeats-drop-tombstones stores []",
                "0 heartbeats-key-by-service stores []",
                "0 declarations-source <- [fleet.declarations.v1]",
                "0 declarations-drop-keyless stores []",
                "0 declarations-tag stores []",
                "0 detection-inputs stores []",
                "0 detection-inputs-by-service-repartition-filter stores []",
                "0 detection-inputs-by-service-repartition-sink -> detection-inputs-by-service-repartition",
                "1 detection-inputs-by-service-repartition-source <- [detection-inputs-by-service-repartition]",
                "1 detection-inputs-decode stores []",
                "1 detect stores [alert-store, declaration-store, exemption-phase-store, node-heartbeat-store, "
                        + "node-status-store]",
                "1 outputs- stores []",
                "1 outputs-status stores []",
                "1 outputs-alerts stores []",
                "1 outputs-audit stores []",
                "1 as-node-status stores []",
                "1 as-alert stores []",
                "1 as-audit stores []",
                "1 node-status-sink -> fleet.node-status.v1",
                "1 alerts-sink -> fleet.alerts.v1",
                "1 audit-sink -> fleet.audit.v1",
                "global [fleet.exemptions.v1] exemptions-source [exemption-store]"))));
    }
}
