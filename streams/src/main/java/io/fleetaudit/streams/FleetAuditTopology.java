package io.fleetaudit.streams;

import io.fleetaudit.contracts.Alert;
import io.fleetaudit.contracts.AuditEvent;
import io.fleetaudit.contracts.Declaration;
import io.fleetaudit.contracts.Exemption;
import io.fleetaudit.contracts.Heartbeat;
import io.fleetaudit.contracts.NodeStatus;
import io.fleetaudit.schemas.serde.SpecificAvroDeserializer;
import io.fleetaudit.schemas.serde.SpecificAvroSerializer;
import io.fleetaudit.schemas.topics.TopicCatalogue;
import io.fleetaudit.schemas.topics.TopicSpec;
import io.fleetaudit.streams.detect.DeclarationRouting;
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
import io.fleetaudit.streams.detect.StoredHeartbeats;
import java.time.Clock;
import java.util.Map;
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
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Builds the detection topology. Input: the topic catalogue (names + serdes), a clock, the app config and the
 * metrics. Output: a Topology that reads heartbeats, declarations and exemptions and writes node statuses,
 * alerts and audit events. One task owns a whole environment/service: heartbeats and declarations in their service's
 * partition are detected where they land, the others reach it through ONE named repartition topic (tagged values, see
 * DetectionInput); every processor, store and internal topic has an explicit name (pinned by FleetAuditTopologyTest).
 * See streams/DESIGN.md for the picture.
 */
public final class FleetAuditTopology {
    public static final String DETECTION_INPUTS_BY_SERVICE = "detection-inputs-by-service";
    public static final String DETECT = "detect";

    private FleetAuditTopology() {
    }

    /** Partition counts of the heartbeats and declarations topics (0 = unknown). */
    public record InputPartitions(int heartbeats, int declarations) {
        /** {@code detectPartitions} if both topics have that many partitions (records can be detected in place), else 0. */
        int inPlace(int detectPartitions) {
            return heartbeats == detectPartitions && declarations == detectPartitions ? detectPartitions : 0;
        }
    }

    /** A topology for input topics with fleet.detect.partitions partitions, as the topic catalogue creates them. */
    public static Topology buildTopology(TopicCatalogue topics, Clock clock, StreamsAppConfig config,
                                         StreamsMetrics metrics) {
        return buildTopology(topics, clock, config, metrics, DeclarationSnapshot.empty(),
                new InputPartitions(config.detectPartitions(), config.detectPartitions()));
    }

    /**
     * {@code snapshot}: the declarations published before start-up (FleetAuditStreamsApp reads them; see its doc);
     * {@code partitions}: the input topics' partition counts (heartbeats and declarations are detected where they land
     * only if both equal fleet.detect.partitions).
     */
    public static Topology buildTopology(TopicCatalogue topics, Clock clock, StreamsAppConfig config,
                                         StreamsMetrics metrics, DeclarationSnapshot snapshot, InputPartitions partitions) {
        return buildTopology(topics, clock, config.detectionSettings(), config.detectPartitions(), partitions, metrics,
                snapshot, config.inMemoryStores());
    }

    /** A topology for input topics with {@code detectPartitions} partitions, as the topic catalogue creates them. */
    public static Topology buildTopology(TopicCatalogue topics, Clock clock, DetectionSettings settings,
                                         int detectPartitions, StreamsMetrics metrics) {
        return buildTopology(topics, clock, settings, detectPartitions,
                new InputPartitions(detectPartitions, detectPartitions), metrics, DeclarationSnapshot.empty());
    }

    public static Topology buildTopology(TopicCatalogue topics, Clock clock, DetectionSettings settings,
                                         int detectPartitions, InputPartitions partitions, StreamsMetrics metrics,
                                         DeclarationSnapshot snapshot) {
        return buildTopology(topics, clock, settings, detectPartitions, partitions, metrics, snapshot,
                StreamsAppConfig.STORES_IN_MEMORY.equals(StreamsAppConfig.DEFAULT_STATE_STORES));
    }

