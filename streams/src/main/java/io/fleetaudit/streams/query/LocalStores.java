package io.fleetaudit.streams.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.query.KeyQuery;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.query.RangeQuery;
import org.apache.kafka.streams.query.StateQueryRequest;
import org.apache.kafka.streams.query.StateQueryResult;
import org.apache.kafka.streams.state.KeyValueIterator;

/**
 * Read access to this instance's own active partitions of a key-value store, through interactive queries v2 (which
 * answer per partition, for exactly the partitions this instance hosts). Pages are in key order across partitions:
 * each partition is range-scanned from the cursor in ascending key order, at most {@code limit + 1} matches each,
 * and merged, so a page costs O(partitions x limit), not a scan of the whole store. A hosted partition that cannot
 * answer (restoring, migrating) makes the request a 503 rather than a silently partial answer.
 */
final class LocalStores {
    private final KafkaStreams streams;

    LocalStores(KafkaStreams streams) {
        this.streams = streams;
    }

    /** Up to {@code limit + 1} entries with key greater than {@code after} (null = from the start) matching {@code filter}, sorted. */
    <V> List<KeyValue<String, V>> page(String storeName, String after, int limit, Predicate<V> filter) {
        RangeQuery<String, V> q = after == null ? RangeQuery.<String, V>withNoBounds() : RangeQuery.<String, V>withLowerBound(after);
        StateQueryResult<KeyValueIterator<String, V>> res = streams.query(StateQueryRequest.inStore(storeName).withQuery(q.withAscendingKeys()).requireActive());
        TreeMap<String, V> best = new TreeMap<>();
        try {
            for (Map.Entry<Integer, QueryResult<KeyValueIterator<String, V>>> e : res.getPartitionResults().entrySet()) {
                QueryResult<KeyValueIterator<String, V>> r = check(storeName, e.getKey(), e.getValue());
                int taken = 0;
                KeyValueIterator<String, V> it = r.getResult();
                while (it.hasNext() && taken <= limit) {
                    KeyValue<String, V> kv = it.next();
                    if (kv.value == null || (after != null && kv.key.compareTo(after) <= 0) || !filter.test(kv.value)) {
                        continue;
                    }
                    best.put(kv.key, kv.value);
                    taken++;
                }
                while (best.size() > limit + 1) {
                    best.pollLastEntry();
                }
            }
        } finally {
            closeAll(res);
        }
        List<KeyValue<String, V>> out = new ArrayList<>();
        best.forEach((k, v) -> out.add(KeyValue.pair(k, v)));
        return out;
    }

    /** Every value of every local partition (for aggregations). */
    <V> List<V> all(String storeName) {
        StateQueryResult<KeyValueIterator<String, V>> res = streams.query(StateQueryRequest.inStore(storeName)
                .withQuery(RangeQuery.<String, V>withNoBounds()).requireActive());
        List<V> out = new ArrayList<>();
        try {
            for (Map.Entry<Integer, QueryResult<KeyValueIterator<String, V>>> e : res.getPartitionResults().entrySet()) {
                check(storeName, e.getKey(), e.getValue()).getResult().forEachRemaining(kv -> {
                    if (kv.value != null) {
                        out.add(kv.value);
                    }
                });
            }
        } finally {
            closeAll(res);
        }
        return out;
    }

    /** The value of {@code key} in any local partition, or null. */
    <V> V get(String storeName, String key) {
        StateQueryResult<V> res = streams.query(StateQueryRequest.inStore(storeName).withQuery(KeyQuery.<String, V>withKey(key)).requireActive());
        for (Map.Entry<Integer, QueryResult<V>> e : res.getPartitionResults().entrySet()) {
            V v = check(storeName, e.getKey(), e.getValue()).getResult();
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    /** The value of {@code key} in local partition {@code partition}, or null. */
    <V> V get(String storeName, String key, int partition) {
        StateQueryResult<V> res = streams.query(StateQueryRequest.inStore(storeName).withQuery(KeyQuery.<String, V>withKey(key))
                .withPartitions(Set.of(partition)).requireActive());
        QueryResult<V> r = res.getPartitionResults().get(partition);
        if (r == null) {
            throw ApiException.unavailable("partition " + partition + " of " + storeName + " is not on this instance (rebalancing?), retry shortly");
        }
        return check(storeName, partition, r).getResult();
    }

    private static <R> QueryResult<R> check(String storeName, int partition, QueryResult<R> r) {
        if (r.isFailure()) {
            throw ApiException.unavailable("partition " + partition + " of " + storeName + " cannot answer now (" + r.getFailureReason() + "), retry shortly");
        }
        return r;
    }

    private static <K, V> void closeAll(StateQueryResult<KeyValueIterator<K, V>> res) {
        for (QueryResult<KeyValueIterator<K, V>> r : res.getPartitionResults().values()) {
            if (r.isSuccess() && r.getResult() != null) {
                r.getResult().close();
            }
        }
    }
}
