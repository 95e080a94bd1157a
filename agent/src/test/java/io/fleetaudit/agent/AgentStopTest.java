package io.fleetaudit.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fleetaudit.agent.config.AgentConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stopping must respect its budget even when the broker was never reachable (send() blocks on metadata). */
class AgentStopTest {
  @TempDir Path dir;

  @Test
  void shouldStopWithinBudgetWhenTheBrokerIsUnreachable() {
    AgentConfig c = AgentConfig.builder().nodeId("n1").instanceId("i1").service("s").environment("e")
        .stateFile(dir.resolve("agent.state"))
        .kafka("bootstrap.servers", "127.0.0.1:1")
        .serde("schema.registry.url", "mock://agent-stop-test")
        .build();
    Agent agent = new Agent(c, Map.of(), null, new SimpleMeterRegistry(), Clock.systemUTC()).start();
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(agent.lastState()).isNotNull());
    long start = System.nanoTime();
    agent.stop(Duration.ofSeconds(4));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(4_800));
    assertThat(agent.isRunning()).isFalse();
    assertThat(agent.lastSent()).isNull();
  }
}