    /**
     * {@code inMemoryStores}: every store keeps its data on the heap (fleet.state.stores=in_memory, the default) rather
     * than in RocksDB; the changelogs are the same either way.
     */
    public static Topology buildTopology(TopicCatalogue topics, Clock clock, DetectionSettings settings,
                                         int detectPartitions, InputPartitions partitions, StreamsMetrics metrics,
                                         DeclarationSnapshot snapshot, boolean inMemoryStores) {
        StreamsBuilder builder = new StreamsBuilder();
        Serde<String> str = Serdes.String();
        TopicSpec<String, Heartbeat> hbSpec = topics.heartbeats();
        TopicSpec<String, Declaration> declSpec = topics.declarations();
        TopicSpec<String, Exemption> exSpec = topics.exemptions();
        TopicSpec<String, NodeStatus> statusSpec = topics.nodeStatus();
        TopicSpec<String, Alert> alertSpec = topics.alerts();
        TopicSpec<String, AuditEvent> auditSpec = topics.audit();

        // Heartbeats are keyed by service on their identity fields alone (a projection: the rest is skipped, not built).
        // When the heartbeats and declarations topics have the detection's partition count, task p reads partition p of
        // both and owns the services placed there: a heartbeat or declaration in its service's partition (the agents and
        // a producer keyed by service place them so, see HeartbeatPartitioner) goes straight to the detect processor of
        // this task. Any other travels, tagged (see DetectionInput), through the repartition topic to the task that owns
        // its service; heartbeats keep their original bytes there and are decoded in full after it. With other counts
        // everything is repartitioned, in a second sub-topology, as the query API's key routing expects of the stores.
        Deserializer<Heartbeat> hbDecoder = hbSpec.valueSerde().deserializer();
        if (!(hbDecoder instanceof SpecificAvroDeserializer<Heartbeat> hbAvro)) {
            throw new IllegalArgumentException("the heartbeats topic needs fleet-audit's Avro serde, not "
                    + hbDecoder.getClass().getName());
        }
        Deserializer<GenericRecord> hbIdentity = hbAvro.projection(HeartbeatValidator.IDENTITY_FIELDS);
        Serializer<Declaration> declEncoder = declSpec.valueSerde().serializer();
        Deserializer<Declaration> declDecoder = declSpec.valueSerde().deserializer();
        int inPlace = partitions.inPlace(detectPartitions);
        KStream<String, Object> heartbeats = builder
                .stream(hbSpec.name(), Consumed.with(hbSpec.keySerde(), Serdes.ByteArray()).withName("heartbeats-source"))
                .filter((k, v) -> v != null, Named.as("heartbeats-drop-tombstones"))
                .process(() -> new HeartbeatKeying(hbSpec.name(), hbIdentity, hbDecoder, inPlace),
                        Named.as("heartbeats-key-by-service"));
        KStream<String, Object> declarations = builder
                .stream(declSpec.name(), Consumed.with(declSpec.keySerde(), declSpec.valueSerde())
                        .withName("declarations-source"))
                .filter((k, v) -> k != null, Named.as("declarations-drop-keyless"))
                .process(() -> new DeclarationRouting(declSpec.name(), declEncoder, inPlace), Named.as("declarations-tag"));
        KStream<String, Object> keyed = heartbeats.merge(declarations, Named.as("detection-inputs"));

        KStream<String, Object> inputs;
        if (inPlace == 0) {
            inputs = byService(keyed, detectPartitions, hbSpec.name(), hbDecoder, declSpec.name(), declDecoder);
        } else {
            Map<String, KStream<String, Object>> routed = keyed.split(Named.as("detection-inputs-"))
                    .branch((k, v) -> v instanceof byte[], Branched.as("elsewhere"))
                    .defaultBranch(Branched.as("in-place"));
            inputs = byService(routed.get("detection-inputs-elsewhere"), detectPartitions, hbSpec.name(), hbDecoder,
                    declSpec.name(), declDecoder)
                    .merge(routed.get("detection-inputs-in-place"), Named.as("detection-inputs-all"));
        }

        // The detect processor puts a status (an alert) into its store and sends the same instance to its topic right
        // after: one serde for both encodes it once.
        Serde<NodeStatus> statusSerde = encodedOnce(statusSpec.valueSerde());
        Serde<Alert> alertSerde = encodedOnce(alertSpec.valueSerde());
        builder.addStateStore(store(StoreNames.NODE_STATUS, statusSerde, inMemoryStores));
        builder.addStateStore(store(StoreNames.ALERTS, alertSerde, inMemoryStores));
        builder.addStateStore(store(StoreNames.DECLARATIONS, declSpec.valueSerde(), inMemoryStores));
        builder.addStateStore(store(StoreNames.HEARTBEATS, Serdes.ByteArray(), inMemoryStores)); // see StoredHeartbeats
        builder.addStateStore(store(StoreNames.EXEMPTION_PHASES, Serdes.String(), inMemoryStores));
        builder.addGlobalStore(Stores.keyValueStoreBuilder(supplier(StoreNames.EXEMPTIONS, inMemoryStores), str,
                        exSpec.valueSerde()).withLoggingDisabled(), exSpec.name(),
                Consumed.with(exSpec.keySerde(), exSpec.valueSerde()).withName("exemptions-source"),
                ExemptionStoreUpdater::new);

        KStream<String, DetectionOutput> out = inputs
                .process(() -> new DetectionProcessor(clock, settings, metrics, snapshot,
                                new StoredHeartbeats(hbSpec.valueSerde())), Named.as(DETECT),
                        StoreNames.NODE_STATUS, StoreNames.ALERTS, StoreNames.DECLARATIONS, StoreNames.HEARTBEATS,
                        StoreNames.EXEMPTION_PHASES);

        out.split(Named.as("outputs-"))
                .branch((k, v) -> v.kind() == Kind.STATUS, Branched.withConsumer(s -> s
                        .mapValues(v -> (NodeStatus) v.value(), Named.as("as-node-status"))
                        .to(statusSpec.name(), Produced.with(statusSpec.keySerde(), statusSerde)
                                .withName("node-status-sink")), "status"))
                .branch((k, v) -> v.kind() == Kind.ALERT, Branched.withConsumer(s -> s
                        .mapValues(v -> (Alert) v.value(), Named.as("as-alert"))
                        .to(alertSpec.name(), Produced.with(alertSpec.keySerde(), alertSerde)
                                .withName("alerts-sink")), "alerts"))
                .defaultBranch(Branched.withConsumer(s -> s
                        .mapValues(v -> (AuditEvent) v.value(), Named.as("as-audit"))
                        .to(auditSpec.name(), Produced.with(auditSpec.keySerde(), auditSpec.valueSerde())
                                .withName("audit-sink")), "audit"));
        return builder.build();
    }

