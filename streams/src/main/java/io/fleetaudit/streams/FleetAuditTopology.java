package io.fleetaudit.streams;

import io.fleetaudit.contracts.Alert;
import io.fleetaudit.contracts.AuditEvent;
import io.fleetaudit.contracts.Declaration;
import io.fleetaudit.contracts.Exemption;
import io.fleetaudit.contracts.Heartbeat;
import io.fleetaudit.contracts.NodeStatus;
import io.fleetaudit.schemas.serde.SpecificAvroDeserializer;
import io.fleetaudit.schemas.topics.TopicCatalogue;
import io.fleetaudit.schemas.topics.TopicSpec;
import io.fleetaudit.streams.detect.DeclarationSnapshot;
import io.fleetaudit.streams.detect.DetectionInput;
import io.fleetaudit.streams.detect.DetectionOutput;
import io.fleetaudit.streams.detect.DetectionOutput.Kind;
import io.fleetaudit.streams.detect.DetectionProcessor;
import io.fleetaudit.streams.detect.DetectionSettings;
import io.fleetaudit.streams.detect.ExemptionStoreUpdater;
import io.fleetaudit.streams.detect.HeartbeatKeying;
import io.fleetaudit.streams.detect.HeartbeatValidator;
import io.fleetaudit.streams.detect.StoreNames;
import java.time.Clock;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Builds the detection topology. Input: the topic catalogue (names + serdes), a clock, the app config and the
 * metrics. Output: a Topology that reads heartbeats, declarations and exemptions and writes node statuses,
 * alerts and audit events. Heartbeats and declarations are keyed by environment/service into ONE named
 * repartition topic (tagged values, see DetectionInput) so that one task owns a whole service; every processor, store and internal topic has
 * an explicit name (pinned by FleetAuditTopologyTest). See streams/DESIGN.md for the picture.
 */
public final class FleetAuditTopology {
    public static final String DETECTION_INPUTS_BY_SERVICE = "detection-inputs-by-service";
    public static final String DETECT = "detect";

    private FleetAuditTopology() {
    }

    public static Topology buildTopology(TopicCatalogue topics, Clock clock, StreamsAppConfig config,
                                         StreamsMetrics metrics) {
        return buildTopology(topics, clock, config, metrics, DeclarationSnapshot.empty());
    }

    /** {@code snapshot}: the declarations published before start-up (FleetAuditStreamsApp reads them; see its doc). */
    public static Topology buildTopology(TopicCatalogue topics, Clock clock, StreamsAppConfig config,
                                         StreamsMetrics metrics, DeclarationSnapshot snapshot) {
        return buildTopology(topics, clock, config.detectionSettings(), config.detectPartitions(), metrics, snapshot);
    }

    public static Topology buildTopology(TopicCatalogue topics, Clock clock, DetectionSettings settings,
                                         int detectPartitions, StreamsMetrics metrics) {
        return buildTopology(topics, clock, settings, detectPartitions, metrics, DeclarationSnapshot.empty());
    }

