package io.fleetaudit.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fleetaudit.agent.collect.ImageCollector;
import io.fleetaudit.agent.config.AgentConfig;
import io.fleetaudit.agent.config.AgentConfigLoader;
import io.fleetaudit.agent.config.ArtifactSpec;
import io.fleetaudit.agent.model.Artifact;
import io.fleetaudit.cli.fleetfile.DeclaredService;
import io.fleetaudit.cli.fleetfile.FleetFile;
import io.fleetaudit.cli.fleetfile.FleetFileParser;
import io.fleetaudit.contracts.Declaration;
import io.fleetaudit.streams.StreamsAppConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Validates docker-compose.yml, whose images cannot be pulled here: the services the real stack needs,
 * images pinned by version, health checks on every service, files and Dockerfiles it refers to, and
 * environment names the apps actually read (each agent's environment is fed to the agent's own config
 * loader). Where Debian's {@code docker-compose} is installed, {@code docker-compose config} must accept it.
 */
class DockerComposeFileTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final List<String> AGENTS = List.of("agent-1", "agent-2", "agent-3");
  /** ${VAR:-default} in compose files: the default is what a plain `docker compose up` uses. */
  private static final Pattern VAR_DEFAULT = Pattern.compile("\\$\\{[A-Z0-9_]+:-([^}]*)}");

  private static Path root;
  private static JsonNode services;

  @BeforeAll
  static void load() throws IOException {
    root = RepoRoot.get();
    // SnakeYAML itself, not Jackson's YAML parser: it resolves the file's `<<: *agent` merge keys.
    Object tree = new org.yaml.snakeyaml.Yaml().load(Files.readString(root.resolve("docker-compose.yml")));
    JsonNode compose = YAML.valueToTree(tree);
    services = compose.get("services");
    assertThat(services).as("docker-compose.yml has a services: section").isNotNull();
  }

  @Test
  void shouldDeclareTheWholeStack() {
    assertThat(names(services)).containsExactlyInAnyOrder(
        "kafka", "schema-registry", "streams", "agent-1", "agent-2", "agent-3", "prometheus");
    assertThat(services.at("/kafka/image").asText()).startsWith("apache/kafka:");
    assertThat(services.at("/schema-registry/image").asText()).startsWith("confluentinc/cp-schema-registry:");
    assertThat(services.at("/prometheus/image").asText()).startsWith("prom/prometheus:");
    // KRaft: the broker is its own controller, no ZooKeeper anywhere.
    assertThat(services.at("/kafka/environment/KAFKA_PROCESS_ROLES").asText()).isEqualTo("broker,controller");
    assertThat(names(services)).noneMatch(n -> n.contains("zookeeper"));
  }

  @Test
  void shouldPinEveryImageByVersion() {
    List<String> images = new ArrayList<>();
    for (String name : names(services)) {
      JsonNode svc = services.get(name);
      if (svc.has("image")) {
        images.add(svc.get("image").asText());
      }
      JsonNode jre = svc.at("/build/args/BASE_IMAGE");
      if (!jre.isMissingNode()) {
        Matcher m = VAR_DEFAULT.matcher(jre.asText());
        images.add(m.matches() ? m.group(1) : jre.asText());
      }
    }
    assertThat(images).isNotEmpty().allSatisfy(image -> assertThat(image)
        .as("image %s must carry an explicit version tag (not latest)", image)
        .matches("[a-z0-9./_-]+:v?[0-9][A-Za-z0-9._-]*"));
  }

  @Test
  void shouldHealthCheckEveryService() {
    for (String name : names(services)) {
      JsonNode test = services.get(name).at("/healthcheck/test");
      assertThat(test.isArray() && test.size() > 1).as("service %s has a healthcheck test command", name).isTrue();
      assertThat(test.get(0).asText()).isIn("CMD", "CMD-SHELL");
    }
    // Apps start only once what they need answers, not merely once it was started.
    for (String app : List.of("streams", "agent-1", "agent-2", "agent-3")) {
      assertThat(services.at("/" + app + "/depends_on/kafka/condition").asText()).isEqualTo("service_healthy");
      assertThat(services.at("/" + app + "/depends_on/schema-registry/condition").asText()).isEqualTo("service_healthy");
    }
  }

  @Test
  void shouldReferToFilesThatExist() {
    for (String name : names(services)) {
      JsonNode svc = services.get(name);
      JsonNode dockerfile = svc.at("/build/dockerfile");
      if (!dockerfile.isMissingNode()) {
        Path context = root.resolve(svc.at("/build/context").asText(".")).normalize();
        assertThat(context.resolve(dockerfile.asText())).as("%s's Dockerfile", name).isRegularFile();
      }
      for (JsonNode volume : svc.path("volumes")) {
        String source = volume.asText().split(":")[0];
        if (source.startsWith("./")) {
          assertThat(root.resolve(source)).as("%s mounts %s", name, source).exists();
        }
      }
    }
  }

  @Test
  void shouldConfigureAgentsWithNamesTheAgentReads() throws IOException {
    Map<String, Declaration> declared = knightDeclarations();
    Declaration smars = declared.get(DeclaredService.key("prod", "smars"));
    String current = smars.getArtifacts().get(0).getDigest();
    String previous = smars.getRollout().getPrevious().get(0).getDigest();

    // Every FLEET_AUDIT_* variable the file sets must change what the agent's loader produces.
    Map<String, Function<AgentConfig, Object>> known = new LinkedHashMap<>();
    known.put(AgentConfigLoader.envName("node.id"), AgentConfig::nodeId);
    known.put(AgentConfigLoader.envName("node.instance-id"), AgentConfig::instanceId);
    Path agentYaml = containerFile("agent-1", "/etc/fleet-audit/agent.yaml");
    List<String> digests = new ArrayList<>();
    for (String agent : AGENTS) {
      Map<String, String> env = environment(services.get(agent));
      AgentConfig config = new AgentConfigLoader(env, true).load(agentYaml);
      for (String var : env.keySet()) {
        if (var.startsWith(AgentConfigLoader.ENV_PREFIX)) {
          assertThat(known).as("%s sets %s, which this test does not know the agent reads", agent, var)
              .containsKey(var);
          assertThat(known.get(var).apply(config)).as("%s: %s reaches the agent's config", agent, var)
              .isEqualTo(env.get(var));
        }
      }
      assertThat(config.nodeId()).as("%s has its own node id", agent).isNotBlank();
      assertThat(config.service()).isEqualTo(smars.getService());
      assertThat(config.environment()).isEqualTo(smars.getEnvironment());
      assertThat(config.kafka()).containsEntry("bootstrap.servers", "kafka:9092");
      assertThat(config.serde()).containsEntry("schema.registry.url", "http://schema-registry:8081");
      // The image digest reaches the agent the way an orchestrator hands it over: an env var.
      ArtifactSpec image = config.artifacts().get(0);
      assertThat(image.type()).isEqualTo("image");
      assertThat(env).containsKey(image.env());
      Artifact collected = new ImageCollector(image.name(), image.env(), null, env).collect();
      assertThat(collected.getError()).as("%s's image reference parses", agent).isNull();
      digests.add(collected.getDigest());
    }
    assertThat(digests).as("two agents on the new release, one straggler on the previous one")
        .containsExactly(current, current, previous);
  }

  @Test
  void shouldConfigureStreamsWithKeysTheAppReads() throws IOException {
    Properties file = new Properties();
    try (var in = Files.newBufferedReader(containerFile("streams", "/etc/fleet-audit/streams.properties"))) {
      file.load(in);
    }
    Map<String, Object> props = new LinkedHashMap<>();
    file.forEach((k, v) -> props.put(k.toString(), v.toString()));
    // The app's own typed config: an unknown or invalid fleet.* key fails here as it would at start-up.
    StreamsAppConfig config = new StreamsAppConfig(props);
    assertThat(config.clientProperties()).containsEntry("bootstrap.servers", "kafka:9092")
        .containsEntry("schema.registry.url", "http://schema-registry:8081");
    assertThat(config.httpHost()).as("reachable from other containers").isEqualTo("0.0.0.0");
    // Interactive queries route to the owning instance by application.server: it must be this service's name.
    assertThat(config.streamsProperties()).containsEntry("application.server",
        services.at("/streams/hostname").asText() + ":" + config.queryPort());
    assertThat(services.at("/streams/ports").toString())
        .contains("\"" + config.queryPort() + ":" + config.queryPort() + "\"")
        .contains("\"" + config.metricsPort() + ":" + config.metricsPort() + "\"");
    assertThat(services.at("/streams/healthcheck/test").toString()).contains("/" + config.metricsPort());
    assertThat(prometheusTargets()).contains("streams:" + config.metricsPort());
  }

  @Test
  void shouldScrapeWhatTheAppsExpose() throws IOException {
    List<String> targets = prometheusTargets();
    for (String agent : AGENTS) {
      AgentConfig config = new AgentConfigLoader(environment(services.get(agent)), true)
          .load(containerFile(agent, "/etc/fleet-audit/agent.yaml"));
      assertThat(targets).contains(agent + ":" + config.metricsPort());
      assertThat(config.metricsHost()).as("reachable from the prometheus container").isEqualTo("0.0.0.0");
      assertThat(services.at("/" + agent + "/healthcheck/test").toString()).contains("/" + config.metricsPort());
    }
  }

  private static List<String> prometheusTargets() throws IOException {
    JsonNode prometheus = YAML.readTree(containerFile("prometheus", "/etc/prometheus/prometheus.yml").toFile());
    List<String> targets = new ArrayList<>();
    for (JsonNode job : prometheus.get("scrape_configs")) {
      for (JsonNode sc : job.path("static_configs")) {
        sc.path("targets").forEach(t -> targets.add(t.asText()));
      }
    }
    return targets;
  }

  @Test
  void shouldBeAcceptedByDockerCompose() throws Exception {
    Path exe = findOnPath("docker-compose");
    assumeTrue(exe != null, "docker-compose is not installed (scripts/docker-setup.sh installs it); "
        + "docker-compose.yml was validated structurally only");
    Process p = new ProcessBuilder(exe.toString(), "-f", root.resolve("docker-compose.yml").toString(), "config", "-q")
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("docker-compose config says: %s", out).isZero();
  }

  static Map<String, Declaration> knightDeclarations() throws IOException {
    FleetFile file = new FleetFileParser(Clock.systemUTC()).parse(root.resolve("examples/knight/fleet.yaml"));
    assertThat(file.errors()).isEmpty();
    Map<String, Declaration> out = new LinkedHashMap<>();
    for (DeclaredService s : file.services()) {
      out.put(s.key(), s.template());
    }
    return out;
  }

  /** The repository file mounted at {@code containerPath} in {@code service}. */
  private static Path containerFile(String service, String containerPath) {
    for (JsonNode volume : services.get(service).path("volumes")) {
      String[] parts = volume.asText().split(":");
      if (parts.length >= 2 && parts[1].equals(containerPath)) {
        return root.resolve(parts[0]).normalize();
      }
    }
    throw new AssertionError(service + " mounts nothing at " + containerPath);
  }

  private static Map<String, String> environment(JsonNode svc) {
    Map<String, String> env = new LinkedHashMap<>();
    svc.path("environment").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
    return env;
  }

  private static List<String> names(JsonNode obj) {
    List<String> out = new ArrayList<>();
    for (Iterator<String> it = obj.fieldNames(); it.hasNext(); ) {
      out.add(it.next());
    }
    return out;
  }

  private static Path findOnPath(String exe) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      Path p = Path.of(dir, exe);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }
}
