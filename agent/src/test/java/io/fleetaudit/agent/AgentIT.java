package io.fleetaudit.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fleetaudit.agent.config.AgentConfig;
import io.fleetaudit.agent.config.ArtifactSpec;
import io.fleetaudit.agent.confighash.Digests;
import io.fleetaudit.contracts.Artifact;
import io.fleetaudit.contracts.ConfigFile;
import io.fleetaudit.contracts.Heartbeat;
import io.fleetaudit.registry.LocalSchemaRegistry;
import io.fleetaudit.schemas.topics.HeartbeatPartitioner;
import io.fleetaudit.testkit.KafkaBrokerExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The agent in-process against the real embedded broker and the real local schema registry. */
class AgentIT {
  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
  static LocalSchemaRegistry registry;

  @TempDir Path dir;
  String topic;

  @BeforeAll
  static void startRegistry() {
    registry = LocalSchemaRegistry.start(KAFKA.bootstrapServers(), "127.0.0.1", 0);
  }

  @AfterAll
  static void stopRegistry() {
    registry.close();
  }

  @BeforeEach
  void topic() {
    topic = KAFKA.uniqueName("heartbeats");
    KAFKA.createTopics(1, topic);
  }

  AgentConfig config(String nodeId) throws IOException {
    Files.createDirectories(dir.resolve("etc/smars"));
    Files.writeString(dir.resolve("etc/smars/router.conf"), "mode=new\n");
    Files.writeString(dir.resolve("etc/smars/limits.conf"), "max=100\n");
    Files.writeString(dir.resolve("smars.bin"), "binary-2012.08.01");
    Files.writeString(dir.resolve("flags.flagd.json"), """
        {"flags": {"power-peg": {"state": "ENABLED", "variants": {"on": true, "off": false}, "defaultVariant": "off"}}}
        """);
    return AgentConfig.builder()
        .nodeId(nodeId).instanceId("i-" + nodeId).service("smars").environment("prod").label("region", "us-east-1")
        .artifact(ArtifactSpec.file("smars", dir.resolve("smars.bin")))
        .configPaths(List.of(dir.resolve("etc/smars").toString()))
        .flagdFiles(List.of(dir.resolve("flags.flagd.json")))
        .interval(Duration.ofSeconds(10))
        .debounce(Duration.ofMillis(100))
        .stateFile(dir.resolve("agent.state"))
        .topic(topic)
        .kafka("bootstrap.servers", KAFKA.bootstrapServers())
        .serde("schema.registry.url", registry.url())
        .build();
  }

  Agent agent(AgentConfig c) {
    return new Agent(c, Map.of(), null, new SimpleMeterRegistry(), Clock.systemUTC());
  }

