package io.fleetaudit.streams.rules;

import static io.fleetaudit.streams.testing.Fixtures.NEW_DIGEST;
import static io.fleetaudit.streams.testing.Fixtures.OLD_DIGEST;
import static io.fleetaudit.streams.testing.Fixtures.T0;
import static io.fleetaudit.streams.testing.Fixtures.artifact;
import static io.fleetaudit.streams.testing.Fixtures.declaration;
import static io.fleetaudit.streams.testing.Fixtures.heartbeat;
import static io.fleetaudit.streams.testing.Fixtures.rollout;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetaudit.contracts.Declaration;
import io.fleetaudit.contracts.Heartbeat;
import io.fleetaudit.contracts.Violation;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArtifactDriftRuleTest {
    private final ArtifactDriftRule rule = new ArtifactDriftRule();
    private final Heartbeat onOld = heartbeat("n8", T0).setArtifacts(List.of(artifact("2012.07.01", OLD_DIGEST))).build();

    @Test
    void shouldPassWhenDigestMatches() {
        assertThat(rule.evaluate(NodeFacts.of(heartbeat("n1", T0).build()), declaration().build(), T0)).isEmpty();
    }

    @Test
    void shouldFireWhenDigestDiffersEvenIfVersionMatches() {
        Heartbeat hb = heartbeat("n1", T0).setArtifacts(List.of(artifact("2012.08.01", OLD_DIGEST))).build();
        List<Violation> v = rule.evaluate(NodeFacts.of(hb), declaration().build(), T0);
        assertThat(v).singleElement().satisfies(x -> {
            assertThat(x.getRule()).isEqualTo("ARTIFACT_DRIFT");
            assertThat(x.getExpected()).contains(NEW_DIGEST);
            assertThat(x.getActual()).contains(OLD_DIGEST);
        });
    }

    @Test
    void shouldAllowPreviousDigestUntilRolloutDeadline() {
        Declaration d = declaration().setRollout(rollout(T0.plus(Duration.ofMinutes(10)))).build();
        assertThat(rule.evaluate(NodeFacts.of(onOld), d, T0)).isEmpty();
        assertThat(rule.evaluate(NodeFacts.of(onOld), d, T0.plus(Duration.ofMinutes(10)))).singleElement()
                .satisfies(x -> assertThat(x.getMessage()).contains("deadline"));
    }

    @Test
    void shouldRequireCanariesOnNewDigestDuringRollout() {
        Declaration d = declaration().setRollout(rollout(T0.plus(Duration.ofMinutes(10)), "n8")).build();
        assertThat(rule.evaluate(NodeFacts.of(onOld), d, T0)).hasSize(1);
    }

    @Test
    void shouldFireWhenDeclaredArtifactIsNotRunningOrUnknown() {
        Heartbeat none = heartbeat("n1", T0).setArtifacts(List.of()).build();
        assertThat(rule.evaluate(NodeFacts.of(none), declaration().build(), T0)).singleElement()
                .satisfies(x -> assertThat(x.getActual()).contains("not running"));
        Heartbeat broken = heartbeat("n1", T0).setArtifacts(List.of(artifact("x", null))).build();
        assertThat(rule.evaluate(NodeFacts.of(broken), declaration().build(), T0)).hasSize(1);
    }

    @Test
    void shouldIgnoreUndeclaredService() {
        assertThat(rule.evaluate(NodeFacts.of(onOld), null, T0)).isEmpty();
    }
}
