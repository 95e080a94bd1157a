package io.fleetaudit.bench.streams;

import io.fleetaudit.streams.FleetAuditStreamsApp;
import io.fleetaudit.streams.StreamsMetrics;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What each kind of state store (fleet.state.stores) costs at a restart. For each kind: an app processes {@code
 * heartbeats} heartbeats of {@code nodes} nodes, stops cleanly, and is started again {@code restarts} times with the same
 * application id and state directory. Per restart: seconds from start() to RUNNING (the stores restored and the detection's
 * index rebuilt) and the heap the running app holds (used heap after a full GC, less the same with no app). in_memory
 * restores every changelog at every start; rocksdb, stopped cleanly, finds its stores on disk. Both kinds run in the same JVM, alternating, so the machine's drift falls on both; in_memory
 * is reported against rocksdb.
 *
 * <pre>java -cp ... io.fleetaudit.bench.streams.StoreRestoreBench heartbeats=200000 nodes=100000 restarts=3 [files=2]</pre>
 */
public final class StoreRestoreBench {
    private static final List<String> KINDS = List.of("in_memory", "rocksdb");

    private StoreRestoreBench() {
    }

    record Restart(double secs, long heapBytes) {
    }

    /** One kind of store and the application (id, state directory) that is restarted with it. */
    record Instance(String kind, String applicationId, Path stateDir) {
        FleetAuditStreamsApp app(BenchFleet fleet, String guarantee, int partitions) {
            return fleet.app(guarantee, partitions, Map.of("fleet.state.stores", kind), applicationId, stateDir);
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = StreamsThroughputBench.args(args);
        int n = Integer.parseInt(a.getOrDefault("heartbeats", "200000"));
        int nodes = Integer.parseInt(a.getOrDefault("nodes", "100000"));
        int restarts = Integer.parseInt(a.getOrDefault("restarts", "3"));
        int partitions = Integer.parseInt(a.getOrDefault("partitions", "6"));
        String guarantee = a.getOrDefault("guarantee", "exactly_once_v2");
        if (restarts < 1 || n < nodes) {
            throw new IllegalArgumentException("restarts must be at least 1 and heartbeats at least nodes (every node "
                    + "beats once), not restarts=" + restarts + " heartbeats=" + n + " nodes=" + nodes);
        }
        int files = Integer.parseInt(a.getOrDefault("files", "2")); // config files per heartbeat: 2 = 475 bytes, 100 = 9.6 KB
        try (BenchFleet fleet = new BenchFleet(nodes, Integer.parseInt(a.getOrDefault("services", "100")), partitions,
                files)) {
            fleet.declareAll();
            System.out.printf("preloaded %,d heartbeats for %,d nodes in %.1f s%n", n, nodes, fleet.preload(n, 100, true));
            long baseHeap = usedHeapAfterGc();
            List<Instance> instances = new ArrayList<>();
            for (String kind : KINDS) {
                Instance instance = new Instance(kind, "bench-restore-" + kind.replace('_', '-') + "-" + System.nanoTime(),
                        fleet.tempDir("fa-bench-restore-"));
                instances.add(instance);
                try (FleetAuditStreamsApp app = instance.app(fleet, guarantee, partitions)) {
                    app.start();
                    var processed = app.meterRegistry().get(StreamsMetrics.HEARTBEATS).counter();
                    BenchFleet.awaitTrue(kind + ": all heartbeats", Duration.ofMinutes(30), () -> processed.count() >= n);
                }
                System.out.printf("%-9s processed %,d heartbeats and stopped cleanly; its changelogs hold %,d offsets%n",
                        kind, n, changelogOffsets(fleet, instance.applicationId()));
            }
            Map<String, List<Restart>> results = new LinkedHashMap<>();
            for (int r = 1; r <= restarts; r++) {
                for (Instance instance : instances) {
                    Restart one = restart(instance.app(fleet, guarantee, partitions), baseHeap);
                    results.computeIfAbsent(instance.kind(), k -> new ArrayList<>()).add(one);
                    System.out.printf("%-9s restart %d: %.2f s to RUNNING, heap %.1f MB (%,.0f bytes per node)%n",
                            instance.kind(), r, one.secs(), one.heapBytes() / 1e6, (double) one.heapBytes() / nodes);
                }
            }
            double mem = mean(results.get("in_memory"), Restart::secs);
            double rocks = mean(results.get("rocksdb"), Restart::secs);
            double memHeap = mean(results.get("in_memory"), Restart::heapBytes);
            double rocksHeap = mean(results.get("rocksdb"), Restart::heapBytes);
            System.out.printf("RESULT restore heartbeats=%d nodes=%d files=%d guarantee=%s: in_memory %.2f s, rocksdb %.2f s to "
                            + "RUNNING (in_memory/rocksdb %.2f x); heap per node in_memory %,.0f B, rocksdb %,.0f B%n",
                    n, nodes, files, guarantee, mem, rocks, mem / rocks, memHeap / nodes, rocksHeap / nodes);
        }
    }

    /** Starts {@code app} (a restart of an app stopped cleanly), times it to RUNNING and measures the heap it holds. */
    private static Restart restart(FleetAuditStreamsApp app, long baseHeap) throws Exception {
        try (app) {
            long t0 = System.nanoTime();
            app.start();
            app.awaitRunning(Duration.ofMinutes(10));
            return new Restart((System.nanoTime() - t0) / 1e9, usedHeapAfterGc() - baseHeap);
        }
    }

    /** The end offsets of the app's changelog topics, summed: what a restore from scratch reads (markers included). */
    private static long changelogOffsets(BenchFleet fleet, String applicationId) throws Exception {
        return StreamsThroughputBench.endOffsets(fleet).entrySet().stream()
                .filter(e -> e.getKey().startsWith(applicationId + "-") && e.getKey().endsWith("-changelog"))
                .mapToLong(Map.Entry::getValue).sum();
    }

    /** Used heap after a full collection: what live objects hold (System.gc() is honoured by the default G1). */
    private static long usedHeapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static double mean(List<Restart> rs, java.util.function.ToDoubleFunction<Restart> f) {
        return rs.stream().mapToDouble(f).average().orElseThrow();
    }
}
