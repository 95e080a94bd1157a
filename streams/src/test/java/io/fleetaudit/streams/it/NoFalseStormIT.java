package io.fleetaudit.streams.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fleetaudit.contracts.Alert;
import io.fleetaudit.contracts.Artifact;
import io.fleetaudit.contracts.Declaration;
import io.fleetaudit.contracts.Heartbeat;
import io.fleetaudit.contracts.NodeState;
import io.fleetaudit.streams.FleetAuditStreamsApp;
import io.fleetaudit.testkit.KafkaBrokerExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The streams app is down for 4 missing-thresholds while the fleet keeps beating; after restart it replays the
 * backlog and declares nobody missing. Then one node really goes silent and is reported.
 */
class NoFalseStormIT {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
    private static StreamsItSupport it;

    @BeforeAll
    static void setUp() {
        it = new StreamsItSupport(KAFKA);
    }

    @AfterAll
    static void tearDown() {
        it.close();
    }

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
        Path stateDir = StreamsItSupport.tempStateDir();
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
}
