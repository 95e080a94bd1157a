package io.fleetaudit.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fleetaudit.contracts.Heartbeat;
import io.fleetaudit.registry.LocalSchemaRegistry;
import io.fleetaudit.testkit.KafkaBrokerExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar started by the shipped launcher (bin/fleet-audit-agent, with its JVM flags) as its own
 * process: publishes, and on SIGTERM sends stopping=true and exits within 5 s; with
 * FLEET_AUDIT_AGENT_CDS_ARCHIVE, records its classes, then builds and maps the class-data-sharing archive.
 */
class AgentProcessIT {
  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

  @TempDir Path dir;

  @Test
  void shouldSendAStoppingHeartbeatAndExitWithinFiveSecondsOnSigterm() throws Exception {
    String topic = KAFKA.uniqueName("heartbeats");
    KAFKA.createTopics(1, topic);
    try (LocalSchemaRegistry registry = LocalSchemaRegistry.start(KAFKA.bootstrapServers(), "127.0.0.1", 0);
         HeartbeatConsumer consumer = new HeartbeatConsumer(KAFKA.bootstrapServers(), registry.url(), topic)) {
      Path cfg = config("proc-1", topic, registry.url());
      Process p = launch(cfg, Map.of(), "agent.log");
      try {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(consumer.received()).isNotEmpty());
        assertThat(p.isAlive()).isTrue();
        // The launcher's --add-opens took effect: Kafka's app-info MBean went to a plain MBean server.
        String log = Files.readString(dir.resolve("agent.log"));
        assertThat(log).contains("platform MBean server without the JVM's MXBeans");
        // The launcher's per-method compile thresholds are set quietly: the JVM echoes each CompileCommand otherwise.
        assertThat(log).doesNotContain("CompileCommand");
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

  @Test
  void shouldRecordTheClassesThenBuildAndMapTheCdsArchive() throws Exception {
    String topic = KAFKA.uniqueName("heartbeats");
    KAFKA.createTopics(1, topic);
    Path archive = dir.resolve("cache/agent.jsa");
    Path classList = dir.resolve("cache/agent.jsa.classlist");
    try (LocalSchemaRegistry registry = LocalSchemaRegistry.start(KAFKA.bootstrapServers(), "127.0.0.1", 0);
         HeartbeatConsumer consumer = new HeartbeatConsumer(KAFKA.bootstrapServers(), registry.url(), topic)) {
      Path cfg = config("cds-1", topic, registry.url());
      // First start: runs as usual and records the classes it loads; no archive yet.
      runUntilAHeartbeatArrives(cfg, Map.of("FLEET_AUDIT_AGENT_CDS_ARCHIVE", archive.toString()), consumer, "first.log");
      assertThat(Files.readAllLines(classList)).contains("org/apache/kafka/common/requests/ProduceResponse");
      // The running agent never loads jackson-databind nor Avro's schema parser (nor a generated Avro class):
      // together they cost 12.7 MiB of RSS (bench/README-agent.md).
      assertThat(Files.readAllLines(classList))
          .as("classes loaded by the running agent")
          .noneMatch(c -> c.startsWith("com/fasterxml/jackson/databind/"))
          .noneMatch(c -> c.equals("org/apache/avro/Schema") || c.startsWith("org/apache/avro/Schema$"))
          .noneMatch(c -> c.startsWith("io/fleetaudit/contracts/"));
      assertThat(archive).doesNotExist();
      // Second start: the launcher dumps the archive, and -Xshare:on makes the JVM fail if it cannot map it.
      runUntilAHeartbeatArrives(cfg, Map.of("FLEET_AUDIT_AGENT_CDS_ARCHIVE", archive.toString(),
          "FLEET_AUDIT_AGENT_JAVA_OPTS", "-Xshare:on"), consumer, "second.log");
      assertThat(archive).isNotEmptyFile();
      assertThat(Files.getLastModifiedTime(archive)).isGreaterThan(Files.getLastModifiedTime(Path.of(jar())));
    }
  }

  private void runUntilAHeartbeatArrives(Path cfg, Map<String, String> env, HeartbeatConsumer consumer, String log)
      throws Exception {
    int before = consumer.received().size();
    Process p = launch(cfg, env, log);
    try {
      await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> {
        assertThat(p.isAlive()).as("agent running, see " + dir.resolve(log)).isTrue();
        assertThat(consumer.received().size()).isGreaterThan(before);
      });
      p.destroy();
      assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).isEqualTo(143);
    } finally {
      p.destroyForcibly();
    }
  }

  private Path config(String node, String topic, String registryUrl) throws IOException {
    Files.createDirectories(dir.resolve("etc"));
    Files.writeString(dir.resolve("etc/app.conf"), "x=1\n");
    return Files.writeString(dir.resolve("agent.yaml"), """
        node: { id: %s, instance-id: i-%s }
        service: smars
        environment: prod
        config: { paths: [ %s/etc ] }
        state: { file: %s/agent.state }
        topic: %s
        kafka: { bootstrap.servers: "%s" }
        schema.registry.url: %s
        """.formatted(node, node, dir, dir, topic, KAFKA.bootstrapServers(), registryUrl));
  }

  private static String jar() {
    Path jar = Path.of("target/fleet-audit-agent.jar").toAbsolutePath();
    assertThat(jar).as("run after package (mvn verify)").exists();
    return jar.toString();
  }

  private Process launch(Path cfg, Map<String, String> env, String log) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(Path.of("bin/fleet-audit-agent").toAbsolutePath().toString(),
        "--config", cfg.toString()).redirectErrorStream(true).redirectOutput(dir.resolve(log).toFile());
    pb.environment().put("FLEET_AUDIT_AGENT_JAR", jar());
    pb.environment().put("JAVA", java);
    pb.environment().remove("FLEET_AUDIT_AGENT_JVM_FLAGS");
    pb.environment().remove("FLEET_AUDIT_AGENT_JAVA_OPTS");
    pb.environment().remove("FLEET_AUDIT_AGENT_CDS_ARCHIVE");
    pb.environment().putAll(env);
    return pb.start();
  }
}
