package io.fleetaudit.schemas.topics;

import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * Typed topic settings: default partitions ({@code topics.partitions}), per-topic overrides
 * ({@code topics.<short-name>.partitions}), replication factor ({@code topics.replication.factor},
 * -1 = broker default) and retention of the delete-policy topics. Input: the application's property
 * map (other keys are ignored). Output: validated values; an invalid one fails naming the key.
 */
public final class TopicCatalogueConfig extends AbstractConfig {

    public static final String PARTITIONS = "topics.partitions";
    public static final String REPLICATION_FACTOR = "topics.replication.factor";
    public static final String HEARTBEATS_RETENTION_MS = "topics.heartbeats.retention.ms";
    public static final String ALERTS_RETENTION_MS = "topics.alerts.retention.ms";
    public static final String AUDIT_RETENTION_MS = "topics.audit.retention.ms";
    public static final String DLQ_RETENTION_MS = "topics.heartbeats-dlq.retention.ms";
    public static final String ADMIN_TIMEOUT_MS = "topics.admin.timeout.ms";

    /** Short names used in per-topic keys, e.g. {@code topics.heartbeats.partitions}. */
    static final Map<String, String> SHORT_NAMES = Map.of(
            Topics.HEARTBEATS, "heartbeats",
            Topics.DECLARATIONS, "declarations",
            Topics.EXEMPTIONS, "exemptions",
            Topics.NODE_STATUS, "node-status",
            Topics.ALERTS, "alerts",
            Topics.AUDIT, "audit",
            Topics.HEARTBEATS_DLQ, "heartbeats-dlq");

    private static final long DAY_MS = 24L * 60 * 60 * 1000;
    private static final ConfigDef.Validator OPTIONAL_POSITIVE = ConfigDef.LambdaValidator.with((name, value) -> {
        if (value != null && (Integer) value < 1) {
            throw new ConfigException(name, value, "must be at least 1 (or unset)");
        }
    }, () -> "[1,...] or unset");
    private static final ConfigDef CONFIG = build();

    public TopicCatalogueConfig(Map<String, ?> props) {
        super(CONFIG, props, false);
        if (getInt(REPLICATION_FACTOR) == 0) {
            throw new ConfigException(REPLICATION_FACTOR, 0, "allowed: -1 (broker default) or 1.." + Short.MAX_VALUE);
        }
    }

    private static ConfigDef build() {
        // Same default partition count everywhere: the streams app joins these topics by key.
        ConfigDef def = new ConfigDef()
                .define(PARTITIONS, Type.INT, 6, Range.atLeast(1), Importance.MEDIUM,
                        "Partitions of every fleet-audit topic unless topics.<name>.partitions says otherwise.")
                .define(REPLICATION_FACTOR, Type.INT, 1, Range.between(-1, (int) Short.MAX_VALUE), Importance.MEDIUM,
                        "Replication factor of created topics; -1 = the broker's default.replication.factor.")
                .define(HEARTBEATS_RETENTION_MS, Type.LONG, 7 * DAY_MS, Range.atLeast(-1), Importance.LOW,
                        "retention.ms of " + Topics.HEARTBEATS + ".")
                .define(ALERTS_RETENTION_MS, Type.LONG, 30 * DAY_MS, Range.atLeast(-1), Importance.LOW,
                        "retention.ms of " + Topics.ALERTS + ".")
                .define(AUDIT_RETENTION_MS, Type.LONG, -1L, Range.atLeast(-1), Importance.LOW,
                        "retention.ms of " + Topics.AUDIT + "; -1 keeps the audit log forever.")
                .define(DLQ_RETENTION_MS, Type.LONG, 14 * DAY_MS, Range.atLeast(-1), Importance.LOW,
                        "retention.ms of " + Topics.HEARTBEATS_DLQ + ".")
                .define(ADMIN_TIMEOUT_MS, Type.LONG, 60_000L, Range.atLeast(1), Importance.LOW,
                        "How long fleet-audit waits for the admin client when it creates or describes topics.");
        for (String shortName : SHORT_NAMES.values()) {
            def.define(partitionsKey(shortName), Type.INT, null, OPTIONAL_POSITIVE, Importance.LOW,
                    "Partitions of this topic; unset = " + PARTITIONS + ".");
        }
        return def;
    }

    static String partitionsKey(String shortName) {
        return "topics." + shortName + ".partitions";
    }

    public static ConfigDef configDef() {
        return CONFIG;
    }

    public int partitions(String topic) {
        Integer specific = getInt(partitionsKey(SHORT_NAMES.get(topic)));
        return specific != null ? specific : getInt(PARTITIONS);
    }

    public short replicationFactor() {
        return getInt(REPLICATION_FACTOR).shortValue();
    }

    public long adminTimeoutMs() {
        return getLong(ADMIN_TIMEOUT_MS);
    }
}
