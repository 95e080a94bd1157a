package io.fleetaudit.streams.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fleetaudit.contracts.Alert;
import io.fleetaudit.contracts.AlertStatus;
import io.fleetaudit.contracts.Artifact;
import io.fleetaudit.contracts.Declaration;
import io.fleetaudit.contracts.Heartbeat;
import io.fleetaudit.contracts.NodeState;
import io.fleetaudit.streams.FleetAuditStreamsApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.MemberDescription;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * fleet.state.stores on the real broker: whichever kind keeps the stores, a restarted app gets them back (in_memory: from
 * the changelogs, at every start; rocksdb: from local disk; a switch of kind: from the changelogs) and carries on where
 * it stopped. The drifting node's alert does not fire twice; a declaration change re-evaluates every node from the
 * stored heartbeats, without a new heartbeat, and resolves the alert fired before the restart. A clean stop leaves the
 * consumer group, so the restart gets its tasks at once.
 */
class StateStoresIT extends StreamsIt {
    static final String NEW = "sha256:" + "b".repeat(64);
    static final String OLD = "sha256:" + "1".repeat(64);

    private static Heartbeat node(String service, int n, long seq, String digest) {
        return Heartbeat.newBuilder().setNodeId(service + "-" + n).setInstanceId("i-" + n).setBootId("b")
                .setService(service).setEnvironment("prod").setArtifacts(List.of(Artifact.newBuilder().setName("app")
                        .setDigest(digest).build())).setAgentVersion("it").setSequence(seq).setSentAt(Instant.now())
                .setIntervalMs(60_000).build();
    }

    private static Declaration declaring(String service, String digest) {
        return Declaration.newBuilder().setService(service).setEnvironment("prod")
                .setArtifacts(List.of(Artifact.newBuilder().setName("app").setDigest(digest).build()))
                .setHeartbeatIntervalMs(60_000).setExpectedNodes(3).setGitCommit("g-" + digest.substring(7, 8))
                .setDeclaredAt(Instant.now()).build();
    }

    private static List<String> transitions(StreamsItSupport.Tail<Alert> alerts) {
        return alerts.poll().stream().map(a -> a.getStatus() + " " + a.getRule() + " " + a.getSubject()).toList();
    }

    private static Collection<MemberDescription> groupMembers(String groupId) throws Exception {
        try (Admin admin = KAFKA.adminClient()) {
            return admin.describeConsumerGroups(List.of(groupId)).describedGroups().get(groupId).get().members();
        }
    }

    private static boolean hasRocksDbFiles(Path stateDir) throws Exception {
        try (Stream<Path> files = Files.walk(stateDir)) {
            return files.anyMatch(f -> f.getFileName().toString().equals("rocksdb"));
        }
    }

    /** {@code then}: the kind of store the restarted app uses (another kind than before: a switch, no reset). */
    @ParameterizedTest(name = "fleet.state.stores={0}, restarted with {1}")
    @CsvSource({"in_memory, in_memory", "rocksdb, rocksdb", "rocksdb, in_memory", "in_memory, rocksdb"})
    void shouldCarryOnAfterARestartWithTheStoresRestored(String stores, String then) throws Exception {
        String service = KAFKA.uniqueName("stores-" + stores.replace('_', '-'));
        it.declare(declaring(service, NEW));
        String appId = KAFKA.uniqueName("stores-app");
        Map<String, Object> props = it.appProps(appId, it.tempStateDir());
        props.put("fleet.state.stores", stores);
        Path stateDir = Path.of((String) props.get("state.dir"));
        String drift = "FIRING ARTIFACT_DRIFT " + service + "-3";
        try (var alerts = it.alerts(service)) {
            try (FleetAuditStreamsApp app = it.startApp(props)) {
                for (int n = 1; n <= 3; n++) {
                    it.send(node(service, n, 1, n == 3 ? OLD : NEW));
                }
                await().atMost(Duration.ofSeconds(30)).until(() -> transitions(alerts).contains(drift));
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                        StreamsItSupport.statuses(app, service)).isEqualTo(3));
                assertThat(hasRocksDbFiles(stateDir)).as("RocksDB files under " + stateDir)
                        .isEqualTo(stores.equals("rocksdb"));
            }
            // A clean stop leaves the group: the restart below is assigned the tasks at once, not after the old
            // member's session timed out.
            assertThat(groupMembers(appId)).isEmpty();
            props.put("fleet.state.stores", then);

            try (FleetAuditStreamsApp app = it.startApp(props)) {
                // Restored before any new heartbeat: the three statuses, the drifting one still drifting.
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    var status = StreamsItSupport.statusStore(app);
                    assertThat(StreamsItSupport.statuses(app, service)).isEqualTo(3);
                    assertThat(status.get(service + "-3").getState()).isEqualTo(NodeState.DRIFTED);
                });
                // The still-drifting node beats again: the restored alert store knows its alert is firing already.
                it.send(node(service, 3, 2, OLD));
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                        StreamsItSupport.statusStore(app).get(service + "-3").getLastSequence()).isEqualTo(2));
                // The declaration moves to the old build: nodes 1 and 2 drift at once, judged from their stored
                // heartbeats, and node 3's alert from before the restart resolves.
                it.declare(declaring(service, OLD));
                await().atMost(Duration.ofSeconds(30)).until(() -> transitions(alerts).containsAll(List.of(
                        "FIRING ARTIFACT_DRIFT " + service + "-1", "FIRING ARTIFACT_DRIFT " + service + "-2",
                        "RESOLVED ARTIFACT_DRIFT " + service + "-3")));
                assertThat(transitions(alerts)).filteredOn(drift::equals).hasSize(1);
                assertThat(alerts.values).filteredOn(a -> a.getStatus() == AlertStatus.RESOLVED).hasSize(1);
            }
        }
    }
}
