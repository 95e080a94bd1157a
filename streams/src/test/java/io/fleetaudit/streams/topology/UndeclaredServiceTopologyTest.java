package io.fleetaudit.streams.topology;

import static io.fleetaudit.streams.testing.Fixtures.declaration;
import static io.fleetaudit.streams.testing.Fixtures.heartbeat;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetaudit.contracts.NodeState;
import io.fleetaudit.streams.testing.DetectionDriver;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class UndeclaredServiceTopologyTest {
    private final DetectionDriver t = new DetectionDriver();

    @AfterEach
    void close() {
        t.close();
    }

    @Test
    void shouldFireOncePerServiceNotPerNodeAndResolveWhenDeclared() {
        t.beat(heartbeat("n1", t.now()));
        t.beat(heartbeat("n2", t.now()));
        t.beat(heartbeat("n3", t.now()));
        t.advance(Duration.ofSeconds(9));
        assertThat(t.alerts).isEmpty(); // grace: CI may publish the declaration right after deploying
        t.advance(Duration.ofSeconds(1));
        assertThat(t.alertLog()).containsExactly("FIRING UNDECLARED_SERVICE prod/smars");
        assertThat(t.alerts.get(0).getFingerprint()).isEqualTo("UNDECLARED_SERVICE|prod/smars|prod");
        assertThat(t.alerts.get(0).getNodeId()).isNull();
        assertThat(t.statusStore().get("n2").getState()).isEqualTo(NodeState.UNDECLARED);
        t.declare(declaration().build());
        assertThat(t.alertLog()).containsExactly("FIRING UNDECLARED_SERVICE prod/smars",
                "RESOLVED UNDECLARED_SERVICE prod/smars");
        assertThat(t.statusStore().get("n2").getState()).isEqualTo(NodeState.OK);
    }

    @Test
    void shouldNotFireForADeclaredServiceOrOneDeclaredWithinTheGrace() {
        t.declare(declaration().build());
        t.beat(heartbeat("n1", t.now()));
        t.beat(heartbeat("x1", t.now()).setService("late"));
        t.advance(Duration.ofSeconds(5));
        t.declare(declaration().setService("late").build());
        t.advance(Duration.ofSeconds(30));
        assertThat(t.alerts).isEmpty();
    }
}
