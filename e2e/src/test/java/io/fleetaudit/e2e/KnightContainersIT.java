package io.fleetaudit.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fleetaudit.contracts.Artifact;
import io.fleetaudit.contracts.Declaration;
import io.fleetaudit.contracts.Rollout;
import io.fleetaudit.registry.LocalSchemaRegistry;
import io.fleetaudit.schemas.topics.TopicCatalogue;
import io.fleetaudit.streams.FleetAuditStreamsApp;
import io.fleetaudit.streams.StreamsAppConfig;
import io.fleetaudit.testkit.KafkaBrokerExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.lifecycle.Startables;

/**
 * The Knight case with real hosts: every node is a container built by this test from the local JRE base
 * image plus the real agent jar. Seven run the image of the new release, one the previous release's
 * image; each agent learns its image digest from an environment variable, as from an orchestrator. A
 * ninth container has its config file edited in place after start ("SSH heroics"). Host networking lets
 * the agents reach the embedded broker and the local registry on 127.0.0.1; the real topology runs in
 * this JVM. Skips, saying why, when no Docker engine (or base image) is available.
 */
class KnightContainersIT {

  @RegisterExtension
  static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

  static final String BASE_IMAGE = System.getenv().getOrDefault("FLEET_AUDIT_BASE_IMAGE", "fleet-audit/jre:17");
  static final String CONF_PATH = "/etc/smars/smars.conf";
  static final String CONF = "venue = NYSE\nmax_child_orders = 100\n";

  @TempDir
  static Path stateDir;

  @BeforeAll
  static void requireDocker() {
    assumeTrue(DockerClientFactory.instance().isDockerAvailable(),
        "no Docker engine reachable: run scripts/docker-setup.sh (as root) to start one; container test skipped");
    boolean base;
    try {
      DockerClientFactory.instance().client().inspectImageCmd(BASE_IMAGE).exec();
      base = true;
    } catch (RuntimeException e) {
      base = false;
    }
    assumeTrue(base, "base image " + BASE_IMAGE + " is missing (nothing can be pulled here): run "
        + "scripts/docker-setup.sh to build it; container test skipped");
  }