    /** Tagged inputs through the repartition topic to the task that owns their service, decoded after it. */
    private static KStream<String, Object> byService(KStream<String, Object> tagged, int partitions, String hbTopic,
                                                     Deserializer<Heartbeat> hbDecoder, String declTopic,
                                                     Deserializer<Declaration> declDecoder) {
        return tagged.mapValues(v -> (byte[]) v, Named.as("detection-inputs-to-repartition"))
                .repartition(Repartitioned.<String, byte[]>as(DETECTION_INPUTS_BY_SERVICE).withKeySerde(Serdes.String())
                        .withValueSerde(Serdes.ByteArray()).withNumberOfPartitions(partitions))
                .mapValues((k, v) -> DetectionInput.decode(k, v, hbTopic, hbDecoder, declTopic, declDecoder),
                        Named.as("detection-inputs-decode"));
    }

    /**
     * {@code serde} with a serializer that reuses the encoding of the instance it encoded last on the same thread (see
     * SpecificAvroSerializer#reusingLastEncoding); a serde of another kind as it is.
     */
    @SuppressWarnings("unchecked")
    private static <V> Serde<V> encodedOnce(Serde<V> serde) {
        if (serde.serializer() instanceof SpecificAvroSerializer<?> avro) {
            return Serdes.serdeFrom((Serializer<V>) avro.reusingLastEncoding(), serde.deserializer());
        }
        return serde;
    }

    private static <V> StoreBuilder<KeyValueStore<String, V>> store(String name, Serde<V> valueSerde, boolean inMemory) {
        return Stores.keyValueStoreBuilder(supplier(name, inMemory), Serdes.String(), valueSerde);
    }

    private static KeyValueBytesStoreSupplier supplier(String name, boolean inMemory) {
        return inMemory ? Stores.inMemoryKeyValueStore(name) : Stores.persistentKeyValueStore(name);
    }
}
