package io.fleetaudit.streams;

import io.fleetaudit.streams.detect.DetectionSettings;
import io.fleetaudit.streams.errors.DeadLetterDeserializationHandler;
import io.fleetaudit.streams.errors.DeadLetterProcessingHandler;
import io.fleetaudit.streams.query.QueryConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The one typed configuration of the streams app. Input: a property map (e.g. streams.properties). Output: the
 * fleet.* detection settings and the Kafka Streams properties. Every key that does not start with {@code fleet.}
 * passes through untouched to Kafka Streams and the serdes (bootstrap.servers, security.protocol, ssl.*, sasl.*,
 * schema.registry.*, basic.auth.*, topics.*), so an SRE's existing client files just work. An unknown
 * {@code fleet.*} key fails at start-up naming the key and the allowed ones.
 */
public final class StreamsAppConfig extends AbstractConfig {
    public static final String PREFIX = "fleet.";
    public static final String DETECT_PARTITIONS = "fleet.detect.partitions";
    public static final String OUTLIER_MIN_GROUP_SIZE = "fleet.outlier.min.group.size";
    public static final String OUTLIER_MAJORITY_SHARE = "fleet.outlier.majority.share";
    public static final String MAX_CLOCK_SKEW_MS = "fleet.max.clock.skew.ms";
    public static final String MISSING_IDLE_FALLBACK_MS = "fleet.missing.idle.fallback.ms";
    public static final String MISSING_SETTLE_MS = "fleet.missing.settle.ms";
    public static final String UNDECLARED_GRACE_MS = "fleet.undeclared.grace.ms";
    public static final String PUNCTUATE_INTERVAL_MS = "fleet.punctuate.interval.ms";
    public static final String STATUS_REFRESH_MS = "fleet.status.refresh.ms";
    public static final String STATE_STORES = "fleet.state.stores";
    public static final String STORES_ROCKSDB = "rocksdb";
    public static final String STORES_IN_MEMORY = "in_memory";
    /** Where stores keep their data unless fleet.state.stores says otherwise (see streams/DESIGN.md, State stores). */
    public static final String DEFAULT_STATE_STORES = STORES_IN_MEMORY;
    public static final String HTTP_HOST = "fleet.http.host";
    public static final String METRICS_PORT = "fleet.metrics.port";
    public static final String QUERY_PORT = "fleet.query.port";
    /**
     * Under exactly_once_v2 a heartbeat's outputs become visible only at its task's commit (two commits for one placed
     * outside its service's partition: source -> repartition -> outputs); Kafka Streams' 100 ms default spends most of
     * the time committing.
     * 200 ms halves the commits and keeps the detection p99 well under a second.
     */
    static final long DEFAULT_EOS_COMMIT_INTERVAL_MS = 200L;
    /**
     * Under at_least_once a record is visible once it is sent, so batches wait at most 10 ms. (Kafka Streams overrides
     * the producer's linger.ms to 100 ms.)
     */
    static final int DEFAULT_PRODUCER_LINGER_MS = 10;
    /**
     * Under exactly_once_v2 nothing a batch holds is visible before its transaction commits, so waiting longer costs no
     * latency as long as a batch leaves well before the commit: linger.ms defaults to half the commit interval (100 ms
     * at the default 200 ms). As long as the whole interval (Kafka Streams' stock 100/100 ms), batches would only leave
     * when the commit flushes them and the commit would wait for the whole interval's produce round trip; at 10 ms (the
     * default before) a task that writes many records opens a batch per partition every 10 ms, and each new lz4 batch
     * allocates 128 KiB of buffers (half of all the bytes the stream threads allocated while first heartbeats were
     * processed) and costs the broker a request. Half the interval: 1.20-1.43 x the throughput at 1M heartbeats /
     * 100k nodes in two A/B runs, and the same detection latency (bench/README-streams.md, eighth pass).
     */
    static final int EOS_LINGER_SHARE_OF_COMMIT_INTERVAL = 2;
    /** Room for a commit interval's worth of records (~400 B heartbeats, statuses) per partition and request. */
    static final int DEFAULT_PRODUCER_BATCH_SIZE = 256 * 1024;
    /**
     * Each node's first heartbeat adds changelog, status and audit records, and heartbeats placed outside their service's
     * partition are written again to the repartition topic: uncompressed (and with every heartbeat repartitioned, as
     * then), the in-process broker of the throughput benchmark spent about a third of its request
     * handlers' time copying those bytes into the page cache. lz4 (what the agents send with) cut the broker's and the
     * producers' I/O threads' CPU per heartbeat by more than half there (bench/README-streams.md, fifth pass).
     */
    static final String DEFAULT_PRODUCER_COMPRESSION = "lz4";
    /**
     * No idling for timestamp synchronisation between a task's input partitions (Kafka Streams' default is 0). A task
     * reads heartbeats, declarations and the repartition topic, the last two nearly always empty: idling would hold
     * heartbeats back until the broker confirms those are caught up, and with idling on, every record processed while
     * another partition is empty pays for eagerly formatted log messages in {@code PartitionGroup.readyToProcess} (about
     * a tenth of the stream threads' CPU in the throughput benchmark, in an earlier layout). A task processes what it
     * has fetched in timestamp order, and the declarations published before start-up are applied first anyway
     * (DeclarationSnapshot).
     */
    static final long DEFAULT_MAX_TASK_IDLE_MS = StreamsConfig.MAX_TASK_IDLE_MS_DISABLED;
    /** Not a user key: how the app hands its StreamsMetrics to the exception handlers Kafka instantiates. */
    public static final String INTERNAL_METRICS = "fleetaudit.internal.metrics";