    public static Topology buildTopology(TopicCatalogue topics, Clock clock, DetectionSettings settings,
                                         int detectPartitions, StreamsMetrics metrics, DeclarationSnapshot snapshot) {
        StreamsBuilder builder = new StreamsBuilder();
        Serde<String> str = Serdes.String();
        TopicSpec<String, Heartbeat> hbSpec = topics.heartbeats();
        TopicSpec<String, Declaration> declSpec = topics.declarations();
        TopicSpec<String, Exemption> exSpec = topics.exemptions();
        TopicSpec<String, NodeStatus> statusSpec = topics.nodeStatus();
        TopicSpec<String, Alert> alertSpec = topics.alerts();
        TopicSpec<String, AuditEvent> auditSpec = topics.audit();

        // Heartbeats are keyed by service on their identity fields alone (a projection: the rest is skipped, not built),
        // and the original bytes travel through the repartition topic, decoded in full once after it. Declarations
        // (rare) share that one topic, tagged, so the detect task has a single input partition (see DetectionInput).
        Deserializer<Heartbeat> hbDecoder = hbSpec.valueSerde().deserializer();
        if (!(hbDecoder instanceof SpecificAvroDeserializer<Heartbeat> hbAvro)) {
            throw new IllegalArgumentException("the heartbeats topic needs fleet-audit's Avro serde, not "
                    + hbDecoder.getClass().getName());
        }
        Deserializer<GenericRecord> hbIdentity = hbAvro.projection(HeartbeatValidator.IDENTITY_FIELDS);
        Serializer<Declaration> declEncoder = declSpec.valueSerde().serializer();
        Deserializer<Declaration> declDecoder = declSpec.valueSerde().deserializer();
        KStream<String, byte[]> heartbeats = builder
                .stream(hbSpec.name(), Consumed.with(hbSpec.keySerde(), Serdes.ByteArray()).withName("heartbeats-source"))
                .filter((k, v) -> v != null, Named.as("heartbeats-drop-tombstones"))
                .process(() -> new HeartbeatKeying(hbSpec.name(), hbIdentity), Named.as("heartbeats-key-by-service"));

        KStream<String, byte[]> declarations = builder
                .stream(declSpec.name(), Consumed.with(declSpec.keySerde(), declSpec.valueSerde())
                        .withName("declarations-source"))
                .filter((k, v) -> k != null, Named.as("declarations-drop-keyless"))
                .mapValues(v -> DetectionInput.declaration(v == null ? null : declEncoder.serialize(declSpec.name(), v)),
                        Named.as("declarations-tag"));

        KStream<String, Object> inputs = heartbeats.merge(declarations, Named.as("detection-inputs"))
                .repartition(Repartitioned.<String, byte[]>as(DETECTION_INPUTS_BY_SERVICE).withKeySerde(str)
                        .withValueSerde(Serdes.ByteArray()).withNumberOfPartitions(detectPartitions))
                .mapValues((k, tagged) -> DetectionInput.decode(k, tagged, hbSpec.name(), hbDecoder, declSpec.name(),
                        declDecoder), Named.as("detection-inputs-decode"));

        builder.addStateStore(store(StoreNames.NODE_STATUS, statusSpec.valueSerde()));
        builder.addStateStore(store(StoreNames.ALERTS, alertSpec.valueSerde()));
        builder.addStateStore(store(StoreNames.DECLARATIONS, declSpec.valueSerde()));
        builder.addStateStore(store(StoreNames.HEARTBEATS, hbSpec.valueSerde()));
        builder.addStateStore(store(StoreNames.EXEMPTION_PHASES, Serdes.String()));
        builder.addGlobalStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.EXEMPTIONS), str,
                        exSpec.valueSerde()).withLoggingDisabled(), exSpec.name(),
                Consumed.with(exSpec.keySerde(), exSpec.valueSerde()).withName("exemptions-source"),
                ExemptionStoreUpdater::new);

        KStream<String, DetectionOutput> out = inputs
                .process(() -> new DetectionProcessor(clock, settings, metrics, snapshot), Named.as(DETECT),
                        StoreNames.NODE_STATUS, StoreNames.ALERTS, StoreNames.DECLARATIONS, StoreNames.HEARTBEATS,
                        StoreNames.EXEMPTION_PHASES);

        out.split(Named.as("outputs-"))
                .branch((k, v) -> v.kind() == Kind.STATUS, Branched.withConsumer(s -> s
                        .mapValues(v -> (NodeStatus) v.value(), Named.as("as-node-status"))
                        .to(statusSpec.name(), Produced.with(statusSpec.keySerde(), statusSpec.valueSerde())
                                .withName("node-status-sink")), "status"))
                .branch((k, v) -> v.kind() == Kind.ALERT, Branched.withConsumer(s -> s
                        .mapValues(v -> (Alert) v.value(), Named.as("as-alert"))
                        .to(alertSpec.name(), Produced.with(alertSpec.keySerde(), alertSpec.valueSerde())
                                .withName("alerts-sink")), "alerts"))
                .defaultBranch(Branched.withConsumer(s -> s
                        .mapValues(v -> (AuditEvent) v.value(), Named.as("as-audit"))
                        .to(auditSpec.name(), Produced.with(auditSpec.keySerde(), auditSpec.valueSerde())
                                .withName("audit-sink")), "audit"));
        return builder.build();
    }

    private static <V> StoreBuilder<KeyValueStore<String, V>> store(String name, Serde<V> valueSerde) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), valueSerde);
    }
}
