package io.fleetaudit.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fleetaudit.contracts.Heartbeat;
import io.fleetaudit.registry.LocalSchemaRegistry;
import io.fleetaudit.testkit.KafkaBrokerExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar started by the shipped launcher (bin/fleet-audit-agent, with its JVM flags) as its own
 * process: publishes, and on SIGTERM sends stopping=true and exits within 5 s.
 */
class AgentProcessIT {
  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

  @TempDir Path dir;

  @Test
  void shouldSendAStoppingHeartbeatAndExitWithinFiveSecondsOnSigterm() throws Exception {
    Path jar = Path.of("target/fleet-audit-agent.jar").toAbsolutePath();
    assertThat(jar).as("run after package (mvn verify)").exists();
    String topic = KAFKA.uniqueName("heartbeats");
    KAFKA.createTopics(1, topic);
    Files.createDirectories(dir.resolve("etc"));
    Files.writeString(dir.resolve("etc/app.conf"), "x=1\n");
    try (LocalSchemaRegistry registry = LocalSchemaRegistry.start(KAFKA.bootstrapServers(), "127.0.0.1", 0);
         HeartbeatConsumer consumer = new HeartbeatConsumer(KAFKA.bootstrapServers(), registry.url(), topic)) {
      Path cfg = Files.writeString(dir.resolve("agent.yaml"), """
          node: { id: proc-1, instance-id: i-proc-1 }
          service: smars
          environment: prod
          config: { paths: [ %s/etc ] }
          state: { file: %s/agent.state }
          topic: %s
          kafka: { bootstrap.servers: "%s" }
          schema.registry.url: %s
          """.formatted(dir, dir, topic, KAFKA.bootstrapServers(), registry.url()));
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      ProcessBuilder pb = new ProcessBuilder(Path.of("bin/fleet-audit-agent").toAbsolutePath().toString(),
          "--config", cfg.toString()).redirectErrorStream(true).redirectOutput(dir.resolve("agent.log").toFile());
      pb.environment().put("FLEET_AUDIT_AGENT_JAR", jar.toString());
      pb.environment().put("JAVA", java);
      pb.environment().remove("FLEET_AUDIT_AGENT_JVM_FLAGS");
      pb.environment().remove("FLEET_AUDIT_AGENT_JAVA_OPTS");
      pb.environment().remove("FLEET_AUDIT_AGENT_CDS_ARCHIVE");
      Process p = pb.start();
      try {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(consumer.received()).isNotEmpty());
        assertThat(p.isAlive()).isTrue();
        // The launcher's --add-opens took effect: Kafka's app-info MBean went to a plain MBean server.
        assertThat(Files.readString(dir.resolve("agent.log"))).contains("platform MBean server without the JVM's MXBeans");
        long start = System.nanoTime();
        p.destroy(); // SIGTERM
        assertThat(p.waitFor(5, TimeUnit.SECONDS)).as("exited within 5 s").isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(p.exitValue()).isEqualTo(143);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
          Heartbeat last = consumer.last();
          assertThat(last.getNodeId()).isEqualTo("proc-1");
          assertThat(last.getStopping()).isTrue();
        });
        assertThat(Files.readString(dir.resolve("agent.state"))).contains("sequence=" + consumer.last().getSequence());
      } finally {
        p.destroyForcibly();
      }
    }
  }
}
