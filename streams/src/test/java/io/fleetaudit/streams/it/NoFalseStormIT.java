package io.fleetaudit.streams.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fleetaudit.contracts.Alert;
import io.fleetaudit.contracts.Artifact;
import io.fleetaudit.contracts.Declaration;
import io.fleetaudit.contracts.NodeStatus;
import io.fleetaudit.contracts.DeclaredFlag;
import io.fleetaudit.contracts.Heartbeat;
import io.fleetaudit.contracts.NodeState;
import io.fleetaudit.streams.FleetAuditStreamsApp;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The streams app is down for 4 missing-thresholds while the fleet keeps beating; after restart it replays the
 * backlog and declares nobody missing. Then one node really goes silent and is reported. And a fresh application over
 * a backlog judges it against the declarations published before it started.
 */
class NoFalseStormIT extends StreamsIt {
    private static Heartbeat node(String service, int n, long seq) {
        return Heartbeat.newBuilder().setNodeId(service + "-" + n).setInstanceId("i-" + n).setBootId("b")
                .setService(service).setEnvironment("prod").setArtifacts(List.of(Artifact.newBuilder().setName("app")
                        .setDigest("sha256:1").build())).setAgentVersion("it").setSequence(seq).setSentAt(Instant.now())
                .setIntervalMs(500).build();
    }

    /** The "fleet": 5 nodes beating every 500 ms, for the given duration, nodes listed in silent excluded. */
    private static long beat(String service, long seq, Duration duration, int... silent) throws Exception {
        Instant end = Instant.now().plus(duration);
        while (Instant.now().isBefore(end)) {
            for (int n = 1; n <= 5; n++) {
                final int node = n;
                if (java.util.Arrays.stream(silent).noneMatch(s -> s == node)) {
                    it.send(node(service, n, seq));
                }
            }
            seq++;
            // Pace the simulated agents at their 500 ms interval.
            await().pollDelay(Duration.ofMillis(500)).until(() -> true);
        }
        return seq;
    }

