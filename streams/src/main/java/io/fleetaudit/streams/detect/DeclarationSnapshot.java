package io.fleetaudit.streams.detect;

import io.fleetaudit.contracts.Declaration;
import io.fleetaudit.schemas.topics.TopicSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The declarations that were published before the app started, read once from fleet.declarations.v1 before Kafka
 * Streams starts. Input: the topic, up to its last committed record. Output: per environment/service the last
 * declaration and its record timestamp, and when the snapshot was taken.
 *
 * <p>Why: a service's declaration reaches its detection task through the repartition topic from another source task,
 * so a fresh application over a full heartbeat topic judged the first heartbeats of many nodes before their
 * declaration had crossed: as an undeclared service (state UNDECLARED, FLEET_OUTLIER alerts for the nodes off the
 * majority), then again when it arrived (those alerts RESOLVED). With the snapshot, a heartbeat sent before start-up
 * for a service the task has no declaration for is judged against the declaration published before start-up (see
 * DetectionProcessor#adoptFromSnapshot). The snapshot is never used for a heartbeat sent after it was taken: by then the
 * repartition topic carries the truth, deletions included.
 */
public final class DeclarationSnapshot {
    private static final Logger LOG = LoggerFactory.getLogger(DeclarationSnapshot.class);
    private static final DeclarationSnapshot EMPTY = new DeclarationSnapshot(Map.of(), Long.MIN_VALUE);

    /** A declaration and the timestamp of the record that published it. */
    public record Entry(Declaration declaration, long timestamp) {
    }

    private final Map<String, Entry> entries;
    private final long takenAtMs;

    public DeclarationSnapshot(Map<String, Entry> entries, long takenAtMs) {
        this.entries = Map.copyOf(entries);
        this.takenAtMs = takenAtMs;
    }

    public static DeclarationSnapshot empty() {
        return EMPTY;
    }

    public int size() {
        return entries.size();
    }

    public long takenAtMs() {
        return takenAtMs;
    }

    /** The last declaration of {@code envService} in the snapshot, or null. */
    public Declaration declaration(String envService) {
        Entry e = entries.get(envService);
        return e == null ? null : e.declaration();
    }

    /** The declaration of {@code envService} published before start-up, for a heartbeat with this record timestamp. */
    Entry forHeartbeat(String envService, long recordTimestamp) {
        return recordTimestamp > takenAtMs ? null : entries.get(envService);
    }

    /**
     * Reads {@code topic} to its end (read_committed) with a plain consumer of its own; no group, no offsets committed.
     * {@code clientProps}: bootstrap and security settings. A record that does not decode is skipped here (the topology
     * dead-letters it). If the topic cannot be read within {@code timeout}, the app starts without a snapshot, as it did
     * before it had one: the first judgements may then be made as an undeclared service.
     */
    public static DeclarationSnapshot read(Properties clientProps, TopicSpec<String, Declaration> topic, Clock clock,
                                           Duration timeout) {
        long takenAt = clock.millis();
        Properties p = new Properties();
        p.putAll(clientProps);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        Deserializer<String> keys = topic.keySerde().deserializer();
        Deserializer<Declaration> values = topic.valueSerde().deserializer();
        Map<String, Entry> entries = new HashMap<>();
        long started = System.nanoTime();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name(), timeout).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            long deadline = started + timeout.toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp, timeout) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException("not at the end of " + topic.name() + " after " + timeout);
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.key() == null) {
                        continue;
                    }
                    String key = keys.deserialize(r.topic(), r.key());
                    if (r.value() == null) {
                        entries.remove(key);
                        continue;
                    }
                    try {
                        entries.put(key, new Entry(values.deserialize(r.topic(), r.value()), r.timestamp()));
                    } catch (RuntimeException e) {
                        LOG.warn("Declaration snapshot: skipping the undecodable record at {}-{}@{} ({})", r.topic(),
                                r.partition(), r.offset(), e.getClass().getSimpleName());
                    }
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Declaration snapshot: could not read {} ({}: {}); starting without one, so nodes whose heartbeats "
                    + "are processed before their declaration may be judged as undeclared first", topic.name(),
                    e.getClass().getSimpleName(), e.getMessage());
            return empty();
        }
        LOG.info("Declaration snapshot: {} declarations from {} in {} ms", entries.size(), topic.name(),
                (System.nanoTime() - started) / 1_000_000);
        return new DeclarationSnapshot(entries, takenAt);
    }
}