    private static final ConfigDef DEF = new ConfigDef()
            .define(StreamsConfig.APPLICATION_ID_CONFIG, Type.STRING, "fleet-audit-streams", Importance.HIGH,
                    "Kafka Streams application id (consumer group, internal topic prefix).")
            .define(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, Type.LIST, ConfigDef.NO_DEFAULT_VALUE, Importance.HIGH,
                    "Kafka bootstrap servers.")
            .define(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, Type.STRING, StreamsConfig.EXACTLY_ONCE_V2,
                    ValidString.in(StreamsConfig.AT_LEAST_ONCE, StreamsConfig.EXACTLY_ONCE_V2), Importance.HIGH,
                    "exactly_once_v2 (default: alerts and audit are written atomically with the state) or at_least_once.")
            .define(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, Type.INT, 0, Range.atLeast(0), Importance.MEDIUM,
                    "Standby replicas of every store, for fast fail-over.")
            .define(StreamsConfig.APPLICATION_SERVER_CONFIG, Type.STRING, "", Importance.MEDIUM,
                    "host:port of this instance's query API; empty = fleet.http.host:fleet.query.port when that is enabled.")
            .define(DETECT_PARTITIONS, Type.INT, 6, Range.atLeast(1), Importance.MEDIUM,
                    "The detection parallelism: services are owned by partition of environment/service. Keep it "
                            + "equal to the partition count of fleet.heartbeats.v1 and fleet.declarations.v1 (the topic "
                            + "catalogue's topics.partitions, 6): then heartbeats placed by service are detected where they "
                            + "land; otherwise every heartbeat goes through the repartition topic.")
            .define(OUTLIER_MIN_GROUP_SIZE, Type.INT, 3, Range.atLeast(2), Importance.MEDIUM,
                    "FLEET_OUTLIER: smallest undeclared service+environment group that is judged.")
            .define(OUTLIER_MAJORITY_SHARE, Type.DOUBLE, 0.75, Range.between(0.5, 1.0), Importance.MEDIUM,
                    "FLEET_OUTLIER: share of the group the majority digest must hold (0.5..1.0).")
            .define(MAX_CLOCK_SKEW_MS, Type.LONG, 30_000L, Range.atLeast(0), Importance.MEDIUM,
                    "A heartbeat's sentAt is clamped to its record timestamp +/- this skew.")
            .define(MISSING_IDLE_FALLBACK_MS, Type.LONG, 120_000L, Range.atLeast(1), Importance.MEDIUM,
                    "NODE_MISSING is judged by the partition's heartbeat watermark; after this long without any "
                            + "record on a partition, wall clock minus this value is used instead.")
            .define(MISSING_SETTLE_MS, Type.LONG, 10_000L, Range.atLeast(0), Importance.MEDIUM,
                    "No NODE_MISSING / NODE_COUNT_SHORT verdict until this long after start-up and after the last "
                            + "sign of a backlog replay (heartbeats arriving much faster than they were sent).")
            .define(UNDECLARED_GRACE_MS, Type.LONG, 10_000L, Range.atLeast(0), Importance.MEDIUM,
                    "UNDECLARED_SERVICE fires only once a service has had live nodes and no declaration for this long "
                            + "(CI often deploys and declares in the same minute).")
            .define(PUNCTUATE_INTERVAL_MS, Type.LONG, 1_000L, Range.atLeast(10), Importance.LOW,
                    "How often time rules (missing, deadlines, expiries, exemption windows) are evaluated.")
            .define(STATUS_REFRESH_MS, Type.LONG, 60_000L, Range.atLeast(0), Importance.LOW,
                    "An unchanged node status is republished to fleet.node-status.v1 at most this often.")
            .define(STATE_STORES, Type.STRING, DEFAULT_STATE_STORES, ValidString.in(STORES_IN_MEMORY, STORES_ROCKSDB),
                    Importance.MEDIUM, "Where the state stores keep their data: in_memory (default: the heap, restored "
                            + "from the changelog topics at every start) or rocksdb (local disk, for state larger than "
                            + "the heap). Either way every change is in a changelog topic. See streams/DESIGN.md.")
            .define(HTTP_HOST, Type.STRING, "127.0.0.1", Importance.MEDIUM,
                    "Interface the metrics (and query) HTTP servers bind to.")
            .define(METRICS_PORT, Type.INT, 9464, Range.between(-1, 65535), Importance.MEDIUM,
                    "Prometheus /metrics port; 0 = any free port, -1 = disabled.")
            .define(QUERY_PORT, Type.INT, -1, Range.between(-1, 65535), Importance.MEDIUM,
                    "Query API port (served by io.fleetaudit.streams.query); -1 = disabled.");

