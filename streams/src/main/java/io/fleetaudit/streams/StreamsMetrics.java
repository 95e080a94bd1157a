package io.fleetaudit.streams;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Owns every meter name and tag of the streams module: nodes per state per service (gauge), alerts fired and
 * resolved per rule, heartbeats processed, dead letters per stage, and the detection latency timer
 * (heartbeat sentAt to alert emitted, with p50/p90/p99). Input: a MeterRegistry; thread-safe.
 */
public final class StreamsMetrics {
    public static final String NODES = "fleet_audit_nodes";
    public static final String ALERTS = "fleet_audit_alerts";
    public static final String HEARTBEATS = "fleet_audit_heartbeats_processed";
    public static final String DEAD_LETTERS = "fleet_audit_dead_letters";
    public static final String DETECTION_LATENCY = "fleet_audit_detection_latency";

    private final MeterRegistry registry;
    private final Counter heartbeats;
    private final Timer latency;
    private final Map<GaugeKey, AtomicLong> nodeGauges = new ConcurrentHashMap<>();
    /** Meters looked up once per tag set: Counter.builder(...).register(...) on every event allocates and hashes. */
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    public StreamsMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.heartbeats = Counter.builder(HEARTBEATS).description("Heartbeats processed by the detection topology")
                .register(registry);
        this.latency = Timer.builder(DETECTION_LATENCY)
                .description("Heartbeat sentAt (skew-bounded) to alert emitted")
                .publishPercentiles(0.5, 0.9, 0.99).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(1))
                .register(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    public void heartbeatProcessed() {
        heartbeats.increment();
    }

    public void alertFired(String rule) {
        alertCounter(rule, "firing").increment();
    }

    public void alertResolved(String rule) {
        alertCounter(rule, "resolved").increment();
    }

    private Counter alertCounter(String rule, String status) {
        return counters.computeIfAbsent(ALERTS + '\u0000' + rule + '\u0000' + status,
                k -> Counter.builder(ALERTS).tag("rule", rule).tag("status", status).register(registry));
    }

    public void detectionLatency(Duration d) {
        latency.record(d.isNegative() ? Duration.ZERO : d);
    }

    public Timer detectionLatencyTimer() {
        return latency;
    }

    public void deadLetter(String stage) {
        counters.computeIfAbsent(DEAD_LETTERS + '\u0000' + stage,
                k -> Counter.builder(DEAD_LETTERS).tag("stage", stage).register(registry)).increment();
    }

    public double deadLetters(String stage) {
        Counter c = registry.find(DEAD_LETTERS).tag("stage", stage).counter();
        return c == null ? 0 : c.count();
    }

    /** Adds delta to the number of nodes of service+environment in a state (tasks add on load, subtract on close). */
    public void nodes(String service, String environment, String state, long delta) {
        nodeGauges.computeIfAbsent(new GaugeKey(service, environment, state), x -> {
            AtomicLong v = new AtomicLong();
            Gauge.builder(NODES, v, AtomicLong::get).description("Nodes per state per service")
                    .tag("service", service).tag("environment", environment).tag("state", state).register(registry);
            return v;
        }).addAndGet(delta);
    }

    private record GaugeKey(String service, String environment, String state) {
    }
}
