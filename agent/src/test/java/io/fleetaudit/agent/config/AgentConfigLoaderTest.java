package io.fleetaudit.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class AgentConfigLoaderTest {
  static final String ISSUE_EXAMPLE = """
      node: { id: smars-1 }
      service: smars
      environment: prod
      labels: { region: us-east-1 }
      artifacts:
        - { type: file, name: smars, path: /opt/smars/bin/smars }
        - { type: image, name: smars, env: IMAGE_DIGEST }
      config: { paths: [ /etc/smars ], exclude: [ "*.swp" ] }
      flags: { flagd: /etc/smars/flags.flagd.json }
      heartbeat: { interval: 10s }
      kafka: { bootstrap.servers: "localhost:9092" }
      schema.registry.url: http://localhost:8081
      """;
  private static final String MIN = "service: smars\nenvironment: prod\n";

  private static AgentConfig parse(String yaml) {
    return new AgentConfigLoader(Map.of(), false).parse(yaml);
  }

  @Test
  void shouldReadTheIssueExample() {
    AgentConfig c = new AgentConfigLoader(Map.of(), true).parse(ISSUE_EXAMPLE);
    assertThat(c.nodeId()).isEqualTo("smars-1");
    assertThat(c.service()).isEqualTo("smars");
    assertThat(c.environment()).isEqualTo("prod");
    assertThat(c.labels()).containsEntry("region", "us-east-1");
    assertThat(c.artifacts()).containsExactly(ArtifactSpec.file("smars", Path.of("/opt/smars/bin/smars")),
        ArtifactSpec.imageFromEnv("smars", "IMAGE_DIGEST"));
    assertThat(c.configPaths()).containsExactly("/etc/smars");
    assertThat(c.configExclude()).containsExactly("*.swp");
    assertThat(c.flagdFiles()).containsExactly(Path.of("/etc/smars/flags.flagd.json"));
    assertThat(c.interval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.kafka()).containsEntry("bootstrap.servers", "localhost:9092");
    assertThat(c.serde()).containsEntry("schema.registry.url", "http://localhost:8081");
    assertThat(c.topic()).isEqualTo("fleet.heartbeats.v1");
    assertThat(c.metricsPort()).isZero();
  }

  @Test
  void shouldApplyDefaults() {
    AgentConfig c = parse(MIN);
    assertThat(c.interval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.jitter()).isEqualTo(0.1);
    assertThat(c.maxFilesReported()).isEqualTo(100);
    assertThat(c.disabledFlags()).isEqualTo(AgentConfig.DisabledFlags.REPORT);
    assertThat(c.stateFile()).isEqualTo(Path.of("/var/lib/fleet-audit/agent.state"));
    assertThat(c.watch()).isTrue();
  }

  @Test
  void shouldApplyEnvironmentOverrides() {
    Map<String, String> env = Map.of(
        "FLEET_AUDIT_SERVICE", "router",
        "FLEET_AUDIT_NODE_ID", "n-9",
        "FLEET_AUDIT_HEARTBEAT_INTERVAL", "2s",
        "FLEET_AUDIT_CONFIG_PATHS", "/etc/a, /etc/b",
        "FLEET_AUDIT_KAFKA_BOOTSTRAP_SERVERS", "broker:9093",
        "FLEET_AUDIT_KAFKA_SECURITY_PROTOCOL", "SSL",
        "FLEET_AUDIT_KAFKA_ENABLE_METRICS_PUSH", "false",
        "FLEET_AUDIT_SCHEMA_REGISTRY_URL", "http://registry:8081",
        "FLEET_AUDIT_BASIC_AUTH_USER_INFO", "u:p");
    AgentConfig c = new AgentConfigLoader(env, true).parse(ISSUE_EXAMPLE);
    assertThat(c.service()).isEqualTo("router");
    assertThat(c.nodeId()).isEqualTo("n-9");
    assertThat(c.interval()).isEqualTo(Duration.ofSeconds(2));
    assertThat(c.configPaths()).containsExactly("/etc/a", "/etc/b");
    assertThat(c.kafka()).containsEntry("bootstrap.servers", "broker:9093").containsEntry("security.protocol", "SSL")
        .containsEntry("enable.metrics.push", "false");
    assertThat(c.serde()).containsEntry("schema.registry.url", "http://registry:8081")
        .containsEntry("basic.auth.user.info", "u:p");
  }

  @Test
  void shouldReadEveryCollectorType() {
    AgentConfig c = parse(MIN + """
        artifacts:
          - { type: version-file, name: a, path: /opt/a/VERSION, regex: 'v(\\S+)' }
          - { type: image, name: b, path: /etc/podinfo/image }
          - { type: manifest, name: c, path: /opt/c/c.jar }
          - { type: command, name: d, command: [/opt/d/bin/d, --version], timeout: 2s }
          - { type: command, name: e, command: "/opt/e/bin/e version" }
        """);
    assertThat(c.artifacts()).containsExactly(
        ArtifactSpec.versionFile("a", Path.of("/opt/a/VERSION"), "v(\\S+)"),
        ArtifactSpec.imageFromFile("b", Path.of("/etc/podinfo/image")),
        ArtifactSpec.manifest("c", Path.of("/opt/c/c.jar")),
        ArtifactSpec.command("d", List.of("/opt/d/bin/d", "--version"), Duration.ofSeconds(2), null),
        ArtifactSpec.command("e", List.of("/opt/e/bin/e", "version"), null, null));
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        Arguments.of("unknown top-level key", MIN + "heartbeats: { interval: 5s }\n", "heartbeats",
            List.of("unknown key", "did you mean 'heartbeat'?", "allowed:")),
        Arguments.of("unknown nested key", MIN + "heartbeat: { intreval: 5s }\n", "heartbeat.intreval",
            List.of("did you mean 'heartbeat.interval'?", "allowed: interval, jitter")),
        Arguments.of("bad duration", MIN + "heartbeat: { interval: ten }\n", "heartbeat.interval",
            List.of("invalid value 'ten'", "500ms, 10s")),
        Arguments.of("duration out of range", MIN + "heartbeat: { interval: 5ms }\n", "heartbeat.interval",
            List.of("'5ms'", "from 100ms to 3600s")),
        Arguments.of("bad jitter", MIN + "heartbeat: { jitter: 2 }\n", "heartbeat.jitter",
            List.of("'2'", "0.0 to 0.5")),
        Arguments.of("bad boolean", MIN + "heartbeat: { watch: maybe }\n", "heartbeat.watch",
            List.of("'maybe'", "true or false")),
        Arguments.of("missing service", "environment: prod\n", "service", List.of("is required")),
        Arguments.of("bad service name", "service: 'smars/prod'\nenvironment: prod\n", "service",
            List.of("'smars/prod'", "[A-Za-z0-9._-]")),
        Arguments.of("missing environment", "service: smars\n", "environment", List.of("is required")),
        Arguments.of("unknown collector type", MIN + "artifacts: [ { type: imgae, name: a, env: X } ]\n",
            "artifacts[0].type", List.of("'imgae'", "did you mean 'image'?", "file, version-file, image, manifest, command")),
        Arguments.of("collector key of another type", MIN + "artifacts: [ { type: file, name: a, path: /x, env: X } ]\n",
            "artifacts[0].env", List.of("unknown key", "allowed: type, name, path, version")),
        Arguments.of("collector without name", MIN + "artifacts: [ { type: file, path: /x } ]\n", "artifacts[0].name",
            List.of("is required")),
        Arguments.of("file collector without path", MIN + "artifacts: [ { type: file, name: a } ]\n", "artifacts[0].path",
            List.of("is required for type file")),
        Arguments.of("image with both sources", MIN + "artifacts: [ { type: image, name: a, env: X, path: /y } ]\n",
            "artifacts[0].env", List.of("exactly one of env")),
        Arguments.of("bad regex", MIN + "artifacts: [ { type: version-file, name: a, path: /v, regex: 'v(' } ]\n",
            "artifacts[0].regex", List.of("'v('", "Java regular expression")),
        Arguments.of("command without argv", MIN + "artifacts: [ { type: command, name: a } ]\n", "artifacts[0].command",
            List.of("is required")),
        Arguments.of("artifacts not a list", MIN + "artifacts: { type: file }\n", "artifacts", List.of("expected a list")),
        Arguments.of("section not a mapping", MIN + "config: /etc/smars\n", "config", List.of("expected a mapping",
            "paths, exclude, max-files-reported")),
        Arguments.of("bad max files", MIN + "config: { max-files-reported: -1 }\n", "config.max-files-reported",
            List.of("'-1'", "integer from 0 to 100000")),
        Arguments.of("bad disabled policy", MIN + "flags: { disabled: hide }\n", "flags.disabled",
            List.of("'hide'", "report or skip")),
        Arguments.of("reserved kafka key", MIN + "kafka: { value.serializer: x }\n", "kafka.value.serializer",
            List.of("set by the agent")),
        Arguments.of("client telemetry push", MIN + "kafka: { enable.metrics.push: true }\n", "kafka.enable.metrics.push",
            List.of("'true'", "allowed: false", "not packaged in the agent")),
        Arguments.of("kafka property typo", MIN + "kafka: { bootstrap.server: b:9092 }\n", "kafka.bootstrap.server",
            List.of("unknown Kafka producer property", "did you mean 'kafka.bootstrap.servers'?")),
        Arguments.of("kafka value not scalar", MIN + "kafka: { bootstrap.servers: [a, b] }\n", "kafka.bootstrap.servers",
            List.of("expected a single value")),
        Arguments.of("bad registry url", MIN + "schema.registry.url: localhost:8081\n", "schema.registry.url",
            List.of("'localhost:8081'", "http://, https:// or mock://")),
        Arguments.of("bad credentials source", MIN + "basic.auth.credentials.source: TOKEN\n",
            "basic.auth.credentials.source", List.of("'TOKEN'", "USER_INFO or URL")),
        Arguments.of("bad metrics port", MIN + "metrics: { port: 70000 }\n", "metrics.port",
            List.of("'70000'", "0 to 65535")),
        Arguments.of("bad topic", MIN + "topic: 'a topic'\n", "topic", List.of("'a topic'", "Kafka topic name")),
        Arguments.of("labels not a map", MIN + "labels: [a]\n", "labels", List.of("expected a mapping")),
        Arguments.of("not yaml", "service: [unclosed\n", "(file)", List.of("not valid YAML")),
        Arguments.of("top level list", "- a\n- b\n", "(file)", List.of("expected a mapping")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalid")
  void shouldNameKeyValueAndAllowed(String why, String yaml, String key, List<String> fragments) {
    assertThatThrownBy(() -> parse(yaml))
        .isInstanceOfSatisfying(InvalidConfigException.class, e -> {
          assertThat(e.key()).isEqualTo(key);
          assertThat(e.getMessage()).startsWith(key + ": ");
          fragments.forEach(f -> assertThat(e.getMessage()).contains(f));
        });
  }

  @Test
  void shouldRequireKafkaSettingsWhenPublishing() {
    assertThatThrownBy(() -> new AgentConfigLoader(Map.of(), true).parse(MIN + "schema.registry.url: mock://x\n"))
        .hasMessageStartingWith("kafka.bootstrap.servers: is required")
        .hasMessageContaining("FLEET_AUDIT_KAFKA_BOOTSTRAP_SERVERS");
    assertThatThrownBy(() -> new AgentConfigLoader(Map.of(), true).parse(MIN + "kafka: { bootstrap.servers: b:9092 }\n"))
        .hasMessageStartingWith("schema.registry.url: is required");
  }

  @Test
  void shouldRejectBadValuesComingFromTheEnvironment() {
    assertThatThrownBy(() -> new AgentConfigLoader(Map.of("FLEET_AUDIT_HEARTBEAT_INTERVAL", "soon"), false).parse(MIN))
        .hasMessage("heartbeat.interval: invalid value 'soon'; allowed: " + DurationParser.ALLOWED);
  }

  @Test
  void shouldNameTheEnvironmentVariableOfAKey() {
    assertThat(AgentConfigLoader.envName("heartbeat.check-period")).isEqualTo("FLEET_AUDIT_HEARTBEAT_CHECK_PERIOD");
    assertThat(AgentConfigLoader.envName("schema.registry.url")).isEqualTo("FLEET_AUDIT_SCHEMA_REGISTRY_URL");
  }

  @Test
  void shouldAcceptTheShippedExample() {
    // Surefire runs in the module directory.
    AgentConfig c = new AgentConfigLoader(Map.of(), true).load(Path.of("examples/agent.yaml"));
    assertThat(c.service()).isEqualTo("smars");
    assertThat(c.artifacts()).extracting(ArtifactSpec::type)
        .containsExactly("file", "version-file", "image", "manifest", "command");
  }
}
