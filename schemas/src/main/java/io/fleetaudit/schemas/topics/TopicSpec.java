package io.fleetaudit.schemas.topics;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serde;

/**
 * Everything known about one topic: name, key and value serdes, partitions, replication factor
 * (-1 = the broker's default), whether it is compacted, and the topic configs it is created with.
 * Input: built by {@link TopicCatalogue}. Output: typed serdes for clients and a {@link NewTopic} for the admin.
 */
public record TopicSpec<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde, int partitions,
        short replicationFactor, boolean compacted, Map<String, String> configs) {

    public TopicSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(keySerde, "keySerde");
        Objects.requireNonNull(valueSerde, "valueSerde");
        configs = Map.copyOf(configs);
    }

    /** The admin request that creates this topic with its cleanup policy and retention. */
    public NewTopic newTopic() {
        Optional<Short> rf = replicationFactor < 0 ? Optional.empty() : Optional.of(replicationFactor);
        return new NewTopic(name, Optional.of(partitions), rf).configs(configs);
    }

    /** {@code compact} or {@code delete}. */
    public String cleanupPolicy() {
        return compacted ? TopicConfig.CLEANUP_POLICY_COMPACT : TopicConfig.CLEANUP_POLICY_DELETE;
    }
}
