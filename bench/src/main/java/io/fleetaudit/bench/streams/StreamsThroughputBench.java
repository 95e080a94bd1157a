package io.fleetaudit.bench.streams;

import io.fleetaudit.bench.Stats;
import io.fleetaudit.contracts.Heartbeat;
import io.fleetaudit.streams.FleetAuditStreamsApp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Throughput of the detection topology vs. the ceiling, in one run on one embedded broker. Pre-loads N heartbeats
 * for M nodes (1 % of nodes drifting), times a plain consumer that only reads and Avro-decodes the topic (the
 * ceiling), then times the topology (exactly-once by default) from its first to its N-th processed heartbeat
 * and waits for the drift alerts. Prints both rates and their ratio. By default the topology first makes one untimed
 * warm-up pass (warmups=N for more, warmups=auto: until the JIT has settled, then the ceiling is timed again; warmup=false:
 * cold JIT), and a Kafka Streams floor (floor=false: none) is timed between them. Then repeats=3 timed passes, each
 * followed by the ceiling again; the result is the median pass against the median ceiling. Each pass also prints its JVM
 * CPU by kind of thread and the records it wrote per topic.
 * <p>Usage: StreamsThroughputBench [heartbeats=1000000] [nodes=100000] [services=100] [partitions=6]
 * [files=2: config files per heartbeat, 475-byte heartbeats; an agent reports up to 100 (9.6 KB)]
 * [placement=service: heartbeats in their service's partition, as agents place them; key: by node id (Kafka's default), so
 * most of them go through the repartition topic]
 * [repeats=3: timed passes] [guarantee=exactly_once_v2] [commit=commit.interval.ms] [baseline=false: then also run with Kafka Streams' stock
 * commit/linger/batch values] [set.&lt;streams key&gt;=value ...: any app property, e.g.
 * set.producer.linger.ms=5] [vs.&lt;streams key&gt;=value ...: an A/B comparison, see {@link #abPasses}; rounds=2]
 */
public final class StreamsThroughputBench {
    /** The standard-reader ceiling of this run, for the second ratio each RESULT line prints. */
    private static double standardCeilingSecs;

    private StreamsThroughputBench() {
    }

    public static void main(String[] args) throws Exception {
        BenchFleet.printJvm();
        Map<String, String> a = args(args);
        int n = Integer.parseInt(a.getOrDefault("heartbeats", "1000000"));
        int nodes = Integer.parseInt(a.getOrDefault("nodes", "100000"));
        int services = Integer.parseInt(a.getOrDefault("services", "100"));
        int partitions = Integer.parseInt(a.getOrDefault("partitions", "6"));
        String guarantee = a.getOrDefault("guarantee", "exactly_once_v2");
        int driftEvery = 100; // 1 % of the nodes run a drifted artifact
        int files = Integer.parseInt(a.getOrDefault("files", "2"));
        int repeats = Integer.parseInt(a.getOrDefault("repeats", "3"));
        if (repeats < 1) {
            throw new IllegalArgumentException("repeats must be at least 1, not " + repeats);
        }
        String placement = a.getOrDefault("placement", "service");
        if (!placement.equals("service") && !placement.equals("key")) {
            throw new IllegalArgumentException("placement must be service (as the agents place heartbeats) or key "
                    + "(Kafka's default: most heartbeats are repartitioned), not " + placement);
        }
        try (BenchFleet fleet = new BenchFleet(nodes, services, partitions, files)) {
            fleet.declareAll();
            double loadSecs = fleet.preload(n, driftEvery, placement.equals("service"));
            System.out.printf("preloaded %,d heartbeats for %,d nodes (%d config files each, placed by %s) in %.1f s%n", n,
                    nodes, files, placement, loadSecs);

            // A second ceiling decodes with Avro's standard SpecificDatumReader, as the serde did before it moved to Avro's
            // fast reader: that move made the real ceiling (and everything else that decodes) about twice as fast, so this
            // keeps the ratios comparable with the figures measured before it.
            double standardSecs = plainConsumer(fleet, n, standardReader(), "standard reader");
            double ceilingSecs = plainConsumer(fleet, n, fleet.topics.heartbeats().valueSerde().deserializer(), "serde");
            System.out.printf("ceiling  plain consumer read+decode: %.2f s = %,.0f hb/s (standard Avro reader: %.2f s = %,.0f hb/s)%n",
                    ceilingSecs, n / ceilingSecs, standardSecs, n / standardSecs);
            standardCeilingSecs = standardSecs;

            long expectedAlerts = (nodes + driftEvery - 1) / driftEvery;
            Map<String, String> extra = new HashMap<>();
            if (a.containsKey("commit")) {
                extra.put("commit.interval.ms", a.get("commit"));
            }
            extra.putAll(BenchFleet.passThrough(a));
            // The ceiling's code (consumer, Avro decoding) is already compiled by the time it runs; the topology's
            // is not, and on 2 cores the JIT compiler threads took ~28 % of the CPU during a cold 1M run. Untimed passes
            // (own application ids, same topic, same work) warm the JIT like a long-running app. One is not enough to
            // drain the C2 queue of broker + clients + Streams on 2 cores (see the "cpu" line's jit-gc-vm): warmups=2.
            // warmups=auto: passes until the JIT has settled (a pass compiled for less than 3 us per heartbeat), at most
            // 8; the ceiling is then timed again right before the timed pass, since its own code warmed up meanwhile.
            String warmupsArg = a.getOrDefault("warmups", "1");
            boolean untilSettled = warmupsArg.equals("auto");
            int warmups = !Boolean.parseBoolean(a.getOrDefault("warmup", "true")) ? 0
                    : untilSettled ? MAX_AUTO_WARMUPS : Integer.parseInt(warmupsArg);
            for (int w = 1; w <= warmups; w++) {
                Pass warm = runTopology(fleet, guarantee, partitions, extra, n, nodes, expectedAlerts, ceilingSecs,
                        w == 1 ? "warm-up" : "warm-up-" + w);
                if (untilSettled && warm.jitCompileMicros() < SETTLED_JIT_MICROS) {
                    System.out.printf("warm-up  settled after %d passes (JIT compile time %.1f us/heartbeat)%n", w,
                            warm.jitCompileMicros());
                    break;
                }
            }
            if (untilSettled) {
                ceilingSecs = plainConsumer(fleet, n, fleet.topics.heartbeats().valueSerde().deserializer(),
                        "serde, after the warm-ups");
                System.out.printf("ceiling  after the warm-ups: %.2f s = %,.0f hb/s%n", ceilingSecs, n / ceilingSecs);
            }
            if (Boolean.parseBoolean(a.getOrDefault("floor", "true"))) {
                streamsFloor(fleet, guarantee, partitions, extra, n, ceilingSecs);
            }
            // repeats timed passes, each followed by the same ceiling once more: on a shared machine both move between
            // runs (and within one) as much as the effects being measured, so the result is the median pass against the
            // median ceiling, and the spread says how far to trust it.
            List<Double> passes = new ArrayList<>();
            List<Double> ceilings = new ArrayList<>(List.of(ceilingSecs));
            for (int r = 1; r <= repeats; r++) {
                double before = ceilings.get(ceilings.size() - 1);
                double secs = runTopology(fleet, guarantee, partitions, extra, n, nodes, expectedAlerts, before, "tuned",
                        r == 1).secs();
                double againSecs = plainConsumer(fleet, n, fleet.topics.heartbeats().valueSerde().deserializer(),
                        "serde, again");
                System.out.printf("RESULT ceiling-again %,.0f hb/s (before the pass %,.0f hb/s): tuned ratio %.2f against "
                                + "it, %.2f against the mean of both%n", n / againSecs, n / before, againSecs / secs,
                        (before + againSecs) / 2 / secs);
                passes.add(secs);
                ceilings.add(againSecs);
            }
            double tunedSecs = Stats.median(passes);
            double medianCeilingSecs = Stats.median(ceilings);
            System.out.printf("RESULT median heartbeats=%d nodes=%d guarantee=%s passes=%d topology=%.0f/s (%s) "
                            + "ceiling=%.0f/s (%s) ratio=%.2f (per pass against the ceilings either side: %s)%n",
                    n, nodes, guarantee, repeats, n / tunedSecs, rates(passes, n), n / medianCeilingSecs,
                    rates(ceilings, n), medianCeilingSecs / tunedSecs, pairRatios(passes, ceilings));
            Map<String, String> versus = BenchFleet.passThrough(a, "vs.");
            if (!versus.isEmpty()) {
                abPasses(fleet, guarantee, partitions, extra, versus, n, nodes, expectedAlerts, ceilingSecs, tunedSecs,
                        Integer.parseInt(a.getOrDefault("rounds", "2")));
            }
            if (Boolean.parseBoolean(a.getOrDefault("baseline", "false"))) {
                // The same topology with Kafka Streams' stock values instead of StreamsAppConfig's defaults, on the
                // same broker and pre-loaded topic, right after: a before/after from one run.
                Map<String, String> stock = new HashMap<>(extra);
                stock.put("commit.interval.ms", "100");
                stock.put("producer.linger.ms", "100");
                stock.put("producer.batch.size", "16384");
                runTopology(fleet, guarantee, partitions, stock, n, nodes, expectedAlerts, ceilingSecs, "stock");
            }
        }
    }

    /**
     * An A/B comparison in one run: after the timed ("tuned") pass, {@code rounds} rounds of a variant pass (the app
     * properties given as {@code vs.<key>=<value>} on top of the others) and another tuned pass, alternating, so both
     * see the same broker, topic and JIT and a drift of the shared machine falls on both alike.
     */
    static void abPasses(BenchFleet fleet, String guarantee, int partitions, Map<String, String> extra,
                         Map<String, String> versus, int n, int nodes, long expectedAlerts, double ceilingSecs,
                         double firstTunedSecs, int rounds) throws Exception {
        if (rounds < 1) {
            throw new IllegalArgumentException("rounds must be at least 1 (a variant pass per round), not " + rounds);
        }
        Map<String, String> variant = new HashMap<>(extra);
        variant.putAll(versus);
        List<Double> tuned = new ArrayList<>(List.of(firstTunedSecs));
        List<Double> other = new ArrayList<>();
        for (int r = 1; r <= rounds; r++) {
            other.add(runTopology(fleet, guarantee, partitions, variant, n, nodes, expectedAlerts, ceilingSecs,
                    "variant-" + r).secs());
            if (r < rounds) {
                tuned.add(runTopology(fleet, guarantee, partitions, extra, n, nodes, expectedAlerts, ceilingSecs,
                        "tuned-" + (r + 1)).secs());
            }
        }
        double tunedMean = tuned.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double otherMean = other.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        System.out.printf("RESULT ab variant %s: tuned %s hb/s, variant %s hb/s; variant/tuned throughput %.2f x%n",
                versus, rates(tuned, n), rates(other, n), tunedMean / otherMean);
    }

    private static String rates(List<Double> secs, int n) {
        return secs.stream().map(s -> String.format("%,.0f", n / s)).collect(Collectors.joining(" / "));
    }

    static final int MAX_AUTO_WARMUPS = 12;
    /**
     * A pass that compiled for less than this (us of JIT time per heartbeat) counts as settled. At 3.0 the timed passes
     * still compiled for 1.2-3.4 us per heartbeat, 10-30 % of the JVM's CPU on 2 cores (the in-process broker's and the
     * clients' code, recompiled as each pass goes from first heartbeats to repeats); at 1.0, reached after 6-8 passes,
     * they compile about as much as a long-running app would.
     */
    static final double SETTLED_JIT_MICROS = 1.0;

    /** Each pass's ratio against the mean of the ceilings timed right before and right after it. */
    private static String pairRatios(List<Double> passes, List<Double> ceilings) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < passes.size(); i++) {
            out.add(String.format("%.2f", (ceilings.get(i) + ceilings.get(i + 1)) / 2 / passes.get(i)));
        }
        return String.join(" / ", out);
    }

    /** One pass: seconds from the first to the n-th processed heartbeat, and the JIT's compile time per heartbeat. */
    record Pass(double secs, double jitCompileMicros) {
    }

    /** Times one pass of the topology. */
    static Pass runTopology(BenchFleet fleet, String guarantee, int partitions, Map<String, String> extra, int n,
                              int nodes, long expectedAlerts, double ceilingSecs, String label) throws Exception {
        return runTopology(fleet, guarantee, partitions, extra, n, nodes, expectedAlerts, ceilingSecs, label, false);
    }

    /** {@code watched}: the profiler records this pass, if one is configured (see PassMonitor). */
    static Pass runTopology(BenchFleet fleet, String guarantee, int partitions, Map<String, String> extra, int n,
                            int nodes, long expectedAlerts, double ceilingSecs, String label, boolean watched)
            throws Exception {
        BenchFleet.collectGarbage();
        try (FleetAuditStreamsApp app = fleet.app(guarantee, partitions, extra)) {
            Map<String, Long> offsetsBefore = endOffsets(fleet);
            Instant started = Instant.now();
            app.start();
            var processed = app.meterRegistry().get(io.fleetaudit.streams.StreamsMetrics.HEARTBEATS).counter();
            BenchFleet.awaitTrue("first heartbeat", Duration.ofMinutes(2), () -> processed.count() >= 1);
            Instant first = Instant.now();
            long cpu0 = cpuNanos();
            CpuSnapshot threads0 = CpuSnapshot.take();
            try (PassMonitor pass = new PassMonitor(label, () -> (long) processed.count(), StreamsThroughputBench::cpuNanos,
                    n, watched)) {
                BenchFleet.awaitTrue("all heartbeats", Duration.ofMinutes(30), pass);
            }
            Instant last = Instant.now();
            long cpuDelta = cpuNanos() - cpu0;
            CpuSnapshot threads1 = CpuSnapshot.take();
            printThreadCpu(label, threads0, threads1, cpuDelta, n);
            double cpuMicros = cpuDelta / 1000.0 / n;
            java.util.function.DoubleSupplier drifts = () -> app.meterRegistry()
                    .find(io.fleetaudit.streams.StreamsMetrics.ALERTS).tag("rule", "ARTIFACT_DRIFT").counters()
                    .stream().mapToDouble(c -> c.count()).sum();
            try {
                BenchFleet.awaitTrue("drift alerts", Duration.ofMinutes(2), () -> drifts.getAsDouble() >= expectedAlerts);
            } catch (IllegalStateException e) {
                describeDriftedNodes(app, nodes);
                throw new IllegalStateException(e.getMessage() + ": " + drifts.getAsDouble() + " of " + expectedAlerts
                        + " after " + processed.count() + " heartbeats processed, streams state " + app.streams().state(), e);
            }
            double topoSecs = Duration.between(first, last).toMillis() / 1000.0;
            printWrites(label, offsetsBefore, endOffsets(fleet), n);
            System.out.printf("topology %s %s: start->first %.1f s, first->last %.2f s = %,.0f hb/s, %d drift alerts, "
                            + "JVM CPU %.1f us/heartbeat%n",
                    label, guarantee, Duration.between(started, first).toMillis() / 1000.0, topoSecs, n / topoSecs,
                    expectedAlerts, cpuMicros);
            System.out.printf("RESULT %s heartbeats=%d nodes=%d guarantee=%s ceiling=%.0f/s topology=%.0f/s ratio=%.2f "
                            + "ratio_vs_standard_reader_ceiling=%.2f%n",
                    label, n, nodes, guarantee, n / ceilingSecs, n / topoSecs, ceilingSecs / topoSecs,
                    standardCeilingSecs / topoSecs);
            return new Pass(topoSecs, (threads1.jitNanos() - threads0.jitNanos()) / 1000.0 / n);
        }
    }

    /** CPU time so far of every live Java thread (by thread id), and the JIT's compilation and the GC's time (ns). */
    record CpuSnapshot(Map<Long, Long> threads, long jitNanos, long gcNanos) {
        static CpuSnapshot take() {
            var mx = java.lang.management.ManagementFactory.getThreadMXBean();
            Map<Long, Long> threads = new HashMap<>();
            for (long id : mx.getAllThreadIds()) {
                long t = mx.getThreadCpuTime(id);
                if (t >= 0) {
                    threads.put(id, t);
                }
            }
            var jit = java.lang.management.ManagementFactory.getCompilationMXBean();
            long jitMillis = jit == null || !jit.isCompilationTimeMonitoringSupported() ? 0 : jit.getTotalCompilationTime();
            long gcMillis = java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().stream()
                    .mapToLong(gc -> Math.max(0, gc.getCollectionTime())).sum();
            return new CpuSnapshot(threads, jitMillis * 1_000_000L, gcMillis * 1_000_000L);
        }
    }

    /**
     * Where a pass's CPU went, per heartbeat, by kind of thread: the stream threads themselves, their producers' I/O
     * threads, the in-process broker, other Java threads, and the rest of the process's CPU (JIT compilers, GC, VM:
     * threads Java does not list). Threads that ended during the pass are in the rest.
     */
    static void printThreadCpu(String label, CpuSnapshot before, CpuSnapshot after, long processNanos, int n) {
        var mx = java.lang.management.ManagementFactory.getThreadMXBean();
        Map<String, Long> byKind = new java.util.LinkedHashMap<>();
        for (String k : List.of("stream", "producer-io", "broker-handler", "broker-network", "other-java")) {
            byKind.put(k, 0L);
        }
        long java = 0;
        for (var e : after.threads().entrySet()) {
            var info = mx.getThreadInfo(e.getKey());
            long d = e.getValue() - before.threads().getOrDefault(e.getKey(), 0L);
            if (info == null || d <= 0) {
                continue;
            }
            String name = info.getThreadName();
            String kind = name.startsWith("kafka-producer-network-thread") ? "producer-io"
                    : name.contains("StreamThread") ? "stream"
                    : name.startsWith("data-plane-kafka-request-handler") ? "broker-handler"
                    : name.startsWith("data-plane-kafka-network-thread") ? "broker-network" : "other-java";
            byKind.merge(kind, d, Long::sum);
            java += d;
        }
        byKind.put("jit-gc-vm", Math.max(0, processNanos - java));
        StringBuilder sb = new StringBuilder("cpu      " + label + " (JVM CPU us/heartbeat by thread kind):");
        byKind.forEach((k, v) -> sb.append(String.format(" %s=%.1f", k, v / 1000.0 / n)));
        // Wall time the JIT compilers spent compiling and the collectors' pause/collection time: what jit-gc-vm is made of.
        long jitNanos = after.jitNanos() - before.jitNanos();
        long gcNanos = after.gcNanos() - before.gcNanos();
        sb.append(String.format(" (of which jit-compile-time=%.1f gc-time=%.1f)", jitNanos / 1000.0 / n,
                gcNanos / 1000.0 / n));
        System.out.println(sb);
    }

    /**
     * What a pass wrote, per topic (internal ones shown as {@code <app>-...}): offsets appended, per heartbeat. Offsets
     * include the transaction markers (one per partition a transaction touched), a few per commit; the rest are records.
     */
    static void printWrites(String label, Map<String, Long> before, Map<String, Long> after, int n) {
        StringBuilder sb = new StringBuilder("writes   " + label + " (offsets appended, per heartbeat):");
        after.forEach((topic, end) -> {
            long d = end - before.getOrDefault(topic, 0L);
            if (d > 0 && !topic.equals("__consumer_offsets") && !topic.equals("__transaction_state")) {
                sb.append(String.format(" %s=%,d (%.3f)", topic.replaceFirst("^bench-\\d+-", "<app>-"), d, (double) d / n));
            }
        });
        System.out.println(sb);
    }

    /** End offset summed over the partitions of every topic. */
    static Map<String, Long> endOffsets(BenchFleet fleet) throws Exception {
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(fleet.clientProps)) {
            Map<TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> specs = new HashMap<>();
            admin.describeTopics(admin.listTopics(new org.apache.kafka.clients.admin.ListTopicsOptions().listInternal(true))
                            .names().get()).allTopicNames().get().forEach((name, d) -> d.partitions()
                    .forEach(p -> specs.put(new TopicPartition(name, p.partition()),
                            org.apache.kafka.clients.admin.OffsetSpec.latest())));
            Map<String, Long> out = new java.util.TreeMap<>();
            admin.listOffsets(specs).all().get().forEach((tp, info) -> out.merge(tp.topic(), info.offset(), Long::sum));
            return out;
        }
    }

    /**
     * The Kafka Streams floor: an app with the same Streams settings (exactly-once, threads, commit interval) whose
     * topology only reads and decodes the heartbeats, like the ceiling but inside Kafka Streams. What the topology
     * costs beyond it is fleet-audit's own work; what the floor costs beyond the ceiling is the framework's.
     */
    static double streamsFloor(BenchFleet fleet, String guarantee, int partitions, Map<String, String> extra, int n,
                               double ceilingSecs) throws Exception {
        Map<String, Object> p = new HashMap<>(fleet.clientProps);
        p.put("application.id", "bench-floor-" + System.nanoTime());
        p.put("state.dir", fleet.tempDir("fa-bench-floor-").toString());
        p.put("processing.guarantee", guarantee);
        p.put("fleet.metrics.port", "-1");
        p.put("fleet.detect.partitions", Integer.toString(partitions));
        p.put("num.stream.threads", "2");
        p.putAll(extra);
        java.util.Properties props = new java.util.Properties();
        props.putAll(new io.fleetaudit.streams.StreamsAppConfig(p).streamsProperties());
        var decoder = fleet.topics.heartbeats().valueSerde().deserializer();
        String topic = fleet.topics.heartbeats().name();
        java.util.concurrent.atomic.LongAdder seen = new java.util.concurrent.atomic.LongAdder();
        org.apache.kafka.streams.StreamsBuilder b = new org.apache.kafka.streams.StreamsBuilder();
        b.stream(topic, org.apache.kafka.streams.kstream.Consumed.with(
                        org.apache.kafka.common.serialization.Serdes.String(),
                        org.apache.kafka.common.serialization.Serdes.ByteArray()).withName("floor-source"))
                .foreach((k, v) -> {
                    if (decoder.deserialize(topic, v).getSequence() >= 0) {
                        seen.increment();
                    }
                }, org.apache.kafka.streams.kstream.Named.as("floor-decode"));
        try (org.apache.kafka.streams.KafkaStreams streams = new org.apache.kafka.streams.KafkaStreams(b.build(), props)) {
            streams.start();
            BenchFleet.awaitTrue("floor first record", Duration.ofMinutes(2), () -> seen.sum() >= 1);
            Instant first = Instant.now();
            long cpu0 = cpuNanos();
            BenchFleet.awaitTrue("floor all records", Duration.ofMinutes(30), () -> seen.sum() >= n);
            double secs = Duration.between(first, Instant.now()).toMillis() / 1000.0;
            System.out.printf("floor    Kafka Streams read+decode only, %s: %.2f s = %,.0f hb/s (%.2f x ceiling), "
                    + "JVM CPU %.1f us/heartbeat%n", guarantee, secs, n / secs, ceilingSecs / secs,
                    (cpuNanos() - cpu0) / 1000.0 / n);
            return secs;
        }
    }

    /** On a missed drift alert: what the app thinks of the drifted nodes (states, violations), for the report. */
    static void describeDriftedNodes(FleetAuditStreamsApp app, int nodes) {
        var store = app.streams().store(org.apache.kafka.streams.StoreQueryParameters.fromNameAndType(
                "node-status-store", org.apache.kafka.streams.state.QueryableStoreTypes
                        .<String, io.fleetaudit.contracts.NodeStatus>keyValueStore()));
        Map<String, Integer> byState = new java.util.TreeMap<>();
        int shown = 0;
        for (int node = 0; node < nodes; node += 100) {
            var s = store.get("node-" + node);
            String state = s == null ? "ABSENT" : s.getState() + " " + s.getViolations().stream().map(v -> v.getRule()).toList();
            byState.merge(state, 1, Integer::sum);
            if (s != null && s.getViolations().stream().noneMatch(v -> v.getRule().equals("ARTIFACT_DRIFT")) && shown++ < 5) {
                System.out.println("drifted node without ARTIFACT_DRIFT: " + s);
            }
        }
        System.out.println("drifted nodes by state: " + byState);
    }

    /** Avro's standard reader over the Confluent framing, as the serde read before (see AvroDecodeBench.standardReader). */
    static Deserializer<Heartbeat> standardReader() {
        SpecificDatumReader<Heartbeat> reader = io.fleetaudit.bench.serde.AvroDecodeBench.standardReader();
        return (topic, bytes) -> {
            try {
                return reader.read(null, DecoderFactory.get().binaryDecoder(bytes, 5, bytes.length - 5, null));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
    }

    static double plainConsumer(BenchFleet fleet, int n, Deserializer<Heartbeat> decoder, String label) {
        Map<String, Object> c = new HashMap<>(fleet.clientProps);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "ceiling-" + UUID.randomUUID());
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        try (KafkaConsumer<String, Heartbeat> consumer = new KafkaConsumer<>(c, new StringDeserializer(), decoder)) {
            String topic = fleet.topics.heartbeats().name();
            List<TopicPartition> parts = consumer.partitionsFor(topic).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            long seen = 0;
            long checksum = 0;
            BenchFleet.collectGarbage();
            Instant start = Instant.now();
            long cpu0 = cpuNanos();
            while (seen < n) {
                for (var r : consumer.poll(Duration.ofMillis(500))) {
                    checksum += r.value().getSequence(); // touch the decoded value
                    seen++;
                }
            }
            double secs = Duration.between(start, Instant.now()).toMillis() / 1000.0;
            System.out.printf("ceiling  (%s) JVM CPU %.1f us/heartbeat (consumer + the in-process broker serving it)%n",
                    label, (cpuNanos() - cpu0) / 1000.0 / n);
            if (checksum == 42) {
                System.out.print("");
            }
            return secs;
        }
    }

    /**
     * CPU time of the whole benchmark JVM (client threads and the in-process broker): per heartbeat it is steadier than
     * wall time on a shared machine, because waiting for a core does not count.
     */
    static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    static Map<String, String> args(String[] args) {
        Map<String, String> out = new HashMap<>();
        for (String s : args) {
            int eq = s.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("arguments are key=value, got " + s);
            }
            out.put(s.substring(0, eq), s.substring(eq + 1));
        }
        return out;
    }
}
