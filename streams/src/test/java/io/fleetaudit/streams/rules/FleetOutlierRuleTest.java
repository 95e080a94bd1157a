package io.fleetaudit.streams.rules;

import static io.fleetaudit.streams.testing.Fixtures.OLD_DIGEST;
import static io.fleetaudit.streams.testing.Fixtures.T0;
import static io.fleetaudit.streams.testing.Fixtures.artifact;
import static io.fleetaudit.streams.testing.Fixtures.heartbeat;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetaudit.contracts.Heartbeat;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FleetOutlierRuleTest {
    private static List<Heartbeat> group(int same, int odd) {
        List<Heartbeat> g = new ArrayList<>();
        for (int i = 0; i < same; i++) {
            g.add(heartbeat("n" + i, T0).build());
        }
        for (int i = 0; i < odd; i++) {
            g.add(heartbeat("odd" + i, T0).setArtifacts(List.of(artifact("old", OLD_DIGEST))).build());
        }
        return g;
    }

    @Test
    void shouldFlagTheOddNodeOutOfAClearMajority() {
        assertThat(new FleetOutlierRule(3, 0.75).evaluate(group(7, 1))).containsOnlyKeys("odd0")
                .hasEntrySatisfying("odd0", v -> assertThat(v.getActual()).contains(OLD_DIGEST));
    }

    @Test
    void shouldNotJudgeSmallGroupsOrSplitGroups() {
        assertThat(new FleetOutlierRule(3, 0.75).evaluate(group(1, 1))).isEmpty();
        assertThat(new FleetOutlierRule(3, 0.75).evaluate(group(2, 2))).isEmpty();
        assertThat(new FleetOutlierRule(3, 0.75).evaluate(group(8, 0))).isEmpty();
    }

    @Test
    void shouldHonourTheConfiguredShare() {
        assertThat(new FleetOutlierRule(3, 0.6).evaluate(group(3, 1))).containsOnlyKeys("odd0");
        assertThat(new FleetOutlierRule(3, 0.8).evaluate(group(3, 1))).isEmpty();
    }

    @Test
    void shouldFindTheMajorityFromCountsAndJudgeOneNodeAgainstIt() {
        FleetOutlierRule rule = new FleetOutlierRule(3, 0.75);
        assertThat(rule.majority(java.util.Map.of("a", 6, "b", 2))).isEqualTo(new FleetOutlierRule.Majority("a", 6, 8));
        assertThat(rule.majority(java.util.Map.of("a", 5, "b", 2))).as("5/7 < 0.75").isNull();
        assertThat(rule.majority(java.util.Map.of("a", 2))).as("too small").isNull();
        assertThat(rule.majority(java.util.Map.of("a", 9))).as("unanimous").isNull();
        FleetOutlierRule.Majority m = new FleetOutlierRule.Majority("a", 6, 8);
        assertThat(FleetOutlierRule.verdict("n1", "prod", "smars", "a", m)).isEmpty();
        assertThat(FleetOutlierRule.verdict("n2", "prod", "smars", "b", null)).isEmpty();
        assertThat(FleetOutlierRule.verdict("n3", "prod", "smars", "b", m)).hasValueSatisfying(v -> {
            assertThat(v.getRule()).isEqualTo("FLEET_OUTLIER");
            assertThat(v.getMessage()).isEqualTo("n3 differs from 6/8 nodes of prod/smars");
            assertThat(v.getExpected()).isEqualTo("a");
            assertThat(v.getActual()).isEqualTo("b");
        });
    }

    @Test
    void shouldGiveTheSameVerdictsFromSignaturesAsFromHeartbeats() {
        List<Heartbeat> g = group(7, 1);
        java.util.Map<String, String> sigs = new java.util.HashMap<>();
        g.forEach(hb -> sigs.put(hb.getNodeId(), FleetOutlierRule.signature(hb)));
        FleetOutlierRule rule = new FleetOutlierRule(3, 0.75);
        assertThat(rule.evaluate(g.get(0).getEnvironment(), g.get(0).getService(), sigs)).isEqualTo(rule.evaluate(g));
    }
}
