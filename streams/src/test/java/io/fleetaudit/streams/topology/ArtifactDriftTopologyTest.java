package io.fleetaudit.streams.topology;

import static io.fleetaudit.streams.testing.Fixtures.NEW_DIGEST;
import static io.fleetaudit.streams.testing.Fixtures.OLD_DIGEST;
import static io.fleetaudit.streams.testing.Fixtures.artifact;
import static io.fleetaudit.streams.testing.Fixtures.declaration;
import static io.fleetaudit.streams.testing.Fixtures.heartbeat;
import static io.fleetaudit.streams.testing.Fixtures.rollout;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetaudit.contracts.Alert;
import io.fleetaudit.contracts.AlertStatus;
import io.fleetaudit.contracts.NodeState;
import io.fleetaudit.streams.testing.DetectionDriver;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ArtifactDriftTopologyTest {
    private final DetectionDriver t = new DetectionDriver();

    @AfterEach
    void close() {
        t.close();
    }

    @Test
    void shouldFireAndResolveAsANodeMovesBetweenContentsItHasRepeated() {
        // Repeats are compared as bytes with the node's evaluated content; each move must be evaluated, also a move back
        // to a content whose bytes the task held before.
        t.declare(declaration().build());
        long seq = 1;
        for (String digest : List.of(NEW_DIGEST, OLD_DIGEST, NEW_DIGEST, OLD_DIGEST, NEW_DIGEST)) {
            for (int repeat = 0; repeat < 3; repeat++) {
                t.advance(Duration.ofSeconds(10));
                t.beat(heartbeat("n1", t.now()).setArtifacts(List.of(artifact("v", digest))).setSequence(seq++));
            }
        }
        assertThat(t.alertLog()).containsExactly("FIRING ARTIFACT_DRIFT n1", "RESOLVED ARTIFACT_DRIFT n1",
                "FIRING ARTIFACT_DRIFT n1", "RESOLVED ARTIFACT_DRIFT n1");
        assertThat(t.statusStore().get("n1").getState()).isEqualTo(NodeState.OK);
    }

    @Test
    void shouldFireOnceWithAlertmanagerLabelsAndResolveWhenFixed() {
        t.declare(declaration().build());
        t.beat(heartbeat("n1", t.now()).setArtifacts(List.of(artifact("2012.07.01", OLD_DIGEST))));
        t.advance(Duration.ofSeconds(10));
        t.beat(heartbeat("n1", t.now()).setArtifacts(List.of(artifact("2012.07.01", OLD_DIGEST))).setSequence(2));

        assertThat(t.alertLog()).containsExactly("FIRING ARTIFACT_DRIFT n1");
        Alert a = t.alerts.get(0);
        assertThat(a.getFingerprint()).isEqualTo("ARTIFACT_DRIFT|n1|prod");
        assertThat(a.getLabels()).containsEntry("severity", "critical").containsEntry("service", "smars")
                .containsEntry("environment", "prod").containsEntry("node", "n1").containsEntry("rack", "r1");
        assertThat(a.getAnnotations()).containsEntry("declaration_commit", "c0ffee1").containsKeys("summary",
                "expected", "actual", "runbook_url");
        assertThat(a.getTriggerSentAt()).isEqualTo(a.getStartsAt());
        assertThat(t.statusStore().get("n1").getState()).isEqualTo(NodeState.DRIFTED);

        t.advance(Duration.ofSeconds(10));
        t.beat(heartbeat("n1", t.now()).setSequence(3));
        assertThat(t.alertLog()).containsExactly("FIRING ARTIFACT_DRIFT n1", "RESOLVED ARTIFACT_DRIFT n1");
        Alert resolved = t.alerts.get(1);
        assertThat(resolved.getStartsAt()).isEqualTo(a.getStartsAt());
        assertThat(resolved.getEndsAt()).isEqualTo(t.now());
        assertThat(t.alertStore().get("ARTIFACT_DRIFT|n1|prod").getStatus()).isEqualTo(AlertStatus.RESOLVED);
        assertThat(t.statusStore().get("n1").getState()).isEqualTo(NodeState.OK);
    }

    @Test
    void shouldNotFireForAMatchingNode() {
        t.declare(declaration().build());
        t.beat(heartbeat("n1", t.now()));
        assertThat(t.alerts).isEmpty();
        assertThat(t.statusStore().get("n1").getState()).isEqualTo(NodeState.OK);
        assertThat(t.statusStore().get("n1").getDeclarationCommit()).isEqualTo("c0ffee1");
    }

    @Test
    void shouldFireForTheStragglerWhenTheRolloutDeadlinePassesWithoutAHeartbeat() {
        t.declare(declaration().setRollout(rollout(t.now().plusSeconds(5))).build());
        t.beat(heartbeat("n8", t.now()).setArtifacts(List.of(artifact("2012.07.01", OLD_DIGEST))));
        assertThat(t.alerts).isEmpty();
        t.advance(Duration.ofSeconds(6));
        assertThat(t.alertLog()).containsExactly("FIRING ARTIFACT_DRIFT n8");
        assertThat(t.alerts.get(0).getTriggerSentAt()).isNull();
    }

    @Test
    void shouldReevaluateEveryNodeImmediatelyWhenTheDeclarationChanges() {
        t.declare(declaration().build());
        t.beat(heartbeat("n1", t.now()));
        t.beat(heartbeat("n2", t.now()));
        t.declare(declaration().setArtifacts(List.of(artifact("2012.08.02", "sha256:" + "b".repeat(64))))
                .setGitCommit("beef").build());
        assertThat(t.alertLog()).containsExactlyInAnyOrder("FIRING ARTIFACT_DRIFT n1", "FIRING ARTIFACT_DRIFT n2");
        assertThat(t.alerts).allSatisfy(a -> assertThat(a.getAnnotations()).containsEntry("declaration_commit", "beef"));
        t.declare(declaration().setGitCommit("revert").build());
        assertThat(t.alertLog()).containsExactlyInAnyOrder("FIRING ARTIFACT_DRIFT n1", "FIRING ARTIFACT_DRIFT n2",
                "RESOLVED ARTIFACT_DRIFT n1", "RESOLVED ARTIFACT_DRIFT n2");
    }
}