    @Test
    void shouldNotDeclareAnyoneMissingAfterDowntimeButStillCatchARealSilence() throws Exception {
        String service = KAFKA.uniqueName("storm");
        it.declare(Declaration.newBuilder().setService(service).setEnvironment("prod")
                .setArtifacts(List.of(Artifact.newBuilder().setName("app").setDigest("sha256:1").build()))
                .setHeartbeatIntervalMs(500).setMissedIntervals(4).setExpectedNodes(5).setGitCommit("g")
                .setDeclaredAt(Instant.now()).build());
        String appId = KAFKA.uniqueName("storm-app");
        Path stateDir = it.tempStateDir();
        Map<String, Object> props = it.appProps(appId, stateDir);
        props.put("fleet.missing.idle.fallback.ms", "30000");
        props.put("fleet.status.refresh.ms", "0"); // store every heartbeat's lastSequence: the test reads it to see catch-up
        try (var alerts = it.alerts(service)) {
            long seq = 1;
            try (FleetAuditStreamsApp app = it.startApp(props)) {
                seq = beat(service, seq, Duration.ofSeconds(3));
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                        StreamsItSupport.statusStore(app).get(service + "-5")).isNotNull());
            }
            // Downtime of 8 s = 4 x the 2 s missing threshold, while the fleet keeps beating.
            seq = beat(service, seq, Duration.ofSeconds(8));
            try (FleetAuditStreamsApp app = it.startApp(props)) {
                final long caughtUp = seq - 1;
                seq = beat(service, seq, Duration.ofSeconds(3));
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    for (int n = 1; n <= 5; n++) {
                        assertThat(StreamsItSupport.statusStore(app).get(service + "-" + n).getLastSequence())
                                .isGreaterThanOrEqualTo(caughtUp);
                    }
                });
                assertThat(alerts.poll()).extracting(Alert::getRule).doesNotContain("NODE_MISSING", "NODE_COUNT_SHORT");

                // Node 5 really dies: it is reported, the other four are not.
                beat(service, seq, Duration.ofSeconds(5), 5);
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(alerts.poll())
                        .extracting(a -> a.getRule() + " " + a.getSubject())
                        .contains("NODE_MISSING " + service + "-5"));
                assertThat(alerts.values).filteredOn(a -> a.getRule().equals("NODE_MISSING")).hasSize(1);
                assertThat(StreamsItSupport.statusStore(app).get(service + "-5").getState()).isEqualTo(NodeState.MISSING);
            }
        }
    }

    /**
     * A fresh application over topics that already hold a declaration and a fleet's heartbeats: the app reads the
     * declaration before Kafka Streams starts (DeclarationSnapshot) and judges the backlog against it once. The
     * straggler drifts from it; nobody is judged as an undeclared service on the way (no UNDECLARED state, no
     * FLEET_OUTLIER alert that resolves a moment later).
     */
    @Test
    void shouldJudgeABacklogAgainstTheDeclarationPublishedBeforeStartUp() throws Exception {
        String service = KAFKA.uniqueName("smars");
        Declaration declared = Declaration.newBuilder().setService(service).setEnvironment("prod")
                .setArtifacts(List.of(Artifact.newBuilder().setName("smars").setVersion("2012.08")
                        .setDigest(KnightScenarioIT.NEW).build()))
                .setFlags(List.of(DeclaredFlag.newBuilder().setName("rlp").setValue("true").setOwner("trading").build()))
                .setHeartbeatIntervalMs(1000).setMissedIntervals(600).setGitCommit("before-start").setAuthor("ci")
                .setDeclaredAt(Instant.now()).build();
        it.declare(declared);
        for (int n = 1; n <= 7; n++) {
            it.send(KnightScenarioIT.router(service, n, 1, false));
        }
        // The straggler runs the old build (without Knight's repurposed flag: only the build is at stake here).
        it.send(Heartbeat.newBuilder(KnightScenarioIT.router(service, 8, 1, true)).setFlags(Map.of("rlp", "true")).build());

        try (FleetAuditStreamsApp app = it.startApp(it.appProps(KAFKA.uniqueName("snapshot"),
                it.tempStateDir()));
             var alerts = it.alerts(service);
             var statuses = it.tail(it.topics.nodeStatus().name(), it.topics.nodeStatus().valueSerde().deserializer(),
                     (NodeStatus s) -> s.getService().equals(service))) {
            assertThat(app.declarationsAtStart().declaration("prod/" + service)).isEqualTo(declared);
            String straggler = service + "-router-8";
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(statuses.poll()).hasSize(8));
            assertThat(statuses.values).extracting(NodeStatus::getState).doesNotContain(NodeState.UNDECLARED);
            assertThat(statuses.values).allSatisfy(s -> assertThat(s.getDeclarationCommit()).isEqualTo("before-start"));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(alerts.poll())
                    .extracting(Alert::getRule).contains("ARTIFACT_DRIFT"));
            assertThat(alerts.values).extracting(a -> a.getStatus() + " " + a.getRule() + " " + a.getSubject())
                    .containsExactly("FIRING ARTIFACT_DRIFT " + straggler);
            // The declaration's own record has come through the repartition topic by now (it is in the task's store):
            // it changed nothing, so the eight statuses are still the only ones.
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(app.streams().store(
                    org.apache.kafka.streams.StoreQueryParameters.fromNameAndType(
                            io.fleetaudit.streams.detect.StoreNames.DECLARATIONS,
                            org.apache.kafka.streams.state.QueryableStoreTypes.<String, Declaration>keyValueStore()))
                    .get("prod/" + service)).isEqualTo(declared));
            assertThat(statuses.poll()).hasSize(8);
            assertThat(alerts.poll()).hasSize(1);
        }
    }
}
