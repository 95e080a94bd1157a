package io.fleetaudit.streams.topology;

import static io.fleetaudit.streams.testing.Fixtures.declaration;
import static io.fleetaudit.streams.testing.Fixtures.heartbeat;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetaudit.streams.testing.DetectionDriver;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NodeCountShortTopologyTest {
    private final DetectionDriver t = new DetectionDriver();

    @AfterEach
    void close() {
        t.close();
    }

    private void beatAll(int n, int seq) {
        for (int i = 1; i <= n; i++) {
            t.beat(heartbeat("n" + i, t.now()).setSequence(seq));
        }
    }

    @Test
    void shouldFireOnceForTheServiceWhenFewerNodesLiveAndResolveWhenTheyReport() {
        t.declare(declaration().setExpectedNodes(3).build());
        for (int s = 1; s <= 5; s++) {
            beatAll(2, s);
            t.advance(Duration.ofSeconds(10));
        }
        assertThat(t.alertLog()).containsExactly("FIRING NODE_COUNT_SHORT prod/smars");
        assertThat(t.alerts.get(0).getAnnotations().get("actual")).isEqualTo("2 live");
        beatAll(3, 6);
        t.advance(Duration.ofSeconds(1));
        assertThat(t.alertLog()).containsExactly("FIRING NODE_COUNT_SHORT prod/smars",
                "RESOLVED NODE_COUNT_SHORT prod/smars");
    }

    @Test
    void shouldNameListedNodesThatNeverReported() {
        t.declare(declaration().setExpectedNodeIds(List.of("n1", "n2", "n9")).build());
        for (int s = 1; s <= 5; s++) {
            beatAll(2, s);
            t.advance(Duration.ofSeconds(10));
        }
        assertThat(t.alertLog()).containsExactly("FIRING NODE_COUNT_SHORT prod/smars");
        assertThat(t.alerts.get(0).getAnnotations().get("actual")).contains("absent: n9");
    }

    @Test
    void shouldNotFireWithinTheGraceAfterDeclaringOrWhenComplete() {
        t.declare(declaration().setExpectedNodes(3).build());
        beatAll(3, 1);
        t.advance(Duration.ofSeconds(10));
        beatAll(3, 2);
        t.advance(Duration.ofSeconds(25));
        beatAll(3, 3);
        t.advance(Duration.ofSeconds(5));
        assertThat(t.alerts).isEmpty();
    }
}
