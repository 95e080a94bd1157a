package io.fleetaudit.streams;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The detection's one repartition topic ({@link FleetAuditTopology#DETECTION_INPUTS_BY_SERVICE}), created before Kafka
 * Streams starts, with the partitions and configuration Kafka Streams would give it.
 * <p>Why: on an application id's first start, Kafka Streams' group leader creates its internal topics while it computes
 * the first assignment. The repartition topic is one of the group's source topics, so every member's metadata then
 * differs from the metadata it joined with, and the group rebalances a second time. A member learns of that rebalance
 * at its next heartbeat (heartbeat.interval.ms, 3 s by default), and a stream thread that was still fetching its tasks'
 * committed offsets when the leader rejoined waits in that call until then: 2.1-2.2 s of one of the two threads, while
 * the other was already processing, in each pass of the throughput benchmark (bench/README-streams.md, tenth pass).
 * With the topic already there, as on every later start, the group forms once.
 * <p>Best effort: a topic that exists is left as it is (Kafka Streams checks its partition count itself), and a topic
 * that cannot be created (e.g. no CREATE permission) is left for Kafka Streams, which then creates it as before.
 */
final class RepartitionTopic {
    private static final Logger LOG = LoggerFactory.getLogger(RepartitionTopic.class);

    /** Kafka Streams' configuration for repartition topics (RepartitionTopicConfig and InternalTopicManager). */
    static final Map<String, String> STREAMS_DEFAULTS = Map.of(
            TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
            TopicConfig.SEGMENT_BYTES_CONFIG, "52428800",
            TopicConfig.RETENTION_MS_CONFIG, "-1",
            TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "CreateTime");

    private RepartitionTopic() {
    }

    /** The topic's name: Kafka Streams prefixes an internal topic with the application id. */
    static String name(String applicationId) {
        return applicationId + "-" + FleetAuditTopology.DETECTION_INPUTS_BY_SERVICE + "-repartition";
    }

    /**
     * The topic as Kafka Streams would create it from {@code streamsProperties}: {@code partitions} partitions, the
     * replication factor of {@code replication.factor} (-1, the default, leaves it to the broker), Kafka Streams' defaults
     * for repartition topics, and the user's {@code topic.*} settings over them.
     */
    static NewTopic newTopic(String applicationId, int partitions, Map<String, ?> streamsProperties) {
        Object rf = streamsProperties.get(StreamsConfig.REPLICATION_FACTOR_CONFIG);
        int replicationFactor = rf == null ? -1
                : (Integer) ConfigDef.parseType(StreamsConfig.REPLICATION_FACTOR_CONFIG, rf, ConfigDef.Type.INT);
        Map<String, String> configs = new HashMap<>(STREAMS_DEFAULTS);
        streamsProperties.forEach((k, v) -> {
            if (k.startsWith(StreamsConfig.TOPIC_PREFIX) && v != null) {
                configs.put(k.substring(StreamsConfig.TOPIC_PREFIX.length()), v.toString());
            }
        });
        return new NewTopic(name(applicationId), Optional.of(partitions),
                replicationFactor < 0 ? Optional.empty() : Optional.of((short) replicationFactor)).configs(configs);
    }

    /** Creates {@code topic} unless it exists; true if this call created it. Never throws for a topic it cannot create. */
    static boolean ensure(Admin admin, NewTopic topic, long timeoutMs) {
        try {
            admin.createTopics(List.of(topic)).all().get(timeoutMs, TimeUnit.MILLISECONDS);
            LOG.info("Created {} ({} partitions) ahead of Kafka Streams, so that the group forms in one rebalance",
                    topic.name(), topic.numPartitions());
            return true;
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                LOG.warn("Could not create {} ahead of Kafka Streams ({}); Kafka Streams creates it, and this first start "
                        + "rebalances twice", topic.name(), e.getCause().toString());
            }
            return false;
        } catch (TimeoutException e) {
            LOG.warn("Timed out after {} ms creating {} ahead of Kafka Streams; Kafka Streams creates it", timeoutMs,
                    topic.name());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
