package io.fleetaudit.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fleetaudit.agent.config.AgentConfig;
import io.fleetaudit.agent.confighash.Digests;
import io.fleetaudit.contracts.ConfigFile;
import io.fleetaudit.registry.LocalSchemaRegistry;
import io.fleetaudit.testkit.EmbeddedKafka;
import io.fleetaudit.testkit.KafkaBrokerExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Broker stopped, config changed, broker restarted: the latest state arrives and the agent never exits.
 * The agent publishes to a private broker (stopped and restarted on the same port); the schema registry
 * lives on the shared one, so only the heartbeat path sees the outage.
 */
class AgentOutageIT {
  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

  @TempDir Path dir;

  @Test
  void shouldDeliverTheLatestStateAfterABrokerOutage() throws Exception {
    Path etc = Files.createDirectories(dir.resolve("etc"));
    Path conf = Files.writeString(etc.resolve("app.conf"), "v=1\n");
    String topic = "fleet.heartbeats.v1";
    try (LocalSchemaRegistry registry = LocalSchemaRegistry.start(KAFKA.bootstrapServers(), "127.0.0.1", 0);
         EmbeddedKafka broker = EmbeddedKafka.start(Files.createDirectories(dir.resolve("kafka")), 0)) {
      try (Admin admin = broker.createAdmin()) {
        admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
      }
      AgentConfig c = AgentConfig.builder().nodeId("knight-8").instanceId("i-8").service("smars").environment("prod")
          .configPaths(List.of(etc.toString())).interval(Duration.ofSeconds(1)).debounce(Duration.ofMillis(50))
          .stateFile(dir.resolve("agent.state"))
          .kafka(Map.of("bootstrap.servers", broker.bootstrapServers(),
              "request.timeout.ms", "1500", "delivery.timeout.ms", "2000", "max.block.ms", "1500"))
          .serde("schema.registry.url", registry.url())
          .build();
      try (HeartbeatConsumer consumer = new HeartbeatConsumer(broker.bootstrapServers(), registry.url(), topic);
           Agent agent = new Agent(c, Map.of(), null, new SimpleMeterRegistry(), Clock.systemUTC()).start()) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(consumer.received()).isNotEmpty());

        broker.stop();
        double failuresBefore = agent.metrics().failureCount();
        Files.writeString(conf, "v=2\n");
        String newHash = Digests.of("v=2\n");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(agent.lastState().getConfigFiles())
            .extracting(io.fleetaudit.agent.model.ConfigFile::getSha256).containsExactly(newHash));
        // The agent must have tried and failed during the outage, and kept running.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
            assertThat(agent.metrics().failureCount()).isGreaterThan(failuresBefore + 3));
        assertThat(agent.isRunning()).isTrue();
        int receivedDuringOutage = consumer.received().size();

        java.time.Instant restartAt = java.time.Instant.now();
        broker.restart();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(consumer.last().getConfigFiles())
            .extracting(ConfigFile::getSha256).containsExactly(newHash));
        assertThat(agent.isRunning()).isTrue();
        // State, not events: of the many ticks during the outage at most the one in-flight record is
        // delivered late; nothing else stale piles up.
        assertThat(consumer.received().subList(receivedDuringOutage, consumer.received().size()))
            .filteredOn(h -> h.getSentAt().isBefore(restartAt)).hasSizeLessThanOrEqualTo(1);
      }
    }
  }
}
