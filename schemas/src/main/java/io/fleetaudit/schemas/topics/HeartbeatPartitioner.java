package io.fleetaudit.schemas.topics;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.producer.Partitioner;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.utils.Utils;

/**
 * Where a heartbeat goes in {@code fleet.heartbeats.v1}: the partition of its {@code environment/service}, while its key
 * stays the node id. Input: the heartbeat value (the generated {@code io.fleetaudit.contracts.Heartbeat}, or anything
 * implementing {@link Placed}, like the agent's own model). Output: {@code murmur2(UTF-8 "environment/service") mod
 * partitions}, exactly what Kafka's producer computes for a record keyed by that string.
 * <p>Why: the streams app detects per service (one task owns all nodes of a service, their declaration and their
 * stores), and that task reads heartbeat partition p. A heartbeat already in its service's partition is detected where
 * it lands; one elsewhere (a producer without this partitioner) is repartitioned by service first, which costs a second
 * write and read of it. A node's heartbeats stay in one partition, in order, as long as its service and environment do.
 * Values that say neither (tombstones) fall back to the key, as Kafka's default does.
 */
public final class HeartbeatPartitioner implements Partitioner {
    /** A heartbeat value that is not the generated class but knows its service and environment. */
    public interface Placed {
        String getEnvironment();

        String getService();
    }

    /** The key of a service's declaration, and what heartbeats are placed and detected by. */
    public static String envService(String environment, String service) {
        return environment + "/" + service;
    }

    /** The partition of {@code envService} among {@code partitions}. */
    public static int partition(String envService, int partitions) {
        return Utils.toPositive(Utils.murmur2(envService.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    @Override
    public int partition(String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes, Cluster cluster) {
        int partitions = cluster.partitionsForTopic(topic).size();
        // Placed first: the agent's own values are, and its JVM must not load the generated Avro classes (RSS).
        if (value instanceof Placed hb) {
            return partition(envService(hb.getEnvironment(), hb.getService()), partitions);
        }
        if (value instanceof io.fleetaudit.contracts.Heartbeat hb) {
            return partition(envService(hb.getEnvironment(), hb.getService()), partitions);
        }
        if (keyBytes == null) {
            throw new IllegalArgumentException("a heartbeat record without a value needs a key (the node id)");
        }
        return Utils.toPositive(Utils.murmur2(keyBytes)) % partitions;
    }

    @Override
    public void configure(Map<String, ?> configs) {
    }

    @Override
    public void close() {
    }
}
