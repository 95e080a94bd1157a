package io.fleetaudit.cli.kafka;

import io.fleetaudit.cli.CliException;
import io.fleetaudit.schemas.topics.TopicSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * The current content of a compacted topic (declarations, exemptions): reads every partition from the beginning to
 * the end offsets captured when it starts, applying tombstones. Input: clients, the topic spec, a timeout. Output:
 * key to latest value. A topic that does not exist yet reads as empty.
 */
public final class TopicSnapshot {
    private TopicSnapshot() {
    }

    public static <V> Map<String, V> read(KafkaClients clients, TopicSpec<String, V> spec, Duration timeout) {
        Map<String, V> out = new TreeMap<>();
        try (KafkaConsumer<String, V> consumer = clients.consumer(spec)) {
            List<PartitionInfo> infos = consumer.partitionsFor(spec.name(), timeout);
            if (infos == null || infos.isEmpty()) {
                return out;
            }
            List<TopicPartition> tps = infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(tps, timeout));
            Instant deadline = Instant.now().plus(timeout);
            while (!reached(consumer, end)) {
                if (Instant.now().isAfter(deadline)) {
                    throw CliException.failure("timed out after " + timeout.toSeconds() + "s reading " + spec.name(), null);
                }
                for (ConsumerRecord<String, V> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.value() == null) {
                        out.remove(r.key());
                    } else {
                        out.put(r.key(), r.value());
                    }
                }
            }
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw clients.unreachable(e);
        }
        return out;
    }

    static boolean reached(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }
}
