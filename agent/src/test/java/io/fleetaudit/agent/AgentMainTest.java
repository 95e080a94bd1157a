package io.fleetaudit.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentMainTest {
  @TempDir Path dir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(Map<String, String> env, String... args) {
    return AgentMain.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String stderr() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void shouldPrintHelp() {
    assertThat(run(Map.of(), "--help")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("--print", "--config", "Exit codes");
  }

  @Test
  void shouldExitTwoOnUnknownArguments() {
    assertThat(run(Map.of(), "--prnt")).isEqualTo(2);
    assertThat(stderr()).contains("unknown argument '--prnt'").contains("Usage:");
  }

  @Test
  void shouldExitTwoOnAMissingConfigFile() {
    assertThat(run(Map.of(), "--config", dir.resolve("nope.yaml").toString(), "--print")).isEqualTo(2);
    assertThat(stderr()).contains("--config: file '" + dir.resolve("nope.yaml") + "' does not exist");
  }

  @Test
  void shouldExitTwoNamingTheBadKeyValueAndAllowed() throws IOException {
    Path cfg = Files.writeString(dir.resolve("agent.yaml"), "service: s\nenvironment: e\nheartbeat: { interval: fast }\n");
    assertThat(run(Map.of(), "--config", cfg.toString())).isEqualTo(2);
    assertThat(stderr()).contains("invalid configuration " + cfg)
        .contains("heartbeat.interval: invalid value 'fast'; allowed: a duration like");
  }

  @Test
  void shouldExitTwoWhenKafkaIsNotConfiguredForPublishing() throws IOException {
    Path cfg = Files.writeString(dir.resolve("agent.yaml"), "service: s\nenvironment: e\n");
    assertThat(run(Map.of(), "--config", cfg.toString())).isEqualTo(2);
    assertThat(stderr()).contains("kafka.bootstrap.servers: is required");
  }

  @Test
  void shouldPrintTheHeartbeatAsJsonWithoutKafka() throws IOException {
    Files.createDirectories(dir.resolve("etc"));
    Files.writeString(dir.resolve("etc/app.conf"), "a=1\n");
    Files.writeString(dir.resolve("machine-id"), "feedfacefeedfacefeedfacefeedface\n");
    Path cfg = Files.writeString(dir.resolve("agent.yaml"), """
        node: { machine-id-file: %1$s/machine-id, hostname-file: %1$s/hostname }
        service: smars
        environment: prod
        artifacts: [ { type: image, name: smars, env: IMAGE_DIGEST } ]
        config: { paths: [ %1$s/etc ] }
        state: { file: %1$s/agent.state }
        """.formatted(dir));
    int code = run(Map.of("IMAGE_DIGEST", "sha256:" + "0".repeat(64), "HOSTNAME", "box"), "--config", cfg.toString(), "--print");
    assertThat(code).as(stderr()).isZero();
    JsonNode json = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
    assertThat(json.get("nodeId").asText()).isEqualTo("box-feedfacefeed");
    assertThat(json.get("service").asText()).isEqualTo("smars");
    assertThat(json.get("artifacts").get(0).get("digest").asText()).isEqualTo("sha256:" + "0".repeat(64));
    assertThat(json.get("configHash").asText()).matches("sha256:[0-9a-f]{64}");
    assertThat(json.get("configFiles").get(0).get("path").asText()).isEqualTo(dir.resolve("etc/app.conf").toString());
    assertThat(json.get("sequence").asLong()).isEqualTo(1);
    assertThat(json.get("stopping").asBoolean()).isFalse();
    assertThat(Files.exists(dir.resolve("agent.state"))).as("--print never writes state").isFalse();
  }

  @Test
  void shouldExitTwoWhenKafkaRejectsAValue() throws IOException {
    Files.writeString(dir.resolve("machine-id"), "feedfacefeedfacefeedfacefeedface\n");
    Path cfg = Files.writeString(dir.resolve("agent.yaml"), """
        node: { id: n1, machine-id-file: %1$s/machine-id }
        service: s
        environment: e
        state: { file: %1$s/agent.state }
        kafka: { bootstrap.servers: "127.0.0.1:1", acks: sometimes }
        schema.registry.url: mock://agent-main-test
        """.formatted(dir));
    assertThat(run(Map.of(), "--config", cfg.toString())).isEqualTo(2);
    assertThat(stderr()).contains("kafka/serde:").contains("acks").contains("sometimes");
  }
}
