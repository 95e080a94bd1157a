package io.fleetaudit.streams.topology;

import static io.fleetaudit.streams.testing.Fixtures.declaration;
import static io.fleetaudit.streams.testing.Fixtures.heartbeat;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetaudit.streams.testing.DetectionDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MutatedInPlaceTopologyTest {
    private final DetectionDriver t = new DetectionDriver();

    @AfterEach
    void close() {
        t.close();
    }

    @Test
    void shouldFireWhenPatchedInPlaceEvenAfterPatchingBackAndResolveWhenReplaced() {
        t.declare(declaration().setImmutable(true).setConfigHash(null).build());
        t.beat(heartbeat("n1", t.now()));
        t.beat(heartbeat("n1", t.now()).setConfigHash("sha256:hand-edited").setSequence(2));
        assertThat(t.alertLog()).containsExactly("FIRING MUTATED_IN_PLACE n1");
        t.beat(heartbeat("n1", t.now()).setSequence(3));
        assertThat(t.alertLog()).containsExactly("FIRING MUTATED_IN_PLACE n1");
        t.beat(heartbeat("n1", t.now()).setInstanceId("i-replacement").setSequence(4));
        assertThat(t.alertLog()).containsExactly("FIRING MUTATED_IN_PLACE n1", "RESOLVED MUTATED_IN_PLACE n1");
    }

    @Test
    void shouldNotFireForMutableServicesOrReplacedInstances() {
        t.declare(declaration().setImmutable(false).setConfigHash(null).build());
        t.beat(heartbeat("n1", t.now()));
        t.beat(heartbeat("n1", t.now()).setConfigHash("sha256:hand-edited").setSequence(2));
        t.declare(declaration().setImmutable(true).setConfigHash(null).build());
        t.beat(heartbeat("n2", t.now()));
        t.beat(heartbeat("n2", t.now()).setConfigHash("sha256:new-image").setInstanceId("i-new").setSequence(2));
        assertThat(t.alerts).isEmpty();
    }
}
