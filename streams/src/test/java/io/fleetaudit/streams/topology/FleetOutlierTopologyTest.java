package io.fleetaudit.streams.topology;

import static io.fleetaudit.streams.testing.Fixtures.OLD_DIGEST;
import static io.fleetaudit.streams.testing.Fixtures.artifact;
import static io.fleetaudit.streams.testing.Fixtures.heartbeat;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetaudit.contracts.NodeState;
import io.fleetaudit.streams.testing.DetectionDriver;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FleetOutlierTopologyTest {
    private final DetectionDriver t = new DetectionDriver();

    @AfterEach
    void close() {
        t.close();
    }

    @Test
    void shouldFindTheOddNodeOutWithoutADeclarationAndResolveWhenItConverges() {
        for (int i = 1; i <= 7; i++) {
            t.beat(heartbeat("n" + i, t.now()));
        }
        t.beat(heartbeat("n8", t.now()).setArtifacts(List.of(artifact("2012.07.01", OLD_DIGEST))));
        assertThat(t.alertLog()).containsExactly("FIRING FLEET_OUTLIER n8");
        assertThat(t.statusStore().get("n8").getState()).isEqualTo(NodeState.DRIFTED);
        assertThat(t.statusStore().get("n1").getState()).isEqualTo(NodeState.UNDECLARED);
        t.beat(heartbeat("n8", t.now()).setSequence(2));
        assertThat(t.alertLog()).endsWith("RESOLVED FLEET_OUTLIER n8");
    }

    @Test
    void shouldRecountAConvergedNodeWithItsNewBuild() {
        // The punctuator recounts the group from what each node last reported; a node that repeated its old build (its
        // bytes compared, not decoded) and then converged must be counted with the new build.
        for (int i = 1; i <= 7; i++) {
            t.beat(heartbeat("n" + i, t.now()));
        }
        long seq = 1;
        for (int repeat = 0; repeat < 3; repeat++) {
            t.beat(heartbeat("n8", t.now()).setArtifacts(List.of(artifact("2012.07.01", OLD_DIGEST))).setSequence(seq++));
        }
        t.beat(heartbeat("n8", t.now()).setSequence(seq++));
        t.beat(heartbeat("n8", t.now()).setSequence(seq));
        t.advance(java.time.Duration.ofSeconds(2));

        assertThat(t.alertLog()).containsExactly("FIRING FLEET_OUTLIER n8", "RESOLVED FLEET_OUTLIER n8");
        assertThat(t.statusStore().get("n8").getState()).isEqualTo(NodeState.UNDECLARED);
    }

    @Test
    void shouldNotJudgeASplitFleet() {
        t.beat(heartbeat("n1", t.now()));
        t.beat(heartbeat("n2", t.now()));
        t.beat(heartbeat("n3", t.now()).setArtifacts(List.of(artifact("old", OLD_DIGEST))));
        t.beat(heartbeat("n4", t.now()).setArtifacts(List.of(artifact("old", OLD_DIGEST))));
        assertThat(t.alerts).isEmpty();
    }

    @Test
    void shouldJudgeEveryNodeAgainWhenTheMajorityMovesAndOnlyThen() {
        // 3 nodes on the old build: one digest, nobody is an outlier.
        for (int i = 1; i <= 3; i++) {
            t.beat(heartbeat("old" + i, t.now()).setArtifacts(List.of(artifact("2012.07.01", OLD_DIGEST))));
        }
        // The new build rolls out without a declaration. The first new node is the odd one out of 3/4 (0.75) ...
        t.beat(heartbeat("new1", t.now()));
        assertThat(t.alertLog()).containsExactly("FIRING FLEET_OUTLIER new1");
        // ... the second makes it a split (3/5): nobody is judged, until 9 of 12 (0.75) run the new build.
        for (int i = 2; i <= 8; i++) {
            t.beat(heartbeat("new" + i, t.now()));
        }
        assertThat(t.alertLog()).containsExactly("FIRING FLEET_OUTLIER new1", "RESOLVED FLEET_OUTLIER new1");
        // Then the majority is the new build, and the three old nodes are the outliers at once.
        t.beat(heartbeat("new9", t.now()));
        assertThat(t.alertLog().subList(2, t.alertLog().size())).containsExactlyInAnyOrder("FIRING FLEET_OUTLIER old1",
                "FIRING FLEET_OUTLIER old2", "FIRING FLEET_OUTLIER old3");
        // More nodes joining the same majority change no verdict: no new alert, no re-fire.
        t.beat(heartbeat("new10", t.now()));
        t.beat(heartbeat("new1", t.now()).setSequence(2));
        assertThat(t.alertLog()).hasSize(5);
        assertThat(t.statusStore().get("old2").getViolations()).singleElement()
                .satisfies(v -> assertThat(v.getExpected()).contains("a".repeat(64)));
        // Each old node that catches up resolves its own alert only.
        t.beat(heartbeat("old1", t.now()).setSequence(2));
        assertThat(t.alertLog()).hasSize(6).endsWith("RESOLVED FLEET_OUTLIER old1");
        assertThat(t.statusStore().get("old2").getState()).isEqualTo(NodeState.DRIFTED);
    }

    @Test
    void shouldForgetAnOutlierThatStops() {
        for (int i = 1; i <= 7; i++) {
            t.beat(heartbeat("n" + i, t.now()));
        }
        t.beat(heartbeat("n8", t.now()).setArtifacts(List.of(artifact("2012.07.01", OLD_DIGEST))));
        assertThat(t.alertLog()).containsExactly("FIRING FLEET_OUTLIER n8");
        t.beat(heartbeat("n8", t.now()).setArtifacts(List.of(artifact("2012.07.01", OLD_DIGEST))).setStopping(true)
                .setSequence(2));
        assertThat(t.alertLog()).containsExactly("FIRING FLEET_OUTLIER n8", "RESOLVED FLEET_OUTLIER n8");
        assertThat(t.statusStore().get("n8").getState()).isEqualTo(NodeState.STOPPED);
    }
}
