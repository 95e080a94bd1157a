package io.fleetaudit.agent;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Owns the agent's meter names and tags. Input: a Micrometer {@link MeterRegistry} and the node id
 * (tag {@code node}, so several in-process agents in the demo stay apart); output: the meters below,
 * exposed by the optional Prometheus endpoint ({@code metrics.port}).
 */
public final class AgentMetrics {
  public static final String HEARTBEATS_SENT = "fleet.audit.agent.heartbeats.sent";
  public static final String SEND_FAILURES = "fleet.audit.agent.send.failures";
  public static final String COLLECT_DURATION = "fleet.audit.agent.collect.duration";
  public static final String FILES_HASHED = "fleet.audit.agent.files.hashed";
  public static final String PENDING = "fleet.audit.agent.heartbeats.pending";
  public static final String CONFIG_FILES = "fleet.audit.agent.config.files";

  private final Counter sent;
  private final Counter failures;
  private final Timer collect;
  private final Counter filesHashed;
  private final AtomicInteger pending = new AtomicInteger();
  private final AtomicInteger configFiles = new AtomicInteger();

  public AgentMetrics(MeterRegistry registry, String nodeId) {
    Tags tags = Tags.of("node", nodeId);
    sent = Counter.builder(HEARTBEATS_SENT).tags(tags).description("Heartbeats acknowledged by the broker").register(registry);
    failures = Counter.builder(SEND_FAILURES).tags(tags).description("Heartbeat sends that failed (broker or registry unreachable)").register(registry);
    collect = Timer.builder(COLLECT_DURATION).tags(tags).description("Time to collect one heartbeat").register(registry);
    filesHashed = Counter.builder(FILES_HASHED).tags(tags).description("Files whose content was read and hashed (cache misses)").register(registry);
    Gauge.builder(PENDING, pending, AtomicInteger::get).tags(tags).description("1 while a heartbeat waits for the broker").register(registry);
    Gauge.builder(CONFIG_FILES, configFiles, AtomicInteger::get).tags(tags).description("Watched config files in the last scan").register(registry);
  }

  public void sent() { sent.increment(); }
  public void sendFailed() { failures.increment(); }
  public Timer collectTimer() { return collect; }
  public void filesHashed(long n) { if (n > 0) { filesHashed.increment(n); } }
  public void pending(boolean p) { pending.set(p ? 1 : 0); }
  public void configFiles(int n) { configFiles.set(n); }
  public double sentCount() { return sent.count(); }
  public double failureCount() { return failures.count(); }
  public double filesHashedCount() { return filesHashed.count(); }
}
