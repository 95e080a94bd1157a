package io.fleetaudit.streams.rules;

import static io.fleetaudit.streams.testing.Fixtures.T0;
import static io.fleetaudit.streams.testing.Fixtures.declaration;
import static io.fleetaudit.streams.testing.Fixtures.exemption;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetaudit.contracts.Exemption;
import io.fleetaudit.contracts.Violation;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pure tests of UndeclaredServiceRule, ExemptionPolicy and ExemptionExpiredRule. */
class ServiceAndExemptionRulesTest {
    private final Violation config = NodeRule.violation(RuleId.CONFIG_DRIFT, "m", "a", "b");
    private final Violation artifact = NodeRule.violation(RuleId.ARTIFACT_DRIFT, "m", "a", "b");
    private final Exemption window = exemption("ex-1", "n1", T0, T0.plus(Duration.ofHours(1)), "CONFIG_DRIFT").build();

    @Test
    void shouldFireUndeclaredServiceOncePerServiceWithLiveNodes() {
        assertThat(UndeclaredServiceRule.evaluate("prod", "x", null, 3)).hasValueSatisfying(
                v -> assertThat(v.getMessage()).contains("3 node(s)", "prod/x"));
        assertThat(UndeclaredServiceRule.evaluate("prod", "x", null, 0)).isEmpty();
        assertThat(UndeclaredServiceRule.evaluate("prod", "x", declaration().build(), 3)).isEmpty();
    }

    @Test
    void shouldExemptOnlyCoveredRulesInsideTheWindow() {
        List<Violation> inside = ExemptionPolicy.apply(List.of(config, artifact), List.of(window), T0.plusSeconds(1));
        assertThat(inside).extracting(Violation::getExempted).containsExactly(true, false);
        List<Violation> after = ExemptionPolicy.apply(List.of(config), List.of(window), T0.plus(Duration.ofHours(2)));
        assertThat(after).extracting(Violation::getExempted).containsExactly(false);
        Exemption endedEarly = Exemption.newBuilder(window).setEndedAt(T0.plusSeconds(10)).build();
        assertThat(ExemptionPolicy.apply(List.of(config), List.of(endedEarly), T0.plusSeconds(11)))
                .extracting(Violation::getExempted).containsExactly(false);
    }

    @Test
    void shouldFireExemptionExpiredWhileACoveredRuleStillFails() {
        var now = T0.plus(Duration.ofHours(2));
        assertThat(ExemptionExpiredRule.evaluate("n1", List.of(window), List.of(config), now)).hasValueSatisfying(
                v -> assertThat(v.getActual()).contains("ex-1", "INC-1", "CONFIG_DRIFT"));
        assertThat(ExemptionExpiredRule.evaluate("n1", List.of(window), List.of(artifact), now)).isEmpty();
        assertThat(ExemptionExpiredRule.evaluate("n1", List.of(window), List.of(config), T0.plusSeconds(5))).isEmpty();
    }
}
