package io.fleetaudit.agent;

import io.fleetaudit.agent.config.AgentConfig;
import io.fleetaudit.agent.identity.IdentityResolver;
import io.fleetaudit.agent.identity.NodeIdentity;
import io.fleetaudit.agent.publish.AvroHeartbeats;
import io.fleetaudit.agent.publish.HeartbeatPublisher;
import io.fleetaudit.agent.publish.HeartbeatSerializer;
import io.fleetaudit.agent.publish.SequenceStore;
import io.fleetaudit.agent.model.Heartbeat;
import io.fleetaudit.schemas.serde.SpecificAvroSerializer;
import io.fleetaudit.schemas.topics.HeartbeatPartitioner;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One host agent: collects the node's state and publishes it as heartbeats. Input: an
 * {@link AgentConfig} (and optionally a producer, meter registry, environment and clock, so the demo
 * can run several simulated nodes in one JVM); output: heartbeats on {@code config.topic()} every
 * interval (±jitter), immediately (debounced) when a watched file changes, and a final one marked
 * {@code stopping} on {@link #close()}. {@link #start()} runs it on one daemon thread;
 * {@link #triggerNow()} collects and publishes at once. Nothing a node does (unreadable files, failing
 * commands, an unreachable broker) stops the loop.
 */
public final class Agent implements AutoCloseable {
  /** How long {@link #close()} may take in total: systemd and Kubernetes allow more, the issue 5 s. */
  public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofMillis(4_000);
  private static final Logger LOG = LoggerFactory.getLogger(Agent.class);

  private final AgentConfig config;
  private final NodeIdentity identity;
  private final HeartbeatCollector collector;
  private final Producer<String, ?> producer;
  private final boolean ownsProducer;
  private final AgentMetrics metrics;
  private final SequenceStore sequence;
  private final ScheduledExecutorService exec;
  private final HeartbeatPublisher<?> publisher;
  private final ChangeWatcher watcher;
  private volatile Heartbeat lastState;
  private long filesReadSoFar;
  private boolean debouncePending;
  private boolean started;
  private volatile boolean closed;

  /** Production wiring: producer and serializer from the config, process environment, system clock. */
  public Agent(AgentConfig config) {
    this(config, System.getenv(), null, new SimpleMeterRegistry(), Clock.systemUTC());
  }

  /** With a caller-owned producer (not closed by the agent), e.g. one shared by simulated nodes. */
  public Agent(AgentConfig config, Producer<String, io.fleetaudit.contracts.Heartbeat> producer) {
    this(config, System.getenv(), producer, new SimpleMeterRegistry(), Clock.systemUTC());
  }

  /**
   * Full wiring. {@code producer} null = create one from {@code config.kafka()} and {@code config.serde()}
   * with the agent's own {@link HeartbeatSerializer} (and close it on {@link #close()}); a caller's producer of
   * the generated Avro class gets each heartbeat converted (this loads Avro's schema parser, the null path does not).
   * {@code registry} null = no meters (the counts in {@link #metrics()} still work).
   */
  public Agent(AgentConfig config, Map<String, String> env, Producer<String, io.fleetaudit.contracts.Heartbeat> producer,
               MeterRegistry registry, Clock clock) {
    this.config = config;
    this.identity = new IdentityResolver(env).resolve(config);
    this.collector = new HeartbeatCollector(config, identity, env);
    this.metrics = new AgentMetrics(registry, identity.nodeId());
    this.sequence = new SequenceStore(config.stateFile());
    this.ownsProducer = producer == null;
    this.exec = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "fleet-audit-agent-" + identity.nodeId());
      t.setDaemon(true);
      return t;
    });
    if (producer != null) {
      this.producer = producer;
      this.publisher = new HeartbeatPublisher<>(producer, AvroHeartbeats::toAvro, config.topic(), sequence, clock, metrics, exec);
    } else {
      Producer<String, Heartbeat> own = createAgentProducer(config, identity.nodeId());
      this.producer = own;
      this.publisher = HeartbeatPublisher.direct(own, config.topic(), sequence, clock, metrics, exec);
    }
    this.watcher = new ChangeWatcher(collector::directoriesToWatch, this::changeDetected,
        "fleet-audit-watch-" + identity.nodeId());
  }

  /** Producer settings: safe defaults (idempotent, acks=all, lz4, short timeouts), then {@code kafka.*}. */
  public static Map<String, Object> producerProperties(AgentConfig config, String nodeId) {
    Map<String, Object> p = new HashMap<>();
    p.put(ProducerConfig.CLIENT_ID_CONFIG, "fleet-audit-agent-" + nodeId);
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    // Key = node id, partition = its service's: the streams app detects a heartbeat where it lands (no repartition).
    p.put(ProducerConfig.PARTITIONER_CLASS_CONFIG, HeartbeatPartitioner.class.getName());
    p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
    // Bounded waits: a heartbeat older than this is worth less than the next one (state, not events).
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "5000");
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "10000");
    p.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "2000");
    p.put(ProducerConfig.RETRY_BACKOFF_MAX_MS_CONFIG, "2000");
    // One heartbeat at a time is in flight; a small pool keeps the footprint small.
    p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, String.valueOf(1 << 20));
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(64 * 1024));
    // Client telemetry push (KIP-714) is off: its shaded libraries are not in the agent's jar.
    p.put(ProducerConfig.ENABLE_METRICS_PUSH_CONFIG, "false");
    // No JMX reporter: the agent exposes its own metrics; JMX beans per client cost memory for nothing.
    p.put(ProducerConfig.METRIC_REPORTER_CLASSES_CONFIG, "");
    p.putAll(config.kafka());
    return p;
  }

  /**
   * A producer with the agent's settings and serializer; {@code clientSuffix} names it. The demo can
   * share one between simulated nodes and pass it to {@link #Agent(AgentConfig, Producer)}.
   */
  public static Producer<String, io.fleetaudit.contracts.Heartbeat> createProducer(AgentConfig config, String clientSuffix) {
    SpecificAvroSerializer<io.fleetaudit.contracts.Heartbeat> values =
        new SpecificAvroSerializer<>(io.fleetaudit.contracts.Heartbeat.class);
    values.configure(config.serde(), false);
    return new KafkaProducer<>(producerProperties(config, clientSuffix), new StringSerializer(), values);
  }

  /** The agent's own producer: the same settings, values written by {@link HeartbeatSerializer} (no Avro parser). */
  static Producer<String, Heartbeat> createAgentProducer(AgentConfig config, String clientSuffix) {
    HeartbeatSerializer values = new HeartbeatSerializer();
    try {
      values.configure(config.serde(), false);
      return new KafkaProducer<>(producerProperties(config, clientSuffix), new StringSerializer(), values);
    } catch (RuntimeException e) {
      values.close();
      throw e;
    }
  }

  /** Starts collecting and publishing; the first heartbeat is collected and offered right away. */
  public synchronized Agent start() {
    if (started) {
      throw new IllegalStateException("already started");
    }
    started = true;
    exec.execute(this::tick);
    boolean watching = config.watch() && watcher.start();
    if (!watching) {
      long period = config.checkPeriod().toMillis();
      exec.scheduleWithFixedDelay(this::collectIfChanged, period, period, TimeUnit.MILLISECONDS);
    }
    LOG.info("agent {} started: service={} environment={} interval={} topic={} change detection={}",
        identity.nodeId(), identity.service(), identity.environment(), config.interval(), config.topic(),
        watching ? "watch" : "poll every " + config.checkPeriod());
    return this;
  }

  /** Collects now and publishes the result (even if unchanged). Completes with the collected state. */
  public CompletableFuture<Heartbeat> triggerNow() {
    return CompletableFuture.supplyAsync(() -> {
      Heartbeat state = collect();
      publisher.offer(state);
      return state;
    }, exec);
  }

  private void tick() {
    try {
      Heartbeat state = collect();
      publisher.offer(state);
    } catch (RuntimeException e) {
      LOG.error("heartbeat tick failed; will retry next interval", e);
    } finally {
      if (!closed) {
        double j = config.jitter();
        double factor = 1.0 + (j == 0 ? 0 : ThreadLocalRandom.current().nextDouble(-j, j));
        long next = Math.max(1, Math.round(config.interval().toMillis() * factor));
        try {
          exec.schedule(this::tick, next, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
          // closing
        }
      }
    }
  }

  private void changeDetected() {
    synchronized (this) {
      if (debouncePending || closed) {
        return;
      }
      debouncePending = true;
    }
    try {
      exec.schedule(this::collectIfChanged, config.debounce().toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException stopping) {
      // closing
    }
  }

  private void collectIfChanged() {
    synchronized (this) {
      debouncePending = false;
    }
    try {
      Heartbeat previous = lastState;
      Heartbeat state = collect();
      if (!state.equals(previous)) {
        publisher.offer(state);
      }
    } catch (RuntimeException e) {
      LOG.error("change check failed", e);
    }
  }

  /** Collects the current state (no publishing). Runs on the caller's thread; used by ticks and --print. */
  Heartbeat collect() {
    long start = System.nanoTime();
    Heartbeat state;
    synchronized (collector) {
      state = collector.collect();
      long read = collector.configFilesRead();
      metrics.filesHashed(read - filesReadSoFar);
      filesReadSoFar = read;
    }
    metrics.collected(System.nanoTime() - start);
    metrics.configFiles(collector.lastConfig().totalFiles());
    lastState = state;
    return state;
  }

  /** Stops with {@link #DEFAULT_STOP_TIMEOUT}: final heartbeat marked stopping, then producer closed. */
  @Override
  public void close() {
    stop(DEFAULT_STOP_TIMEOUT);
  }

  /** Stops within {@code timeout}: stops the loop, sends the final stopping heartbeat, closes. */
  public void stop(Duration timeout) {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    watcher.close();
    exec.shutdown();
    try {
      if (!exec.awaitTermination(Math.min(1000, remainingMs(deadline) / 4), TimeUnit.MILLISECONDS)) {
        exec.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Heartbeat state = lastState;
    if (state == null) {
      state = collect();
    }
    // Keep a quarter of the budget for closing the producer.
    boolean acked = publisher.sendFinal(state, Duration.ofMillis(remainingMs(deadline) * 3 / 4));
    if (acked) {
      LOG.info("agent {} stopped; final heartbeat sent", identity.nodeId());
    } else {
      LOG.warn("agent {} stopped; the final heartbeat could not be delivered in time", identity.nodeId());
    }
    if (ownsProducer) {
      producer.close(Duration.ofMillis(Math.max(0, remainingMs(deadline))));
    }
    sequence.close();
  }

  private static long remainingMs(long deadline) {
    return Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
  }

  public NodeIdentity identity() {
    return identity;
  }

  public AgentConfig config() {
    return config;
  }

  public AgentMetrics metrics() {
    return metrics;
  }

  /** The last state collected (sequence 0, unstamped), or null before the first collection. */
  public Heartbeat lastState() {
    return lastState;
  }

  /** The last heartbeat acknowledged by the broker, or null. */
  public Heartbeat lastSent() {
    return publisher.lastSent();
  }

  public boolean isRunning() {
    return started && !closed;
  }
}
