package io.fleetaudit.streams.topology;

import static io.fleetaudit.streams.testing.Fixtures.ENV;
import static io.fleetaudit.streams.testing.Fixtures.NEW_DIGEST;
import static io.fleetaudit.streams.testing.Fixtures.OLD_DIGEST;
import static io.fleetaudit.streams.testing.Fixtures.SERVICE;
import static io.fleetaudit.streams.testing.Fixtures.T0;
import static io.fleetaudit.streams.testing.Fixtures.artifact;
import static io.fleetaudit.streams.testing.Fixtures.declaration;
import static io.fleetaudit.streams.testing.Fixtures.heartbeat;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetaudit.contracts.AuditType;
import io.fleetaudit.contracts.Declaration;
import io.fleetaudit.contracts.NodeState;
import io.fleetaudit.contracts.NodeStatus;
import io.fleetaudit.streams.detect.DeclarationSnapshot;
import io.fleetaudit.streams.detect.DetectionSettings;
import io.fleetaudit.streams.testing.DetectionDriver;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A fresh application over a full heartbeat topic: the heartbeats of a declared service are processed before its
 * declaration record has come through the repartition topic. With the start-up snapshot they are judged against the
 * declaration published before start-up, once; without it, as an undeclared service first.
 */
class DeclarationSnapshotTopologyTest {
    private static final String ES = ENV + "/" + SERVICE;
    /** The snapshot was taken a minute after the fleet's heartbeats were sent (they are the backlog). */
    private static final Instant TAKEN = T0.plus(Duration.ofMinutes(1));
    private static final Instant PUBLISHED = T0.minus(Duration.ofHours(1));

    private DetectionDriver t;

    @AfterEach
    void close() {
        t.close();
    }

    private static DeclarationSnapshot snapshotOf(Declaration d, Instant published) {
        return new DeclarationSnapshot(Map.of(ES, new DeclarationSnapshot.Entry(d, published.toEpochMilli())),
                TAKEN.toEpochMilli());
    }

    /** Eight nodes, the last one still on the old build (FLEET_OUTLIER's odd one out while undeclared). */
    private void fleetBeats() {
        for (int i = 1; i <= 7; i++) {
            t.beat(heartbeat("n" + i, t.now()));
        }
        t.beat(heartbeat("n8", t.now()).setArtifacts(List.of(artifact("2012.07.01", OLD_DIGEST))));
    }

    private long declarationAudits() {
        return t.audit.stream().filter(e -> e.getType() == AuditType.DECLARATION_CHANGED).count();
    }

    @Test
    void withoutASnapshotTheFleetIsFirstJudgedAsUndeclared() {
        t = new DetectionDriver();
        fleetBeats();
        t.declareAt(declaration().build(), PUBLISHED);

        assertThat(t.alertLog()).containsExactly("FIRING FLEET_OUTLIER n8", "FIRING ARTIFACT_DRIFT n8",
                "RESOLVED FLEET_OUTLIER n8");
        assertThat(t.statuses).extracting(NodeStatus::getState).contains(NodeState.UNDECLARED);
        assertThat(t.statuses).hasSize(16);
    }

    @Test
    void shouldJudgeTheBacklogAgainstTheDeclarationPublishedBeforeStartUpOnce() {
        Declaration declared = declaration().build();
        t = new DetectionDriver(DetectionSettings.defaults(), snapshotOf(declared, PUBLISHED));
        fleetBeats();

        assertThat(t.alertLog()).containsExactly("FIRING ARTIFACT_DRIFT n8");
        assertThat(t.statuses).hasSize(8).extracting(NodeStatus::getState).doesNotContain(NodeState.UNDECLARED);
        assertThat(t.statusStore().get("n1").getDeclarationCommit()).isEqualTo("c0ffee1");
        assertThat(t.declarationStore().get(ES)).isEqualTo(declared);
        assertThat(declarationAudits()).isEqualTo(1);

        // Its own record comes through the repartition topic afterwards: nothing new.
        t.declareAt(declared, PUBLISHED);
        assertThat(t.alertLog()).hasSize(1);
        assertThat(t.statuses).hasSize(8);
        assertThat(declarationAudits()).isEqualTo(1);

        // A later declaration is applied as usual: n8's build is declared, everyone else drifts.
        t.declareAt(declaration().setArtifacts(List.of(artifact("2012.07.01", OLD_DIGEST))).setGitCommit("c0ffee2")
                .build(), TAKEN.plusSeconds(1));
        assertThat(t.alertLog()).contains("RESOLVED ARTIFACT_DRIFT n8", "FIRING ARTIFACT_DRIFT n1");
        assertThat(declarationAudits()).isEqualTo(2);
    }

    @Test
    void shouldSkipOlderVersionsThatComeThroughBeforeTheAdoptedOne() {
        Declaration v2 = declaration().setArtifacts(List.of(artifact("2012.07.01", OLD_DIGEST))).setGitCommit("v2")
                .build();
        t = new DetectionDriver(DetectionSettings.defaults(), snapshotOf(v2, PUBLISHED));
        t.beat(heartbeat("n8", t.now()).setArtifacts(List.of(artifact("2012.07.01", OLD_DIGEST))));
        assertThat(t.statusStore().get("n8").getState()).isEqualTo(NodeState.OK);

        // The topic is not compacted yet: v1 (which n8 would drift from) comes first, then v2 itself.
        t.declareAt(declaration().setArtifacts(List.of(artifact("2012.08.01", NEW_DIGEST))).setGitCommit("v1").build(),
                PUBLISHED.minusSeconds(60));
        t.declareAt(v2, PUBLISHED);

        assertThat(t.alerts).isEmpty();
        assertThat(t.statuses).hasSize(1);
        assertThat(t.declarationStore().get(ES).getGitCommit()).isEqualTo("v2");
        assertThat(declarationAudits()).isEqualTo(1);
    }

    @Test
    void shouldNotUseTheSnapshotForHeartbeatsSentAfterItWasTaken() {
        t = new DetectionDriver(DetectionSettings.defaults(), snapshotOf(declaration().build(), PUBLISHED));
        t.beatRaw("n1", heartbeat("n1", TAKEN.plusSeconds(1)).build(), TAKEN.plusSeconds(1));

        assertThat(t.statusStore().get("n1").getState()).isEqualTo(NodeState.UNDECLARED);
        assertThat(t.declarationStore().get(ES)).isNull();
        assertThat(declarationAudits()).isZero();
    }

    @Test
    void shouldNotBringBackADeclarationTheTaskHasSeenRemoved() {
        t = new DetectionDriver(DetectionSettings.defaults(), snapshotOf(declaration().build(), PUBLISHED));
        t.undeclare(ES);
        t.beat(heartbeat("n1", t.now()));

        assertThat(t.statusStore().get("n1").getState()).isEqualTo(NodeState.UNDECLARED);
        assertThat(t.declarationStore().get(ES)).isNull();
    }
}
