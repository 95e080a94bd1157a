package io.fleetaudit.agent.publish;

import io.fleetaudit.agent.AgentMetrics;
import io.fleetaudit.agent.model.Heartbeat;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Sends heartbeats as state, not events. Input: collected states via {@link #offer}; output: records on
 * the heartbeat topic keyed by node id. At most one record is in flight; while it is, a newer state
 * replaces the pending one, so during an outage the producer never piles up stale heartbeats and the
 * first record after recovery carries the latest state. Sequence and {@code sentAt} are stamped when a
 * record is handed to the producer, so a retried state is never older than it claims. Failed sends are
 * retried with a backoff from 500 ms to 5 s; the loop never gives up and never throws.
 */
public final class HeartbeatPublisher<V> {
  private static final long MIN_BACKOFF_MS = 500;
  private static final long MAX_BACKOFF_MS = 5_000;

  private final Producer<String, V> producer;
  private final Function<Heartbeat, V> toValue;
  private final String topic;
  private final SequenceStore sequence;
  private final Clock clock;
  private final AgentMetrics metrics;
  private final ScheduledExecutorService exec;
  private final OutageLog outage;

  private Heartbeat pending;
  private boolean inFlight;
  private boolean retryScheduled;
  private boolean closed;
  private long backoffMs = MIN_BACKOFF_MS;
  private volatile Heartbeat lastSent;

  /** With the agent's own {@link HeartbeatSerializer}: the producer takes the heartbeat as is. */
  public static HeartbeatPublisher<Heartbeat> direct(Producer<String, Heartbeat> producer, String topic,
      SequenceStore sequence, Clock clock, AgentMetrics metrics, ScheduledExecutorService exec) {
    return new HeartbeatPublisher<>(producer, h -> h, topic, sequence, clock, metrics, exec);
  }

  /** {@code toValue} turns each stamped heartbeat into the producer's value type (e.g. the generated Avro class). */
  public HeartbeatPublisher(Producer<String, V> producer, Function<Heartbeat, V> toValue, String topic,
                            SequenceStore sequence, Clock clock, AgentMetrics metrics, ScheduledExecutorService exec) {
    this.producer = producer;
    this.toValue = toValue;
    this.topic = topic;
    this.sequence = sequence;
    this.clock = clock;
    this.metrics = metrics;
    this.exec = exec;
    this.outage = new OutageLog(clock);
  }

  /** Makes {@code state} the one pending heartbeat (replacing an older pending one) and sends if idle. */
  public void offer(Heartbeat state) {
    synchronized (this) {
      if (closed) {
        return;
      }
      pending = state;
      metrics.pending(true);
      if (inFlight || retryScheduled) {
        return;
      }
      inFlight = true;
    }
    sendPending();
  }

  private void sendPending() {
    Heartbeat state;
    synchronized (this) {
      state = pending;
      pending = null;
      if (state == null || closed) {
        inFlight = false;
        metrics.pending(false);
        return;
      }
    }
    Heartbeat record = stamp(state, false);
    try {
      producer.send(new ProducerRecord<>(topic, record.getNodeId(), toValue.apply(record)), (md, ex) -> completed(state, record, ex));
    } catch (RuntimeException e) {
      // Serialization (registry unreachable) or metadata timeouts surface here, synchronously.
      completed(state, record, e);
    }
  }

  private void completed(Heartbeat state, Heartbeat record, Exception ex) {
    boolean again;
    long delay;
    synchronized (this) {
      if (ex == null) {
        lastSent = record;
        backoffMs = MIN_BACKOFF_MS;
      } else if (pending == null) {
        pending = state; // nothing newer arrived: the failed state is still the latest truth
      }
      again = pending != null && !closed;
      delay = ex == null ? 0 : backoffMs;
      if (ex != null) {
        backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
      }
      inFlight = again;
      retryScheduled = again && delay > 0;
      if (!again) {
        metrics.pending(false);
      }
    }
    if (ex == null) {
      metrics.sent();
      outage.succeeded();
    } else {
      metrics.sendFailed();
      outage.failed(describe(ex));
    }
    if (again) {
      // Never send from the producer's I/O thread: send() may block on metadata.
      try {
        exec.schedule(this::retry, delay, TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.RejectedExecutionException closing) {
        synchronized (this) {
          inFlight = false;
          retryScheduled = false;
        }
      }
    }
  }

  private void retry() {
    synchronized (this) {
      retryScheduled = false;
    }
    sendPending();
  }

  /**
   * Sends {@code state} marked {@code stopping=true} and waits for the broker's ack up to {@code timeout}.
   * Later offers are ignored. Returns true when the final heartbeat was acknowledged.
   */
  public boolean sendFinal(Heartbeat state, Duration timeout) {
    synchronized (this) {
      closed = true;
      pending = null;
    }
    Heartbeat record = stamp(state, true);
    CompletableFuture<RecordMetadata> done = new CompletableFuture<>();
    // send() itself may block up to max.block.ms when the broker was never reached (no metadata):
    // call it on a throw-away daemon thread so the stop budget holds.
    Thread sender = new Thread(() -> {
      try {
        producer.send(new ProducerRecord<>(topic, record.getNodeId(), toValue.apply(record)), (md, ex) -> {
          if (ex == null) {
            done.complete(md);
          } else {
            done.completeExceptionally(ex);
          }
        });
      } catch (RuntimeException e) {
        done.completeExceptionally(e);
      }
    }, "fleet-audit-final-heartbeat");
    sender.setDaemon(true);
    sender.start();
    try {
      done.get(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
      lastSent = record;
      metrics.sent();
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (Exception e) {
      metrics.sendFailed();
      outage.failed("final heartbeat: " + describe(e));
      return false;
    } finally {
      metrics.pending(false);
    }
  }

  private Heartbeat stamp(Heartbeat state, boolean stopping) {
    return Heartbeat.newBuilder(state)
        .setSequence(sequence.next())
        .setSentAt(clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS))
        .setStopping(stopping)
        .build();
  }

  private static String describe(Throwable e) {
    Throwable t = e instanceof java.util.concurrent.ExecutionException && e.getCause() != null ? e.getCause() : e;
    return t.getClass().getSimpleName() + ": " + t.getMessage();
  }

  /** The last heartbeat the broker acknowledged, or null. */
  public Heartbeat lastSent() {
    return lastSent;
  }

  public synchronized boolean hasPending() {
    return pending != null || inFlight;
  }

  public boolean inOutage() {
    return outage.inOutage();
  }
}
