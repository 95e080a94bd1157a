package io.fleetaudit.streams.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fleetaudit.contracts.Artifact;
import io.fleetaudit.contracts.Declaration;
import io.fleetaudit.contracts.Heartbeat;
import io.fleetaudit.streams.FleetAuditStreamsApp;
import io.fleetaudit.streams.FleetAuditTopology;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

/**
 * An application id's first start on the real broker: the app creates the detection's repartition topic before Kafka
 * Streams starts (RepartitionTopic), so the consumer group forms in one rebalance instead of two (without it, the
 * leader's creating the topic during the first assignment changes every member's metadata and makes it rejoin), and
 * Kafka Streams uses that topic: heartbeats placed outside their service's partition reach detection through it.
 */
class FirstStartIT extends StreamsIt {
    static final String DIGEST = "sha256:" + "c".repeat(64);

    /** The successful rebalances each stream thread's consumer took part in (Kafka's consumer-coordinator metrics). */
    private static List<Double> rebalances(FleetAuditStreamsApp app) {
        return app.streams().metrics().entrySet().stream()
                .filter(e -> e.getKey().group().equals("consumer-coordinator-metrics")
                        && e.getKey().name().equals("rebalance-total"))
                .map(e -> (Double) e.getValue().metricValue()).collect(Collectors.toList());
    }

    @Test
    void shouldFormTheGroupInOneRebalanceAndDetectThroughTheTopicItCreatedAhead() throws Exception {
        String service = KAFKA.uniqueName("first-start");
        it.declare(Declaration.newBuilder().setService(service).setEnvironment("prod")
                .setArtifacts(List.of(Artifact.newBuilder().setName("app").setDigest(DIGEST).build()))
                .setHeartbeatIntervalMs(60_000).setExpectedNodes(12).setGitCommit("g").setDeclaredAt(Instant.now())
                .build());
        String appId = KAFKA.uniqueName("first-start-app");
        Map<String, Object> props = it.appProps(appId, it.tempStateDir());
        props.put("num.stream.threads", "1"); // one member: its rebalances are the group's
        String topic = appId + "-" + FleetAuditTopology.DETECTION_INPUTS_BY_SERVICE + "-repartition";
        try (FleetAuditStreamsApp app = it.startApp(props); Admin admin = KAFKA.adminClient()) {
            TopicDescription described = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
            assertThat(described.partitions()).hasSize(app.config().detectPartitions());
            Config config = admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC, topic))).all()
                    .get().values().iterator().next();
            assertThat(config.get("retention.ms").value()).isEqualTo("-1");
            assertThat(config.get("cleanup.policy").value()).isEqualTo("delete");
            assertThat(rebalances(app)).as("rebalance-total of the stream thread's consumer").containsExactly(1.0);

            // Placed by node id, most of these land outside their service's partition and take the repartition topic.
            for (int n = 1; n <= 12; n++) {
                it.sendByKey(Heartbeat.newBuilder().setNodeId(service + "-" + n).setInstanceId("i-" + n).setBootId("b")
                        .setService(service).setEnvironment("prod").setArtifacts(List.of(Artifact.newBuilder()
                                .setName("app").setDigest(DIGEST).build())).setAgentVersion("it").setSequence(1)
                        .setSentAt(Instant.now()).setIntervalMs(60_000).build());
            }
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(StreamsItSupport.statuses(app, service))
                    .isEqualTo(12));
            Map<TopicPartition, OffsetSpec> latest = described.partitions().stream().collect(Collectors.toMap(
                    p -> new TopicPartition(topic, p.partition()), p -> OffsetSpec.latest()));
            long records = admin.listOffsets(latest).all().get().values().stream().mapToLong(o -> o.offset()).sum();
            assertThat(records).as("records through " + topic).isPositive();
            assertThat(rebalances(app)).containsExactly(1.0);
        }
    }
}
