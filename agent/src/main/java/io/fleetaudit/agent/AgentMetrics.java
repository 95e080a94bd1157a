package io.fleetaudit.agent;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Owns the agent's meter names and tags. Input: a Micrometer {@link MeterRegistry} (or null) and the node id
 * (tag {@code node}, so several in-process agents in the demo stay apart); output: the meters below,
 * exposed by the optional Prometheus endpoint ({@code metrics.port}).
 *
 * <p>The counts live in plain atomics, so {@link #sentCount()} and friends work with or without a registry.
 * The standalone agent passes null when the endpoint is off: nobody could read the meters, and a registry
 * loads about 100 Micrometer classes (~0.8 MiB resident) for nothing.
 */
public final class AgentMetrics {
  public static final String HEARTBEATS_SENT = "fleet.audit.agent.heartbeats.sent";
  public static final String SEND_FAILURES = "fleet.audit.agent.send.failures";
  public static final String COLLECT_DURATION = "fleet.audit.agent.collect.duration";
  public static final String FILES_HASHED = "fleet.audit.agent.files.hashed";
  public static final String PENDING = "fleet.audit.agent.heartbeats.pending";
  public static final String CONFIG_FILES = "fleet.audit.agent.config.files";

  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final AtomicLong filesHashed = new AtomicLong();
  private final AtomicInteger pending = new AtomicInteger();
  private final AtomicInteger configFiles = new AtomicInteger();
  private final Timer collect;

  /** {@code registry} null = count only, register no meters. */
  public AgentMetrics(MeterRegistry registry, String nodeId) {
    if (registry == null) {
      collect = null;
      return;
    }
    Tags tags = Tags.of("node", nodeId);
    FunctionCounter.builder(HEARTBEATS_SENT, sent, AtomicLong::doubleValue).tags(tags)
        .description("Heartbeats acknowledged by the broker").register(registry);
    FunctionCounter.builder(SEND_FAILURES, failures, AtomicLong::doubleValue).tags(tags)
        .description("Heartbeat sends that failed (broker or registry unreachable)").register(registry);
    collect = Timer.builder(COLLECT_DURATION).tags(tags).description("Time to collect one heartbeat").register(registry);
    FunctionCounter.builder(FILES_HASHED, filesHashed, AtomicLong::doubleValue).tags(tags)
        .description("Files whose content was read and hashed (cache misses)").register(registry);
    Gauge.builder(PENDING, pending, AtomicInteger::get).tags(tags).description("1 while a heartbeat waits for the broker").register(registry);
    Gauge.builder(CONFIG_FILES, configFiles, AtomicInteger::get).tags(tags).description("Watched config files in the last scan").register(registry);
  }

  public void sent() { sent.incrementAndGet(); }
  public void sendFailed() { failures.incrementAndGet(); }
  /** Records the time one collection took. */
  public void collected(long nanos) { if (collect != null) { collect.record(nanos, TimeUnit.NANOSECONDS); } }
  public void filesHashed(long n) { if (n > 0) { filesHashed.addAndGet(n); } }
  public void pending(boolean p) { pending.set(p ? 1 : 0); }
  public void configFiles(int n) { configFiles.set(n); }
  public double sentCount() { return sent.get(); }
  public double failureCount() { return failures.get(); }
  public double filesHashedCount() { return filesHashed.get(); }
}
