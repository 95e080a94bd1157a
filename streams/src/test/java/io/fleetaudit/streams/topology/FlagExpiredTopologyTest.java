package io.fleetaudit.streams.topology;

import static io.fleetaudit.streams.testing.Fixtures.declaration;
import static io.fleetaudit.streams.testing.Fixtures.heartbeat;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetaudit.contracts.DeclaredFlag;
import io.fleetaudit.streams.testing.DetectionDriver;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FlagExpiredTopologyTest {
    private final DetectionDriver t = new DetectionDriver();

    @AfterEach
    void close() {
        t.close();
    }

    @Test
    void shouldFireWhenExpiryPassesWithoutANewHeartbeatAndResolveWhenTheFlagIsGone() {
        t.declare(declaration().setFlags(List.of(DeclaredFlag.newBuilder().setName("rlp").setValue("true")
                .setOwner("trading").setExpiresAt(t.now().plusSeconds(5)).build())).build());
        t.beat(heartbeat("n1", t.now()));
        assertThat(t.alerts).isEmpty();
        t.advance(Duration.ofSeconds(6));
        assertThat(t.alertLog()).containsExactly("FIRING FLAG_EXPIRED n1");
        t.beat(heartbeat("n1", t.now()).setFlags(Map.of()).setSequence(2));
        assertThat(t.alertLog()).containsExactly("FIRING FLAG_EXPIRED n1", "RESOLVED FLAG_EXPIRED n1");
    }

    @Test
    void shouldNotFireBeforeExpiry() {
        t.declare(declaration().setFlags(List.of(DeclaredFlag.newBuilder().setName("rlp").setValue("true")
                .setExpiresAt(t.now().plus(Duration.ofDays(30))).build())).build());
        t.beat(heartbeat("n1", t.now()));
        t.advance(Duration.ofSeconds(20));
        assertThat(t.alerts).isEmpty();
    }
}
