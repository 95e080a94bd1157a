package io.fleetaudit.streams.topology;

import static io.fleetaudit.streams.testing.Fixtures.declaration;
import static io.fleetaudit.streams.testing.Fixtures.heartbeat;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetaudit.contracts.ConfigFile;
import io.fleetaudit.contracts.NodeState;
import io.fleetaudit.streams.testing.DetectionDriver;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConfigDriftTopologyTest {
    private static final String GOOD = "sha256:" + "1".repeat(64);
    private final DetectionDriver t = new DetectionDriver();

    @AfterEach
    void close() {
        t.close();
    }

    private void declare() {
        t.declare(declaration().setConfigFiles(Map.of("/etc/smars/smars.conf", GOOD)).build());
    }

    @Test
    void shouldFireNamingTheEditedFileAndResolveWhenRestored() {
        declare();
        t.beat(heartbeat("n1", t.now()).setConfigHash("sha256:edited").setConfigFiles(List.of(ConfigFile.newBuilder()
                .setPath("/etc/smars/smars.conf").setSha256("sha256:edited-file").build())));
        assertThat(t.alertLog()).containsExactly("FIRING CONFIG_DRIFT n1");
        assertThat(t.alerts.get(0).getAnnotations().get("summary")).contains("/etc/smars/smars.conf");
        assertThat(t.statusStore().get("n1").getViolations()).singleElement()
                .satisfies(v -> assertThat(v.getActual()).contains("/etc/smars/smars.conf"));
        t.advance(Duration.ofSeconds(10));
        t.beat(heartbeat("n1", t.now()).setSequence(2));
        assertThat(t.alertLog()).containsExactly("FIRING CONFIG_DRIFT n1", "RESOLVED CONFIG_DRIFT n1");
    }

    @Test
    void shouldNotFireWhenConfigMatches() {
        declare();
        t.beat(heartbeat("n1", t.now()));
        assertThat(t.alerts).isEmpty();
        assertThat(t.statusStore().get("n1").getState()).isEqualTo(NodeState.OK);
    }
}
