package io.fleetaudit.schemas.topics;

import io.fleetaudit.contracts.Alert;
import io.fleetaudit.contracts.AuditEvent;
import io.fleetaudit.contracts.DeadLetter;
import io.fleetaudit.contracts.Declaration;
import io.fleetaudit.contracts.Exemption;
import io.fleetaudit.contracts.Heartbeat;
import io.fleetaudit.contracts.NodeStatus;
import io.fleetaudit.schemas.registry.SchemaRegistryClient;
import io.fleetaudit.schemas.registry.SchemaRegistryClients;
import io.fleetaudit.schemas.serde.AvroSerdeConfig;
import io.fleetaudit.schemas.serde.SpecificAvroSerde;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The immutable catalogue of fleet-audit topics. Input: the application's property map (topic keys of
 * {@link TopicCatalogueConfig} plus the serde's {@code schema.registry.url}, ...). Output: one typed
 * {@link TopicSpec} per topic (String keys, Avro values over one shared registry client) and
 * {@link #ensureTopics(Admin)}, which creates the missing ones with their cleanup policy and retention.
 */
public final class TopicCatalogue {

    private static final Logger LOG = LoggerFactory.getLogger(TopicCatalogue.class);

    private final TopicSpec<String, Heartbeat> heartbeats;
    private final TopicSpec<String, Declaration> declarations;
    private final TopicSpec<String, Exemption> exemptions;
    private final TopicSpec<String, NodeStatus> nodeStatus;
    private final TopicSpec<String, Alert> alerts;
    private final TopicSpec<String, AuditEvent> audit;
    private final TopicSpec<String, DeadLetter> heartbeatsDlq;
    private final List<TopicSpec<String, ?>> all;
    private final long adminTimeoutMs;

    private TopicCatalogue(Map<String, ?> cfg) {
        TopicCatalogueConfig topics = new TopicCatalogueConfig(cfg);
        AvroSerdeConfig serde = new AvroSerdeConfig(cfg);
        SchemaRegistryClient client = SchemaRegistryClients.create(serde);
        Builder b = new Builder(topics, cfg, client);
        heartbeats = b.delete(Topics.HEARTBEATS, Heartbeat.class, topics.getLong(TopicCatalogueConfig.HEARTBEATS_RETENTION_MS));
        declarations = b.compact(Topics.DECLARATIONS, Declaration.class);
        exemptions = b.compact(Topics.EXEMPTIONS, Exemption.class);
        nodeStatus = b.compact(Topics.NODE_STATUS, NodeStatus.class);
        alerts = b.delete(Topics.ALERTS, Alert.class, topics.getLong(TopicCatalogueConfig.ALERTS_RETENTION_MS));
        audit = b.delete(Topics.AUDIT, AuditEvent.class, topics.getLong(TopicCatalogueConfig.AUDIT_RETENTION_MS));
        heartbeatsDlq = b.delete(Topics.HEARTBEATS_DLQ, DeadLetter.class, topics.getLong(TopicCatalogueConfig.DLQ_RETENTION_MS));
        all = List.of(heartbeats, declarations, exemptions, nodeStatus, alerts, audit, heartbeatsDlq);
        adminTimeoutMs = topics.adminTimeoutMs();
    }

    /** Builds the catalogue; invalid topic or serde settings fail with a ConfigException naming the key. */
    public static TopicCatalogue from(Map<String, ?> cfg) {
        return new TopicCatalogue(cfg);
    }

    /** How long an admin call about these topics may wait ({@code topics.admin.timeout.ms}). */
    public long adminTimeoutMs() {
        return adminTimeoutMs;
    }

    public TopicSpec<String, Heartbeat> heartbeats() {
        return heartbeats;
    }

    public TopicSpec<String, Declaration> declarations() {
        return declarations;
    }

    public TopicSpec<String, Exemption> exemptions() {
        return exemptions;
    }

    public TopicSpec<String, NodeStatus> nodeStatus() {
        return nodeStatus;
    }

    public TopicSpec<String, Alert> alerts() {
        return alerts;
    }

    public TopicSpec<String, AuditEvent> audit() {
        return audit;
    }

    public TopicSpec<String, DeadLetter> heartbeatsDlq() {
        return heartbeatsDlq;
    }

    /** Every topic, in a fixed order. */
    public List<TopicSpec<String, ?>> all() {
        return all;
    }

    public Optional<TopicSpec<String, ?>> byName(String name) {
        return all.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /**
     * Creates every catalogue topic the cluster does not have yet and returns the names it created.
     * A topic created concurrently by someone else (TopicExistsException) is not an error.
     */
    public List<String> ensureTopics(Admin admin) {
        try {
            Set<String> existing = admin.listTopics().names().get(adminTimeoutMs, TimeUnit.MILLISECONDS);
            List<NewTopic> missing = all.stream().filter(s -> !existing.contains(s.name())).map(TopicSpec::newTopic).toList();
            if (missing.isEmpty()) {
                return List.of();
            }
            Map<String, KafkaFuture<Void>> results = admin.createTopics(missing).values();
            List<String> created = new ArrayList<>();
            for (NewTopic topic : missing) {
                try {
                    results.get(topic.name()).get(adminTimeoutMs, TimeUnit.MILLISECONDS);
                    created.add(topic.name());
                    LOG.info("Created topic {} ({} partitions, replication factor {}, {})", topic.name(),
                            topic.numPartitions(), topic.replicationFactor(), topic.configs());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new KafkaException("Could not create topic " + topic.name() + ": " + e.getCause(), e.getCause());
                    }
                }
            }
            return List.copyOf(created);
        } catch (ExecutionException e) {
            throw new KafkaException("Could not list topics: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new KafkaException("Timed out after " + adminTimeoutMs + " ms ensuring fleet-audit topics ("
                    + TopicCatalogueConfig.ADMIN_TIMEOUT_MS + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("Interrupted while ensuring fleet-audit topics", e);
        }
    }

    /**
     * The partition count of each of {@code names}, in one describe request. A topic created a moment ago (by
     * ensureTopics, or by another process starting at the same time) may not be in the broker's metadata yet, which the
     * describe answers with UnknownTopicOrPartitionException: it is asked again every 100 ms until
     * topics.admin.timeout.ms has passed, then fails naming the topics.
     */
    public Map<String, Integer> partitionCounts(Admin admin, String... names) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(adminTimeoutMs);
        try {
            while (true) {
                try {
                    Map<String, Integer> counts = new HashMap<>();
                    admin.describeTopics(List.of(names)).allTopicNames()
                            .get(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())), TimeUnit.MILLISECONDS)
                            .forEach((name, d) -> counts.put(name, d.partitions().size()));
                    return counts;
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() - deadline >= 0) {
                        throw new KafkaException("Could not describe " + List.of(names) + " within " + adminTimeoutMs
                                + " ms (" + TopicCatalogueConfig.ADMIN_TIMEOUT_MS + "): " + e.getCause(), e.getCause());
                    }
                    TimeUnit.MILLISECONDS.sleep(100);
                }
            }
        } catch (TimeoutException e) {
            throw new KafkaException("Timed out after " + adminTimeoutMs + " ms describing " + List.of(names) + " ("
                    + TopicCatalogueConfig.ADMIN_TIMEOUT_MS + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("Interrupted while describing " + List.of(names), e);
        }
    }

    /** Assembles specs with shared settings; keeps the constructor readable. */
    private static final class Builder {
        private final TopicCatalogueConfig topics;
        private final Map<String, ?> cfg;
        private final SchemaRegistryClient client;

        Builder(TopicCatalogueConfig topics, Map<String, ?> cfg, SchemaRegistryClient client) {
            this.topics = topics;
            this.cfg = cfg;
            this.client = client;
        }

        <V extends SpecificRecord> TopicSpec<String, V> compact(String name, Class<V> type) {
            return spec(name, type, true, Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        }

        <V extends SpecificRecord> TopicSpec<String, V> delete(String name, Class<V> type, long retentionMs) {
            Map<String, String> configs = new HashMap<>();
            configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE);
            configs.put(TopicConfig.RETENTION_MS_CONFIG, Long.toString(retentionMs));
            return spec(name, type, false, configs);
        }

        private <V extends SpecificRecord> TopicSpec<String, V> spec(String name, Class<V> type, boolean compacted,
                Map<String, String> configs) {
            Serde<V> value = new SpecificAvroSerde<>(type, client);
            value.configure(cfg, false);
            return new TopicSpec<>(name, Serdes.String(), value, topics.partitions(name), topics.replicationFactor(),
                    compacted, configs);
        }
    }
}
