package io.fleetaudit.bench.streams;

import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Watches one timed pass of the topology until {@code n} heartbeats are processed: prints progress every 2 s (rate and
 * JVM CPU per heartbeat over the last interval, which shows where a pass is slow: each node's first heartbeat comes at
 * the start of the topic), and optionally records an async-profiler profile of it.
 *
 * <p>Profiling (off unless {@code -Dbench.profile=<file>}): the async-profiler jar ({@code tools.profiler:async-profiler}
 * from Maven Central) on the classpath and {@code -Dbench.profile.lib=<path to libasyncProfiler.so>} from it;
 * {@code -Dbench.profile.event=cpu|itimer} (default itimer, which needs no perf_events); {@code
 * -Dbench.profile.until=<heartbeats>} stops it early and {@code -Dbench.profile.from=<heartbeats>} starts it late (to
 * profile one phase of the pass, e.g. the repeats after the first heartbeats). The output is in collapsed-stack format,
 * one line per stack and thread, native frames (RocksDB, the kernel) included, which JFR does not sample.
 */
final class PassMonitor implements BooleanSupplier, AutoCloseable {
    private static final long PROGRESS_NANOS = 2_000_000_000L;
    private final String label;
    private final LongSupplier processed;
    private final LongSupplier cpuNanos;
    private final long n;
    private final String profileFile;
    private final long profileUntil;
    private final long profileFrom;
    private boolean profileStarted;
    private boolean profiling;
    private long markNanos;
    private long markCount;
    private long markCpu;

    PassMonitor(String label, LongSupplier processed, LongSupplier cpuNanos, long n, boolean profileThisPass)
            throws Exception {
        this.label = label;
        this.processed = processed;
        this.cpuNanos = cpuNanos;
        this.n = n;
        this.profileFile = profileThisPass ? System.getProperty("bench.profile") : null;
        this.profileUntil = Long.getLong("bench.profile.until", Long.MAX_VALUE);
        this.profileFrom = Long.getLong("bench.profile.from", 0);
        markNanos = System.nanoTime();
        markCount = processed.getAsLong();
        markCpu = cpuNanos.getAsLong();
        maybeStartProfiler(markCount);
    }

    private void maybeStartProfiler(long count) {
        if (profileFile != null && !profileStarted && count >= profileFrom) {
            profileStarted = true;
            try {
                profiler("start,event=" + System.getProperty("bench.profile.event", "itimer") + ",interval=1ms,threads");
            } catch (Exception e) {
                throw new IllegalStateException("async-profiler did not start: " + e, e);
            }
            profiling = true;
        }
    }

    @Override
    public boolean getAsBoolean() {
        long now = System.nanoTime();
        long count = processed.getAsLong();
        if (now - markNanos >= PROGRESS_NANOS) {
            long cpu = cpuNanos.getAsLong();
            System.out.printf("progress %s: %,d heartbeats, %,.0f hb/s, %.1f us JVM CPU per heartbeat over the last %.1f s%n",
                    label, count, (count - markCount) / ((now - markNanos) / 1e9),
                    (cpu - markCpu) / 1000.0 / Math.max(1, count - markCount), (now - markNanos) / 1e9);
            markNanos = now;
            markCount = count;
            markCpu = cpu;
        }
        maybeStartProfiler(count);
        if (profiling && count >= profileUntil) {
            stopProfiler();
        }
        return count >= n;
    }

    @Override
    public void close() {
        if (profiling) {
            stopProfiler();
        }
    }

    private void stopProfiler() {
        profiling = false;
        try {
            profiler("stop,file=" + profileFile + ",collapsed");
        } catch (Exception e) {
            throw new IllegalStateException("async-profiler did not stop: " + e, e);
        }
    }

    private static void profiler(String command) throws Exception {
        Class<?> c;
        try {
            c = Class.forName("one.profiler.AsyncProfiler");
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("-Dbench.profile needs the async-profiler jar (tools.profiler:async-profiler) "
                    + "on the classpath and -Dbench.profile.lib=<its libasyncProfiler.so>", e);
        }
        Object p = c.getMethod("getInstance", String.class).invoke(null, System.getProperty("bench.profile.lib"));
        System.out.println("profiler: " + c.getMethod("execute", String.class).invoke(p, command));
    }
}