  @Test
  void shouldPublishAHeartbeatWithTheNodesState() throws Exception {
    try (HeartbeatConsumer consumer = new HeartbeatConsumer(KAFKA.bootstrapServers(), registry.url(), topic);
         Agent agent = agent(config("smars-1")).start()) {
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(consumer.received()).isNotEmpty());
      Heartbeat hb = consumer.received().get(0);
      assertThat(hb.getNodeId()).isEqualTo("smars-1");
      assertThat(hb.getInstanceId()).isEqualTo("i-smars-1");
      assertThat(hb.getService()).isEqualTo("smars");
      assertThat(hb.getEnvironment()).isEqualTo("prod");
      assertThat(hb.getLabels()).containsEntry("region", "us-east-1");
      assertThat(hb.getBootId()).isNotBlank();
      assertThat(hb.getArtifacts()).extracting(Artifact::getName, Artifact::getDigest)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("smars", Digests.of("binary-2012.08.01")));
      assertThat(hb.getConfigFiles()).extracting(ConfigFile::getPath, ConfigFile::getSha256).containsExactly(
          org.assertj.core.groups.Tuple.tuple(dir.resolve("etc/smars/limits.conf").toString(), Digests.of("max=100\n")),
          org.assertj.core.groups.Tuple.tuple(dir.resolve("etc/smars/router.conf").toString(), Digests.of("mode=new\n")));
      assertThat(hb.getConfigHash()).matches("sha256:[0-9a-f]{64}");
      assertThat(hb.getFlags()).containsEntry("power-peg", "false");
      assertThat(hb.getSequence()).isEqualTo(1);
      assertThat(hb.getIntervalMs()).isEqualTo(10_000);
      assertThat(hb.getStopping()).isFalse();
      assertThat(hb.getAgentVersion()).isNotBlank();
      assertThat(agent.metrics().sentCount()).isGreaterThanOrEqualTo(1);
    }
  }

  /** Keyed by node id, placed in the partition of its service: the streams app detects it where it lands. */
  @Test
  void shouldPlaceHeartbeatsInThePartitionOfTheirService() throws Exception {
    topic = KAFKA.uniqueName("heartbeats-6");
    KAFKA.createTopics(6, topic);
    int servicePartition = HeartbeatPartitioner.partition("prod/smars", 6);
    String nodeId = IntStream.rangeClosed(1, 50).mapToObj(n -> "smars-" + n)
        .filter(id -> BuiltInPartitioner.partitionForKey(id.getBytes(StandardCharsets.UTF_8), 6) != servicePartition)
        .findFirst().orElseThrow();
    try (HeartbeatConsumer consumer = new HeartbeatConsumer(KAFKA.bootstrapServers(), registry.url(), topic);
         Agent agent = agent(config(nodeId)).start()) {
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(consumer.received()).isNotEmpty());
      Files.writeString(dir.resolve("etc/smars/router.conf"), "mode=newer\n");
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(consumer.received()).hasSizeGreaterThan(1));
      assertThat(consumer.received()).extracting(Heartbeat::getNodeId).containsOnly(nodeId);
      assertThat(consumer.partitionsOf(nodeId)).containsExactly(servicePartition);
    }
  }

  @Test
  void shouldPublishAConfigChangeWithinTwoSeconds() throws Exception {
    try (HeartbeatConsumer consumer = new HeartbeatConsumer(KAFKA.bootstrapServers(), registry.url(), topic);
         Agent agent = agent(config("smars-2")).start()) {
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(consumer.received()).isNotEmpty());
      Path router = dir.resolve("etc/smars/router.conf");
      String newHash = Digests.of("mode=power-peg\n");
      long changedAt = System.nanoTime();
      Files.writeString(router, "mode=power-peg\n");
      // The interval is 10 s: only the change trigger can deliver this in time.
      await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> assertThat(consumer.last().getConfigFiles())
          .contains(new ConfigFile(router.toString(), newHash, null)));
      assertThat(Duration.ofNanos(System.nanoTime() - changedAt)).isLessThan(Duration.ofSeconds(2));
      assertThat(consumer.last().getConfigHash()).isNotEqualTo(consumer.received().get(0).getConfigHash());
    }
  }

  @Test
  void shouldSendStoppingOnCloseAndKeepSequencesMonotonicAcrossRestarts() throws Exception {
    AgentConfig c = config("smars-3");
    try (HeartbeatConsumer consumer = new HeartbeatConsumer(KAFKA.bootstrapServers(), registry.url(), topic)) {
      Agent first = agent(c).start();
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(consumer.received()).isNotEmpty());
      long start = System.nanoTime();
      first.close();
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(consumer.last().getStopping()).isTrue());
      long beforeRestart = consumer.last().getSequence();

      try (Agent second = agent(c).start()) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(consumer.last().getStopping()).isFalse());
        second.triggerNow().get();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(consumer.received()).hasSizeGreaterThan(3));
      }
      List<Long> sequences = consumer.received().stream().map(Heartbeat::getSequence).toList();
      assertThat(sequences).isSorted().doesNotHaveDuplicates();
      assertThat(sequences.get(sequences.size() - 1)).isGreaterThan(beforeRestart);
    }
  }
}