  @Test
  void shouldFindTheStragglerImageAndTheConfigEditedInPlace() throws Exception {
    Path agentJar = RepoRoot.get().resolve("agent/target/fleet-audit-agent.jar");
    assertThat(agentJar).as("the agent's runnable jar (mvn -pl agent package)").isRegularFile();
    String environment = KAFKA.uniqueName("containers");
    String bootstrap = KAFKA.bootstrapServers();

    // Two releases of the "smars" image: same agent, different application content.
    String v1 = buildImage(agentJar, "2012.07.15");
    String v2 = buildImage(agentJar, "2012.08.01");
    String v1Digest = imageId(v1);
    String v2Digest = imageId(v2);
    assertThat(v1Digest).isNotEqualTo(v2Digest);

    try (LocalSchemaRegistry registry = LocalSchemaRegistry.start(bootstrap, "127.0.0.1", 0);
         FleetAuditStreamsApp streams = startStreams(bootstrap, registry.url())) {
      declare(streams.topics(), bootstrap, registry.url(), Declaration.newBuilder()
          .setService("smars").setEnvironment(environment)
          .setArtifacts(List.of(artifact("2012.08.01", v2Digest)))
          // The rollout window closed a minute ago: the previous image is drift now.
          .setRollout(Rollout.newBuilder().setPrevious(List.of(artifact("2012.07.15", v1Digest)))
              .setDeadline(Instant.now().minusSeconds(60)).build())
          .setConfigHash(configHash(Map.of(CONF_PATH, CONF)))
          .setConfigFiles(Map.of(CONF_PATH, sha256(CONF)))
          .setCheckFlags(false).setImmutable(true).setHeartbeatIntervalMs(1000).setMissedIntervals(30)
          .setGitCommit("c0ffee").setDeclaredAt(Instant.now()).build());

      List<GenericContainer<?>> nodes = new ArrayList<>();
      try (AlertTail alerts = new AlertTail(bootstrap, registry.url(), environment)) {
        for (int i = 1; i <= 9; i++) {
          boolean straggler = i == 8;
          nodes.add(node(straggler ? v1 : v2, straggler ? v1Digest : v2Digest, "smars-" + i, environment,
              bootstrap, registry.url()));
        }
        // Containers start in parallel: nine small JVMs, one wait.
        Startables.deepStart(nodes).get();
        GenericContainer<?> edited = nodes.get(8);

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
            assertThat(alerts.firing()).contains("ARTIFACT_DRIFT smars-8"));

        ExecResult exec = edited.execInContainer("sh", "-c", "echo 'max_child_orders = 100000' >> " + CONF_PATH);
        assertThat(exec.getExitCode()).as(exec.getStderr()).isZero();

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
            assertThat(alerts.firing()).contains("CONFIG_DRIFT smars-9", "MUTATED_IN_PLACE smars-9"));
        // Exactly two boxes differ: the straggler and the edited one; the config alert names the file.
        assertThat(alerts.firing()).containsExactlyInAnyOrder(
            "ARTIFACT_DRIFT smars-8", "CONFIG_DRIFT smars-9", "MUTATED_IN_PLACE smars-9");
        assertThat(alerts.poll()).filteredOn(a -> a.getRule().equals("CONFIG_DRIFT"))
            .first().satisfies(a -> assertThat(a.getAnnotations().toString()).contains(CONF_PATH));
        assertThat(alerts.poll()).filteredOn(a -> a.getRule().equals("ARTIFACT_DRIFT"))
            .first().satisfies(a -> assertThat(a.getAnnotations().get("summary")).contains(v1Digest));
      } finally {
        nodes.forEach(GenericContainer::stop);
      }
    }
  }

  private static GenericContainer<?> node(String image, String digest, String nodeId, String environment,
                                          String bootstrap, String registryUrl) {
    GenericContainer<?> c = new GenericContainer<>(image)
        .withNetworkMode("host")
        .withEnv("IMAGE_DIGEST", digest)
        .withEnv("FLEET_AUDIT_NODE_ID", nodeId)
        .withEnv("FLEET_AUDIT_NODE_INSTANCE_ID", "container-" + nodeId)
        .withEnv("FLEET_AUDIT_ENVIRONMENT", environment)
        .withEnv("FLEET_AUDIT_KAFKA_BOOTSTRAP_SERVERS", bootstrap)
        .withEnv("FLEET_AUDIT_SCHEMA_REGISTRY_URL", registryUrl)
        .waitingFor(Wait.forLogMessage(".*agent " + nodeId + " started.*", 1)
            .withStartupTimeout(Duration.ofSeconds(120)));
    return c;
  }

  /** The image of one release: the JRE base, the agent jar, its config, and the release's own content. */
  private static String buildImage(Path agentJar, String release) {
    String agentYaml = String.join("\n",
        "service: smars",
        "environment: placeholder",
        "artifacts:",
        "  - { type: image, name: smars, env: IMAGE_DIGEST }",
        "config: { paths: [ /etc/smars ] }",
        "heartbeat: { interval: 1s }",
        "state: { file: /tmp/agent.state }",
        "kafka: { bootstrap.servers: placeholder }",
        "schema.registry.url: http://placeholder",
        "");
    return new ImageFromDockerfile("fleet-audit-it/smars:" + release, false)
        .withFileFromPath("fleet-audit-agent.jar", agentJar)
        .withFileFromString("agent.yaml", agentYaml)
        .withFileFromString("smars.conf", CONF)
        .withFileFromString("RELEASE", release + "\n")
        .withDockerfileFromBuilder(b -> b.from(BASE_IMAGE)
            .copy("fleet-audit-agent.jar", "/opt/fleet-audit/fleet-audit-agent.jar")
            .copy("agent.yaml", "/etc/fleet-audit/agent.yaml")
            .copy("smars.conf", CONF_PATH)
            .copy("RELEASE", "/opt/smars/RELEASE")
            .entryPoint("java", "-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k",
                "-jar", "/opt/fleet-audit/fleet-audit-agent.jar", "--config", "/etc/fleet-audit/agent.yaml")
            .build())
        .get();
  }

  /** The image id (sha256:...): what an orchestrator reports as the running image's digest. */
  private static String imageId(String image) {
    return DockerClientFactory.instance().client().inspectImageCmd(image).exec().getId();
  }

  private static FleetAuditStreamsApp startStreams(String bootstrap, String registryUrl) throws InterruptedException {
    Map<String, Object> props = new HashMap<>();
    props.put("bootstrap.servers", bootstrap);
    props.put("schema.registry.url", registryUrl);
    props.put("application.id", KAFKA.uniqueName("containers-it"));
    props.put("state.dir", stateDir.toString());
    props.put("commit.interval.ms", "100");
    props.put(StreamsAppConfig.METRICS_PORT, "-1");
    props.put(StreamsAppConfig.PUNCTUATE_INTERVAL_MS, "200");
    FleetAuditStreamsApp app = new FleetAuditStreamsApp(new StreamsAppConfig(props), Clock.systemUTC()).start();
    app.awaitRunning(Duration.ofSeconds(90));
    return app;
  }

  private static void declare(TopicCatalogue topics, String bootstrap, String registryUrl, Declaration d)
      throws Exception {
    Map<String, Object> p = Map.of("bootstrap.servers", bootstrap, "acks", "all");
    try (KafkaProducer<String, Declaration> producer = new KafkaProducer<>(p,
        topics.declarations().keySerde().serializer(), topics.declarations().valueSerde().serializer())) {
      producer.send(new ProducerRecord<>(topics.declarations().name(), d.getEnvironment() + "/" + d.getService(), d))
          .get();
    }
  }

  private static Artifact artifact(String version, String digest) {
    return Artifact.newBuilder().setName("smars").setVersion(version).setDigest(digest).build();
  }

  /** The agent's documented config hash: sha256 over sorted "path \0 sha256:hex \n" lines. */
  static String configHash(Map<String, String> files) throws Exception {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    for (String path : new java.util.TreeMap<>(files).keySet()) {
      md.update((path + "\0" + sha256(files.get(path)) + "\n").getBytes(StandardCharsets.UTF_8));
    }
    return "sha256:" + HexFormat.of().formatHex(md.digest());
  }

  static String sha256(String content) throws Exception {
    return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
        .digest(content.getBytes(StandardCharsets.UTF_8)));
  }
}
