package io.fleetaudit.streams.topology;

import static io.fleetaudit.streams.testing.Fixtures.declaration;
import static io.fleetaudit.streams.testing.Fixtures.heartbeat;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetaudit.contracts.DeclaredFlag;
import io.fleetaudit.streams.testing.DetectionDriver;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FlagUndeclaredTopologyTest {
    private final DetectionDriver t = new DetectionDriver();

    @AfterEach
    void close() {
        t.close();
    }

    @Test
    void shouldFireForTheRepurposedFlagAndResolveWhenItIsDeclared() {
        t.declare(declaration().build());
        t.beat(heartbeat("n8", t.now()).setFlags(Map.of("rlp", "true", "power_peg", "true")));
        assertThat(t.alertLog()).containsExactly("FIRING FLAG_UNDECLARED n8");
        assertThat(t.alerts.get(0).getAnnotations().get("actual")).isEqualTo("power_peg=true");
        t.declare(declaration().setFlags(List.of(
                DeclaredFlag.newBuilder().setName("rlp").setValue("true").build(),
                DeclaredFlag.newBuilder().setName("power_peg").setValue("true").build())).build());
        assertThat(t.alertLog()).containsExactly("FIRING FLAG_UNDECLARED n8", "RESOLVED FLAG_UNDECLARED n8");
    }

    @Test
    void shouldNotFireForDeclaredFlags() {
        t.declare(declaration().build());
        t.beat(heartbeat("n1", t.now()));
        assertThat(t.alerts).isEmpty();
    }
}
