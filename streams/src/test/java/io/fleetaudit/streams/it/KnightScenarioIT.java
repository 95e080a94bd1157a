package io.fleetaudit.streams.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fleetaudit.contracts.Alert;
import io.fleetaudit.contracts.AlertStatus;
import io.fleetaudit.contracts.Artifact;
import io.fleetaudit.contracts.Declaration;
import io.fleetaudit.contracts.DeclaredFlag;
import io.fleetaudit.contracts.Heartbeat;
import io.fleetaudit.contracts.NodeState;
import io.fleetaudit.contracts.Rollout;
import io.fleetaudit.streams.FleetAuditStreamsApp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Knight Capital, 2012-08-01, on the real broker with a real HTTP schema registry: 8 order routers declared, 7
 * upgraded, 1 straggler still on the old build after the rollout deadline, reporting the repurposed Power Peg flag.
 * Exactly two alerts fire for the straggler; both resolve once it is fixed.
 */
class KnightScenarioIT extends StreamsIt {
    static final String NEW = "sha256:" + "a".repeat(64);
    static final String OLD = "sha256:" + "0".repeat(64);

    static Heartbeat router(String service, int n, long seq, boolean straggler) {
        Artifact build = Artifact.newBuilder().setName("smars").setVersion(straggler ? "2012.07" : "2012.08")
                .setDigest(straggler ? OLD : NEW).build();
        Map<String, String> flags = straggler ? Map.of("rlp", "true", "power_peg", "true") : Map.of("rlp", "true");
        return Heartbeat.newBuilder().setNodeId(service + "-router-" + n).setInstanceId("i-" + n).setBootId("b-" + n)
                .setService(service).setEnvironment("prod").setArtifacts(List.of(build)).setConfigHash("sha256:cfg")
                .setFlags(flags).setAgentVersion("it").setSequence(seq).setSentAt(Instant.now()).setIntervalMs(1000)
                .build();
    }

    /**
     * {@code byService}: heartbeats placed as the agents place them (detected where they land) or by key (most of them
     * repartitioned first); {@code detectPartitions} 6 is the input topics' count (the default layout), 2 another
     * (everything repartitioned, in a second sub-topology).
     */
    @ParameterizedTest(name = "heartbeats placed by {0}, fleet.detect.partitions={1}")
    @CsvSource({"service, 6", "key, 6", "key, 2"})
    void shouldFireExactlyTheStragglerAlertsAndResolveThemWhenItIsFixed(String placement, int detectPartitions)
            throws Exception {
        HeartbeatSender sender = placement.equals("service") ? it::send : it::sendByKey;
        String service = KAFKA.uniqueName("smars");
        Instant deadline = Instant.now().plusSeconds(8);
        it.declare(Declaration.newBuilder().setService(service).setEnvironment("prod")
                .setArtifacts(List.of(Artifact.newBuilder().setName("smars").setVersion("2012.08").setDigest(NEW).build()))
                .setRollout(Rollout.newBuilder().setPrevious(List.of(Artifact.newBuilder().setName("smars")
                        .setVersion("2012.07").setDigest(OLD).build())).setDeadline(deadline).build())
                .setConfigHash("sha256:cfg")
                .setFlags(List.of(DeclaredFlag.newBuilder().setName("rlp").setValue("true").setOwner("trading").build()))
                .setExpectedNodes(8).setHeartbeatIntervalMs(1000).setMissedIntervals(10)
                .setGitCommit("knight-2012-08-01").setAuthor("ci").setDeclaredAt(Instant.now()).build());

        Map<String, Object> props = it.appProps(KAFKA.uniqueName("knight"), it.tempStateDir());
        props.put("fleet.detect.partitions", detectPartitions);
        try (FleetAuditStreamsApp app = it.startApp(props);
             var alerts = it.alerts(service)) {
            // CI declared the release before the deploy: the app has applied it before the fleet heartbeats. (At a fresh
            // start, a heartbeat can overtake its declaration through the repartition topic and be judged as undeclared
            // for that moment: streams/DESIGN.md, "Start-up".)
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .until(() -> StreamsItSupport.declarationStore(app).get("prod/" + service) != null);
            String straggler = service + "-router-8";
            long seq = 1;
            // Heartbeats every 500 ms until both straggler alerts are visible to a read_committed consumer.
            while (alerts.poll().size() < 2 && Instant.now().isBefore(deadline.plusSeconds(30))) {
                for (int n = 1; n <= 8; n++) {
                    sender.send(router(service, n, seq, n == 8));
                }
                seq++;
            }
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(alerts.poll()).hasSize(2));
            assertThat(alerts.values).extracting(a -> a.getStatus() + " " + a.getRule() + " " + a.getSubject())
                    .containsExactlyInAnyOrder("FIRING FLAG_UNDECLARED " + straggler, "FIRING ARTIFACT_DRIFT " + straggler);
            Alert drift = alerts.values.stream().filter(a -> a.getRule().equals("ARTIFACT_DRIFT")).findFirst().orElseThrow();
            assertThat(drift.getEmittedAt()).isAfterOrEqualTo(deadline);
            assertThat(drift.getAnnotations()).containsEntry("declaration_commit", "knight-2012-08-01");
            assertThat(drift.getLabels()).containsEntry("node", straggler).containsEntry("severity", "critical");
            assertThat(StreamsItSupport.statusStore(app).get(straggler).getState()).isEqualTo(NodeState.DRIFTED);
            assertThat(StreamsItSupport.statusStore(app).get(service + "-router-1").getState()).isEqualTo(NodeState.OK);

            // The SRE replaces the straggler's build: all eight now match.
            final long fixedSeq = seq;
            for (int n = 1; n <= 8; n++) {
                sender.send(router(service, n, fixedSeq, false));
            }
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(alerts.poll()).hasSize(4));
            assertThat(alerts.values).extracting(a -> a.getStatus() + " " + a.getRule())
                    .containsExactlyInAnyOrder("FIRING FLAG_UNDECLARED", "FIRING ARTIFACT_DRIFT",
                            "RESOLVED FLAG_UNDECLARED", "RESOLVED ARTIFACT_DRIFT");
            assertThat(alerts.values.stream().filter(a -> a.getStatus() == AlertStatus.RESOLVED))
                    .allSatisfy(a -> assertThat(a.getEndsAt()).isNotNull());
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(StreamsItSupport.statusStore(app).get(straggler).getState()).isEqualTo(NodeState.OK));

            // Prometheus endpoint serves our meters and Kafka Streams' own.
            String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + app.metricsPort() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(metrics).contains("fleet_audit_alerts_total", "fleet_audit_detection_latency_seconds",
                    "fleet_audit_heartbeats_processed_total", "kafka_stream");
        }
    }

    private interface HeartbeatSender {
        void send(Heartbeat hb) throws Exception;
    }
}