    public StreamsAppConfig(Map<String, ?> props) {
        super(DEF, checkKeys(props), false);
        streamsProperties(); // the derived defaults read the user's values: one that is not valid fails here, named
    }

    public static ConfigDef configDef() {
        return DEF;
    }

    private static Map<String, ?> checkKeys(Map<String, ?> props) {
        for (String key : props.keySet()) {
            // fleet.query.* keys belong to the query API's own typed config (io.fleetaudit.streams.query.QueryConfig).
            if (key.startsWith(PREFIX) && !DEF.names().contains(key) && !QueryConfig.configDef().names().contains(key)) {
                TreeSet<String> allowed = new TreeSet<>();
                DEF.names().stream().filter(n -> n.startsWith(PREFIX)).forEach(allowed::add);
                throw new ConfigException("Unknown configuration key '" + key + "'; allowed fleet.* keys: " + allowed);
            }
        }
        return props;
    }

    public DetectionSettings detectionSettings() {
        return new DetectionSettings(Duration.ofMillis(getLong(MAX_CLOCK_SKEW_MS)),
                Duration.ofMillis(getLong(MISSING_IDLE_FALLBACK_MS)), Duration.ofMillis(getLong(MISSING_SETTLE_MS)),
                Duration.ofMillis(getLong(UNDECLARED_GRACE_MS)),
                Duration.ofMillis(getLong(PUNCTUATE_INTERVAL_MS)),
                Duration.ofMillis(getLong(STATUS_REFRESH_MS)), getInt(OUTLIER_MIN_GROUP_SIZE),
                getDouble(OUTLIER_MAJORITY_SHARE));
    }

