package io.fleetaudit.bench.streams;

import io.fleetaudit.contracts.Alert;
import io.fleetaudit.contracts.AlertStatus;
import io.fleetaudit.contracts.Heartbeat;
import io.fleetaudit.streams.FleetAuditStreamsApp;
import io.fleetaudit.streams.StreamsMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Detection latency under steady load: heartbeats at a fixed rate for a fleet of nodes, with drifts injected
 * (a node switches to a drifted artifact digest), measuring heartbeat sentAt to the FIRING alert being visible to
 * a read_committed consumer of fleet.alerts.v1. Prints p50/p99/max.
 * <p>Usage: StreamsLatencyBench [rate=10000] [nodes=10000] [drifts=1000] [seconds=60] [warmup=10 s without drifts] [partitions=6]
 * [guarantee=exactly_once_v2] [set.&lt;streams key&gt;=value ...: any app property]
 */
public final class StreamsLatencyBench {
    private StreamsLatencyBench() {
    }

    public static void main(String[] args) throws Exception {
        BenchFleet.printJvm();
        Map<String, String> a = StreamsThroughputBench.args(args);
        int rate = Integer.parseInt(a.getOrDefault("rate", "10000"));
        int nodes = Integer.parseInt(a.getOrDefault("nodes", "10000"));
        int drifts = Integer.parseInt(a.getOrDefault("drifts", "1000"));
        int seconds = Integer.parseInt(a.getOrDefault("seconds", "60"));
        int partitions = Integer.parseInt(a.getOrDefault("partitions", "6"));
        String guarantee = a.getOrDefault("guarantee", "exactly_once_v2");
        try (BenchFleet fleet = new BenchFleet(nodes, Math.max(1, nodes / 100), partitions);
             FleetAuditStreamsApp app = fleet.app(guarantee, partitions, BenchFleet.passThrough(a))) {
            fleet.declareAll();
            app.start();
            app.awaitRunning(Duration.ofMinutes(2));
            List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
            AtomicBoolean stop = new AtomicBoolean();
            Thread tail = new Thread(() -> tailAlerts(fleet, latencies, stop), "alert-tail");
            tail.start();
            long[] driftAt = new long[drifts]; // node k (k < drifts) drifts from this offset (ms) into the run
            long warmupMs = Long.parseLong(a.getOrDefault("warmup", "10")) * 1000L; // no drift before: start-up backlog
            for (int k = 0; k < drifts; k++) {
                driftAt[k] = warmupMs + (long) k * (seconds * 1000L - warmupMs - 5_000) / drifts;
            }
            long runStartMs = System.currentTimeMillis();
            try (KafkaProducer<String, Heartbeat> p = fleet.heartbeatProducer()) {
                Instant start = Instant.now();
                long sent = 0;
                long seq = 0;
                int perTick = Math.max(1, rate / 100);
                while (Duration.between(start, Instant.now()).getSeconds() < seconds) {
                    long elapsedMs = Duration.between(start, Instant.now()).toMillis();
                    long due = elapsedMs * rate / 1000;
                    while (sent < due) {
                        int node = (int) (sent % nodes);
                        if (node == 0) {
                            seq++;
                        }
                        // Drift injection: nodes spread out (every nodes/drifts-th node) go drifted at their time.
                        int k = drifts == 0 ? -1 : node % Math.max(1, nodes / drifts) == 0 ? node / Math.max(1, nodes / drifts) : -1;
                        boolean drifted = k >= 0 && k < drifts && elapsedMs >= driftAt[k];
                        Heartbeat hb = fleet.heartbeat(node, seq, drifted, Instant.now());
                        p.send(new ProducerRecord<>(fleet.topics.heartbeats().name(), hb.getNodeId(), hb));
                        sent++;
                        if (sent % perTick == 0) {
                            break;
                        }
                    }
                    Thread.sleep(1); // pace the generator at the requested rate
                }
                p.flush();
                System.out.printf("sent %,d heartbeats in %d s (%,d/s target %,d/s)%n", sent, seconds, sent / seconds, rate);
            }
            BenchFleet.awaitTrue("all drift alerts", Duration.ofSeconds(60), () -> latencies.size() >= drifts);
            stop.set(true);
            tail.join();
            printTimeline(runStartMs);
            List<Long> sorted = new ArrayList<>(latencies);
            Collections.sort(sorted);
            long p50 = sorted.get(sorted.size() / 2);
            long p99 = sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(sorted.size() * 0.99) - 1));
            long max = sorted.get(sorted.size() - 1);
            var timer = app.metrics().detectionLatencyTimer();
            System.out.printf("RESULT rate=%d nodes=%d drifts=%d guarantee=%s sentAt->visible(read_committed) "
                    + "p50=%d ms p99=%d ms max=%d ms; in-app sentAt->emitted mean=%.1f ms max=%.1f ms%n",
                    rate, nodes, sorted.size(), guarantee, p50, p99, max,
                    timer.mean(java.util.concurrent.TimeUnit.MILLISECONDS), timer.max(java.util.concurrent.TimeUnit.MILLISECONDS));
            System.out.printf("heartbeats processed by the app: %,.0f%n",
                    app.meterRegistry().get(StreamsMetrics.HEARTBEATS).counter().count());
        }
    }

    /** (arrival wall clock, latency) of every measured alert, for the per-5-s breakdown: where a tail comes from. */
    private static final List<long[]> TIMELINE = Collections.synchronizedList(new ArrayList<>());

    private static void printTimeline(long startMs) {
        Map<Long, long[]> buckets = new java.util.TreeMap<>(); // 5 s bucket -> {count, max}
        synchronized (TIMELINE) {
            for (long[] e : TIMELINE) {
                long[] b = buckets.computeIfAbsent((e[0] - startMs) / 5000, k -> new long[2]);
                b[0]++;
                b[1] = Math.max(b[1], e[1]);
            }
        }
        StringBuilder sb = new StringBuilder("alerts per 5 s since start (count/max ms):");
        buckets.forEach((k, b) -> sb.append(' ').append(k * 5).append("s:").append(b[0]).append('/').append(b[1]));
        System.out.println(sb);
    }

    private static void tailAlerts(BenchFleet fleet, List<Long> latencies, AtomicBoolean stop) {
        Map<String, Object> c = new HashMap<>(fleet.clientProps);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "latency-" + UUID.randomUUID());
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
        try (KafkaConsumer<String, Alert> consumer = new KafkaConsumer<>(c, new StringDeserializer(),
                fleet.topics.alerts().valueSerde().deserializer())) {
            String topic = fleet.topics.alerts().name();
            List<TopicPartition> parts = consumer.partitionsFor(topic).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            while (!stop.get()) {
                for (var r : consumer.poll(Duration.ofMillis(50))) {
                    long now = System.currentTimeMillis();
                    Alert alert = r.value();
                    if (alert.getStatus() == AlertStatus.FIRING && alert.getRule().equals("ARTIFACT_DRIFT")
                            && alert.getTriggerSentAt() != null) {
                        latencies.add(now - alert.getTriggerSentAt().toEpochMilli());
                        TIMELINE.add(new long[] {now, now - alert.getTriggerSentAt().toEpochMilli()});
                    }
                }
            }
        }
    }
}
