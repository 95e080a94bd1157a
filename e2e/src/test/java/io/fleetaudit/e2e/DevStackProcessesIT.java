package io.fleetaudit.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's path with real processes, as a team would run it on one machine: {@code fleet-audit
 * dev-stack} (broker + registry), an agent process from the agent's runnable jar, a {@code fleet-audit
 * streams} process, and {@code fleet-audit declare}. Together they detect the straggler's drift and
 * resolve it when the node is fixed. Every child is killed in the end, whatever happened.
 */
class DevStackProcessesIT {

  static final String V1 = "sha256:e7df9e097ed7a9dec02261d11141046c6bb3d14a59bd950f2347605204313909";
  static final String V2 = "sha256:7fb498e92dc747188cc6e24df7ab783ec9d97ecf2621e857b96e35c3549f04ba";

  @TempDir
  Path work;

  @Test
  void shouldDetectAndResolveDriftAcrossRealProcesses() throws Exception {
    Path root = RepoRoot.get();
    Path cliJar = root.resolve("cli/target/fleet-audit.jar");
    Path agentJar = root.resolve("agent/target/fleet-audit-agent.jar");
    assertThat(cliJar).as("the CLI jar (mvn -pl cli -am package)").isRegularFile();
    assertThat(agentJar).as("the agent jar (mvn -pl agent package)").isRegularFile();
    // Run copies: a rebuild of the workspace while the children run must not pull jars from under them.
    cliJar = Files.copy(cliJar, work.resolve("fleet-audit.jar"));
    agentJar = Files.copy(agentJar, work.resolve("fleet-audit-agent.jar"));
    List<String> small = List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    try (ChildProcess stack = ChildProcess.javaJar("dev-stack", work, small, cliJar,
        "dev-stack", "--port", "0", "--registry-port", "0", "--data-dir", work.resolve("stack").toString())) {
      await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
        assertThat(stack.alive()).as(stack.describe()).isTrue();
        assertThat(stack.valueOf("schema.registry.url")).as(stack.describe()).isNotNull();
      });
      String bootstrap = stack.valueOf("bootstrap.servers");
      String registry = stack.valueOf("schema.registry.url");

      Path streamsProps = Files.writeString(work.resolve("streams.properties"), String.join("\n",
          "bootstrap.servers=" + bootstrap,
          "schema.registry.url=" + registry,
          "application.id=fleet-audit-processes-it",
          "state.dir=" + work.resolve("streams-state"),
          "commit.interval.ms=100",
          "fleet.metrics.port=0",
          "fleet.punctuate.interval.ms=200", ""));
      Path image = Files.writeString(work.resolve("image"), "registry.example.com/smars:2012.07.15@" + V1 + "\n");
      Files.createDirectories(work.resolve("etc/smars"));
      Files.writeString(work.resolve("etc/smars/smars.conf"), "venue = NYSE\n");
      Path agentYaml = Files.writeString(work.resolve("agent.yaml"), String.join("\n",
          "node: { id: smars-8, instance-id: i-0008 }",
          "service: smars",
          "environment: prod",
          "artifacts:",
          "  - { type: image, name: smars, path: " + image + " }",
          "config: { paths: [ " + work.resolve("etc/smars") + " ] }",
          "heartbeat: { interval: 1s }",
          "state: { file: " + work.resolve("agent.state") + " }",
          "kafka: { bootstrap.servers: \"" + bootstrap + "\" }",
          "schema.registry.url: " + registry, ""));
      Path fleet = Files.writeString(work.resolve("fleet.yaml"), String.join("\n",
          "version: 1",
          "services:",
          "  - name: smars",
          "    environment: prod",
          "    artifacts:",
          "      - name: smars",
          "        version: \"2012.08.01\"",
          "        digest: " + V2,
          "    checkFlags: false",
          "    heartbeatInterval: 1s",
          "    missedIntervals: 30", ""));

      try (ChildProcess streams = ChildProcess.javaJar("streams", work, small, cliJar,
               "streams", "--config", streamsProps.toString());
           ChildProcess agent = ChildProcess.javaJar("agent", work, List.of("-Xmx64m", "-XX:+UseSerialGC"), agentJar,
               "--config", agentYaml.toString());
           AlertTail alerts = new AlertTail(bootstrap, registry, "prod")) {
        ChildProcess declare = ChildProcess.javaJar("declare", work, small, cliJar, "declare", "-f", fleet.toString(),
            "--bootstrap-server", bootstrap, "--schema-registry", registry, "--git-sha", "c0ffee", "--author", "ci");
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
            .untilAsserted(() -> assertThat(declare.alive()).as(declare.describe()).isFalse());
        assertThat(declare.describe()).contains("exited 0");

        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
          assertThat(streams.alive()).as(streams.describe()).isTrue();
          assertThat(agent.alive()).as(agent.describe()).isTrue();
          assertThat(alerts.firing()).as("%s%n%s", streams.describe(), agent.describe())
              .contains("ARTIFACT_DRIFT smars-8");
        });

        // The orchestrator rolls the node to the declared image: the alert resolves.
        Files.writeString(work.resolve("image.tmp"), "registry.example.com/smars:2012.08.01@" + V2 + "\n");
        Files.move(work.resolve("image.tmp"), image, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
            java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
            assertThat(alerts.firing()).as(streams.describe()).doesNotContain("ARTIFACT_DRIFT smars-8"));
        assertThat(alerts.poll()).filteredOn(a -> a.getRule().equals("ARTIFACT_DRIFT"))
            .extracting(a -> a.getStatus().name()).containsExactly("FIRING", "RESOLVED");
      }
    }
  }
}
