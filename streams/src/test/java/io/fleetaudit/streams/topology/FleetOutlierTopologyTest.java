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
    void shouldNotJudgeASplitFleet() {
        t.beat(heartbeat("n1", t.now()));
        t.beat(heartbeat("n2", t.now()));
        t.beat(heartbeat("n3", t.now()).setArtifacts(List.of(artifact("old", OLD_DIGEST))));
        t.beat(heartbeat("n4", t.now()).setArtifacts(List.of(artifact("old", OLD_DIGEST))));
        assertThat(t.alerts).isEmpty();
    }
}
