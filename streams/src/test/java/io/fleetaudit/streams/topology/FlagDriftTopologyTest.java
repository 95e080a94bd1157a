package io.fleetaudit.streams.topology;

import static io.fleetaudit.streams.testing.Fixtures.declaration;
import static io.fleetaudit.streams.testing.Fixtures.heartbeat;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetaudit.streams.testing.DetectionDriver;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FlagDriftTopologyTest {
    private final DetectionDriver t = new DetectionDriver();

    @AfterEach
    void close() {
        t.close();
    }

    @Test
    void shouldFireOnceWhileTheValueDiffersAndResolveWhenItMatches() {
        t.declare(declaration().build());
        t.beat(heartbeat("n1", t.now()).setFlags(Map.of("rlp", "false")));
        t.advance(Duration.ofSeconds(10));
        t.beat(heartbeat("n1", t.now()).setFlags(Map.of("rlp", "false")).setSequence(2));
        assertThat(t.alertLog()).containsExactly("FIRING FLAG_DRIFT n1");
        assertThat(t.alerts.get(0).getAnnotations()).containsEntry("expected", "rlp=true").containsEntry("actual", "rlp=false");
        t.beat(heartbeat("n1", t.now()).setSequence(3));
        assertThat(t.alertLog()).containsExactly("FIRING FLAG_DRIFT n1", "RESOLVED FLAG_DRIFT n1");
    }

    @Test
    void shouldNotFireWhenTheValueMatches() {
        t.declare(declaration().build());
        t.beat(heartbeat("n1", t.now()));
        assertThat(t.alerts).isEmpty();
    }
}
