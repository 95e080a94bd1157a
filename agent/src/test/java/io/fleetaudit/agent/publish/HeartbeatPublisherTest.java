package io.fleetaudit.agent.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fleetaudit.agent.AgentMetrics;
import io.fleetaudit.agent.model.Heartbeat;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeartbeatPublisherTest {
  @TempDir Path dir;
  private final Serializer<Heartbeat> noop = (topic, hb) -> new byte[0];
  private final MockProducer<String, Heartbeat> producer =
      new MockProducer<>(false, null, new StringSerializer(), noop);
  private final ScheduledExecutorService exec = Executors.newSingleThreadScheduledExecutor();
  private final AgentMetrics metrics = new AgentMetrics(new SimpleMeterRegistry(), "n1");
  private final Clock clock = Clock.fixed(Instant.parse("2012-08-01T13:30:00Z"), ZoneOffset.UTC);

  @AfterEach
  void stop() {
    exec.shutdownNow();
  }

  private HeartbeatPublisher<Heartbeat> publisher() {
    return HeartbeatPublisher.direct(producer, "hb", new SequenceStore(dir.resolve("state")), clock, metrics, exec);
  }

  private static Heartbeat state(String version) {
    return Heartbeat.newBuilder().setNodeId("n1").setInstanceId("i").setBootId("b").setService("s")
        .setEnvironment("e").setLabels(Map.of()).setArtifacts(List.of()).setConfigFiles(List.of())
        .setFlags(Map.of("v", version)).setAgentVersion("t").setSequence(0).setSentAt(Instant.EPOCH).build();
  }

  private List<String> sentVersions() {
    return producer.history().stream().map(ProducerRecord::value).map(h -> h.getFlags().get("v")).toList();
  }

  @Test
  void shouldStampSequenceAndTimeAndKeyByNode() {
    HeartbeatPublisher<Heartbeat> p = publisher();
    p.offer(state("1"));
    await().untilAsserted(() -> assertThat(producer.history()).hasSize(1));
    ProducerRecord<String, Heartbeat> r = producer.history().get(0);
    assertThat(r.key()).isEqualTo("n1");
    assertThat(r.topic()).isEqualTo("hb");
    assertThat(r.value().getSequence()).isEqualTo(1);
    assertThat(r.value().getSentAt()).isEqualTo(clock.instant());
    assertThat(r.value().getStopping()).isFalse();
  }

  @Test
  void shouldKeepOnlyTheLatestStateWhileOneIsInFlight() {
    HeartbeatPublisher<Heartbeat> p = publisher();
    p.offer(state("1"));
    await().untilAsserted(() -> assertThat(producer.history()).hasSize(1));
    p.offer(state("2"));
    p.offer(state("3"));
    p.offer(state("4"));
    assertThat(producer.history()).as("one record in flight at a time").hasSize(1);
    producer.completeNext();
    await().untilAsserted(() -> assertThat(sentVersions()).containsExactly("1", "4"));
    producer.completeNext();
    await().untilAsserted(() -> assertThat(p.lastSent().getFlags()).containsEntry("v", "4"));
    assertThat(metrics.sentCount()).isEqualTo(2);
    assertThat(p.hasPending()).isFalse();
  }

  @Test
  void shouldRetryTheFailedStateUnlessANewerOneArrived() {
    HeartbeatPublisher<Heartbeat> p = publisher();
    p.offer(state("1"));
    await().untilAsserted(() -> assertThat(producer.history()).hasSize(1));
    producer.errorNext(new TimeoutException("broker unreachable"));
    await().atMost(Duration.ofSeconds(3)).untilAsserted(() -> assertThat(sentVersions()).containsExactly("1", "1"));
    assertThat(producer.history().get(1).value().getSequence()).as("re-stamped").isEqualTo(2);
    p.offer(state("2"));
    producer.errorNext(new TimeoutException("still unreachable"));
    await().atMost(Duration.ofSeconds(3)).untilAsserted(() -> assertThat(sentVersions()).containsExactly("1", "1", "2"));
    assertThat(metrics.failureCount()).isEqualTo(2);
    assertThat(p.inOutage()).isTrue();
    producer.completeNext();
    await().untilAsserted(() -> assertThat(p.inOutage()).isFalse());
  }

  @Test
  void shouldSurviveASynchronousSendFailure() {
    MockProducer<String, Heartbeat> failing = new MockProducer<>(true, null, new StringSerializer(), (t, h) -> {
      throw new org.apache.kafka.common.errors.SerializationException("registry unreachable");
    });
    HeartbeatPublisher<Heartbeat> p = HeartbeatPublisher.direct(failing, "hb", new SequenceStore(dir.resolve("s2")), clock, metrics, exec);
    p.offer(state("1"));
    await().atMost(Duration.ofSeconds(3)).untilAsserted(() -> assertThat(metrics.failureCount()).isGreaterThanOrEqualTo(2));
    assertThat(p.hasPending()).isTrue();
  }

  @Test
  void shouldSendAFinalStoppingHeartbeat() {
    MockProducer<String, Heartbeat> auto = new MockProducer<>(true, null, new StringSerializer(), noop);
    HeartbeatPublisher<Heartbeat> p = HeartbeatPublisher.direct(auto, "hb", new SequenceStore(dir.resolve("s3")), clock, metrics, exec);
    assertThat(p.sendFinal(state("9"), Duration.ofSeconds(1))).isTrue();
    assertThat(auto.history()).singleElement().satisfies(r -> assertThat(r.value().getStopping()).isTrue());
    p.offer(state("10"));
    assertThat(auto.history()).as("nothing after the final heartbeat").hasSize(1);
  }
}