    /** Whether the detection's state stores are in memory (fleet.state.stores=in_memory) rather than in RocksDB. */
    public boolean inMemoryStores() {
        return STORES_IN_MEMORY.equals(getString(STATE_STORES));
    }

    public int detectPartitions() {
        return getInt(DETECT_PARTITIONS);
    }

    public String applicationId() {
        return getString(StreamsConfig.APPLICATION_ID_CONFIG);
    }

    public String httpHost() {
        return getString(HTTP_HOST);
    }

    public int metricsPort() {
        return getInt(METRICS_PORT);
    }

    public int queryPort() {
        return getInt(QUERY_PORT);
    }

    /** Half the commit interval in effect (parsed as Kafka parses it: a value that is not a number fails naming the key). */
    private static int eosLingerMs(Object commitIntervalMs) {
        long commit = (Long) ConfigDef.parseType(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitIntervalMs, Type.LONG);
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, commit / EOS_LINGER_SHARE_OF_COMMIT_INTERVAL));
    }

    private static void defaultIfAbsent(Map<String, Object> out, String key, String prefix, Object value) {
        if (out.containsKey(key) || (prefix != null && out.containsKey(prefix + key))) {
            return;
        }
        out.put(prefix == null ? key : prefix + key, value);
    }

    /** Everything but fleet.* keys: for the serdes, the topic catalogue and admin clients. */
    public Map<String, Object> clientProperties() {
        Map<String, Object> out = new HashMap<>();
        originals().forEach((k, v) -> {
            if (!k.startsWith(PREFIX)) {
                out.put(k, v);
            }
        });
        return out;
    }

    /** The Kafka Streams properties: pass-through keys, typed defaults, the dead-letter handlers. */
    public Map<String, Object> streamsProperties() {
        Map<String, Object> out = clientProperties();
        out.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId());
        out.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", getList(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG)));
        out.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, getString(StreamsConfig.PROCESSING_GUARANTEE_CONFIG));
        out.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, getInt(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG));
        String server = getString(StreamsConfig.APPLICATION_SERVER_CONFIG);
        if (server.isEmpty() && queryPort() > 0) {
            server = httpHost() + ":" + queryPort();
        }
        if (!server.isEmpty()) {
            out.put(StreamsConfig.APPLICATION_SERVER_CONFIG, server);
        }
        // Throughput/latency defaults (streams/DESIGN.md "Performance defaults"); each one yields to the user's
        // own setting, with or without the producer./consumer. prefix.
        boolean exactlyOnce = StreamsConfig.EXACTLY_ONCE_V2.equals(getString(StreamsConfig.PROCESSING_GUARANTEE_CONFIG));
        if (exactlyOnce) {
            defaultIfAbsent(out, StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, null, DEFAULT_EOS_COMMIT_INTERVAL_MS);
        }
        defaultIfAbsent(out, ProducerConfig.LINGER_MS_CONFIG, StreamsConfig.PRODUCER_PREFIX,
                exactlyOnce ? eosLingerMs(out.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)) : DEFAULT_PRODUCER_LINGER_MS);
        defaultIfAbsent(out, ProducerConfig.BATCH_SIZE_CONFIG, StreamsConfig.PRODUCER_PREFIX, DEFAULT_PRODUCER_BATCH_SIZE);
        defaultIfAbsent(out, ProducerConfig.COMPRESSION_TYPE_CONFIG, StreamsConfig.PRODUCER_PREFIX,
                DEFAULT_PRODUCER_COMPRESSION);
        defaultIfAbsent(out, StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, null, DEFAULT_MAX_TASK_IDLE_MS);
        out.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterDeserializationHandler.class);
        out.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProcessingHandler.class);
        out.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        return out;
    }
}
