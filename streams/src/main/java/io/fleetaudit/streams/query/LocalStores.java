package io.fleetaudit.streams.query;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Read access to this instance's own partitions of a key-value store. Pages are in key order across partitions:
 * each local partition is range-scanned from the cursor (stores iterate in key order), at most {@code limit + 1}
 * matches each, and the results merged, so a page costs O(partitions x limit), not a scan of the whole store.
 */
final class LocalStores {
    private final KafkaStreams streams;

    LocalStores(KafkaStreams streams) {
        this.streams = streams;
    }

    /** Up to {@code limit + 1} entries with key greater than {@code after} (null = from the start) matching {@code filter}, sorted. */
    <V> List<KeyValue<String, V>> page(String storeName, String after, int limit, Predicate<V> filter) {
        TreeMap<String, V> best = new TreeMap<>();
        for (ReadOnlyKeyValueStore<String, V> store : this.<V>partitions(storeName)) {
            int taken = 0;
            try (KeyValueIterator<String, V> it = after == null ? store.all() : store.range(after, null)) {
                while (it.hasNext() && taken <= limit) {
                    KeyValue<String, V> kv = it.next();
                    if (kv.value == null || (after != null && kv.key.compareTo(after) <= 0) || !filter.test(kv.value)) {
                        continue;
                    }
                    best.put(kv.key, kv.value);
                    taken++;
                }
            }
            while (best.size() > limit + 1) {
                best.pollLastEntry();
            }
        }
        List<KeyValue<String, V>> out = new ArrayList<>();
        best.forEach((k, v) -> out.add(KeyValue.pair(k, v)));
        return out;
    }

    /** Every value of every local partition (for aggregations). */
    <V> List<V> all(String storeName) {
        List<V> out = new ArrayList<>();
        for (ReadOnlyKeyValueStore<String, V> store : this.<V>partitions(storeName)) {
            try (KeyValueIterator<String, V> it = store.all()) {
                it.forEachRemaining(kv -> {
                    if (kv.value != null) {
                        out.add(kv.value);
                    }
                });
            }
        }
        return out;
    }

    /** The value of {@code key} in any local partition, or null. */
    <V> V get(String storeName, String key) {
        ReadOnlyKeyValueStore<String, V> store = streams.store(StoreQueryParameters.fromNameAndType(storeName, QueryableStoreTypes.<String, V>keyValueStore()));
        return store.get(key);
    }

    /** The value of {@code key} in local partition {@code partition}, or null. */
    <V> V get(String storeName, String key, int partition) {
        ReadOnlyKeyValueStore<String, V> store = streams.store(StoreQueryParameters
                .fromNameAndType(storeName, QueryableStoreTypes.<String, V>keyValueStore()).withPartition(partition));
        return store.get(key);
    }

    private <V> List<ReadOnlyKeyValueStore<String, V>> partitions(String storeName) {
        TreeSet<Integer> candidates = new TreeSet<>();
        for (ThreadMetadata t : streams.metadataForLocalThreads()) {
            for (TaskMetadata task : t.activeTasks()) {
                candidates.add(task.taskId().partition());
            }
        }
        List<ReadOnlyKeyValueStore<String, V>> out = new ArrayList<>();
        for (int p : candidates) {
            try {
                out.add(streams.store(StoreQueryParameters.fromNameAndType(storeName, QueryableStoreTypes.<String, V>keyValueStore()).withPartition(p)));
            } catch (InvalidStateStoreException e) {
                // This instance runs partition p of another sub-topology, not of this store's: nothing to read here.
                if (!streams.state().isRunningOrRebalancing()) {
                    throw e;
                }
            }
        }
        return out;
    }
}
