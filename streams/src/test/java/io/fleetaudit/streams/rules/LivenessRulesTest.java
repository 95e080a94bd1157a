package io.fleetaudit.streams.rules;

import static io.fleetaudit.streams.testing.Fixtures.T0;
import static io.fleetaudit.streams.testing.Fixtures.declaration;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetaudit.contracts.Declaration;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Pure tests of NodeMissingRule and NodeCountShortRule. */
class LivenessRulesTest {
    @Test
    void shouldDeclareMissingOnlyAfterMissedIntervals() {
        Duration threshold = NodeMissingRule.threshold(declaration().build(), 5_000);
        assertThat(threshold).isEqualTo(Duration.ofSeconds(30));
        assertThat(NodeMissingRule.evaluate("n1", T0, false, threshold, T0.plusSeconds(30))).isEmpty();
        assertThat(NodeMissingRule.evaluate("n1", T0, false, threshold, T0.plusSeconds(31))).hasValueSatisfying(
                v -> assertThat(v.getRule()).isEqualTo("NODE_MISSING"));
    }

    @Test
    void shouldNeverDeclareAStoppedNodeMissing() {
        assertThat(NodeMissingRule.evaluate("n1", T0, true, Duration.ofSeconds(30), T0.plusSeconds(3600))).isEmpty();
    }

    @Test
    void shouldUseTheAgentIntervalWithoutDeclaration() {
        assertThat(NodeMissingRule.threshold(null, 2_000)).isEqualTo(Duration.ofSeconds(6));
    }

    @Test
    void shouldFireCountShortOnCountAndNameNeverSeenListedNodes() {
        Declaration count = declaration().setExpectedNodes(3).build();
        assertThat(NodeCountShortRule.evaluate(count, Set.of("a", "b", "c"))).isEmpty();
        assertThat(NodeCountShortRule.evaluate(count, Set.of("a", "b"))).hasValueSatisfying(
                v -> assertThat(v.getActual()).isEqualTo("2 live"));
        Declaration list = declaration().setExpectedNodeIds(List.of("a", "b", "z")).build();
        assertThat(NodeCountShortRule.evaluate(list, Set.of("a", "b"))).hasValueSatisfying(
                v -> assertThat(v.getActual()).contains("absent: z"));
        assertThat(NodeCountShortRule.evaluate(null, Set.of())).isEmpty();
    }
}
