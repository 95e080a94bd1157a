package io.fleetaudit.cli.demo;

import io.fleetaudit.registry.LocalSchemaRegistry;
import io.fleetaudit.schemas.topics.TopicCatalogue;
import io.fleetaudit.streams.FleetAuditStreamsApp;
import io.fleetaudit.streams.StreamsAppConfig;
import io.fleetaudit.testkit.EmbeddedKafka;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Everything the demo embeds in one process: a KRaft broker (data under the demo's data directory),
 * the local schema registry, the streams app with its Prometheus endpoint and query API. Input:
 * a data directory and how often time rules run. Output: the URLs and client settings the rest of the
 * demo (and the user) connect with. {@link #close()} stops everything in reverse order.
 */
public final class DemoStack implements AutoCloseable {

  private EmbeddedKafka kafka;
  private LocalSchemaRegistry registry;
  private FleetAuditStreamsApp streams;

  private DemoStack() {
  }

  /** Starts the stack; on failure whatever was started is stopped again. */
  public static DemoStack start(Path dataDir, Duration punctuateInterval) {
    DemoStack s = new DemoStack();
    try {
      s.kafka = quietly(() -> EmbeddedKafka.start(dataDir.resolve("kafka")));
      s.registry = LocalSchemaRegistry.start(s.kafka.bootstrapServers(), "127.0.0.1", 0);
      Map<String, Object> props = new HashMap<>(s.clientConfig());
      props.put("application.id", "fleet-audit-demo");
      props.put("state.dir", dataDir.resolve("streams").toString());
      // A demo shows results as they happen: commit (and so emit, with exactly-once) often.
      props.put("commit.interval.ms", "100");
      props.put(StreamsAppConfig.HTTP_HOST, "127.0.0.1");
      props.put(StreamsAppConfig.METRICS_PORT, "0");
      props.put(StreamsAppConfig.QUERY_PORT, "0");
      props.put(StreamsAppConfig.PUNCTUATE_INTERVAL_MS, Long.toString(Math.max(10, punctuateInterval.toMillis())));
      // The "no false storm" gate closes for this long whenever heartbeats arrive bunched up, which a
      // busy laptop running broker, streams and eight agents in one JVM does often; the demo's story
      // has seconds, not minutes, to show a dead node.
      props.put(StreamsAppConfig.MISSING_SETTLE_MS, "2000");
      s.streams = new FleetAuditStreamsApp(new StreamsAppConfig(props), Clock.systemUTC()).start();
      s.streams.awaitRunning(Duration.ofSeconds(60));
      return s;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      s.close();
      throw new IllegalStateException("interrupted while starting the demo stack", e);
    } catch (RuntimeException e) {
      s.close();
      throw e;
    }
  }

  /**
   * Kafka's storage formatter prints to System.out; the demo's own output stream was taken before, so
   * silencing System.out while the broker formats its directory keeps the story readable.
   */
  static <T> T quietly(java.util.function.Supplier<T> action) {
    java.io.PrintStream original = System.out;
    System.setOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
    try {
      return action.get();
    } finally {
      System.setOut(original);
    }
  }

  public String bootstrapServers() {
    return kafka.bootstrapServers();
  }

  public String registryUrl() {
    return registry.url();
  }

  public String queryUrl() {
    return "http://127.0.0.1:" + streams.queryPort();
  }

  public String metricsUrl() {
    return "http://127.0.0.1:" + streams.metricsPort() + "/metrics";
  }

  /** Client settings every producer and consumer of the demo uses (Kafka's and Confluent's own keys). */
  public Map<String, String> clientConfig() {
    return Map.of("bootstrap.servers", bootstrapServers(), "schema.registry.url", registryUrl());
  }

  public TopicCatalogue topics() {
    return streams.topics();
  }

  @Override
  public void close() {
    if (streams != null) {
      streams.close();
    }
    if (registry != null) {
      registry.close();
    }
    if (kafka != null) {
      kafka.close();
    }
  }
}
