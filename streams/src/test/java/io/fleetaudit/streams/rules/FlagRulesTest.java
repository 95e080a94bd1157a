package io.fleetaudit.streams.rules;

import static io.fleetaudit.streams.testing.Fixtures.T0;
import static io.fleetaudit.streams.testing.Fixtures.declaration;
import static io.fleetaudit.streams.testing.Fixtures.heartbeat;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetaudit.contracts.Declaration;
import io.fleetaudit.contracts.DeclaredFlag;
import io.fleetaudit.contracts.Heartbeat;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pure tests of FlagDriftRule, FlagExpiredRule and FlagUndeclaredRule. */
class FlagRulesTest {
    private static Heartbeat flags(Map<String, String> f) {
        return heartbeat("n1", T0).setFlags(f).build();
    }

    @Test
    void shouldFireFlagDriftOnlyForReportedFlagsWithOtherValues() {
        FlagDriftRule rule = new FlagDriftRule();
        assertThat(rule.evaluate(NodeFacts.of(flags(Map.of("rlp", "true"))), declaration().build(), T0)).isEmpty();
        assertThat(rule.evaluate(NodeFacts.of(flags(Map.of())), declaration().build(), T0)).isEmpty();
        assertThat(rule.evaluate(NodeFacts.of(flags(Map.of("rlp", "false"))), declaration().build(), T0))
                .singleElement().satisfies(v -> {
                    assertThat(v.getExpected()).isEqualTo("rlp=true");
                    assertThat(v.getActual()).isEqualTo("rlp=false");
                });
    }

    @Test
    void shouldFireFlagExpiredOnlyAfterExpiryWhileStillReported() {
        Declaration d = declaration().setFlags(List.of(DeclaredFlag.newBuilder().setName("rlp").setValue("true")
                .setOwner("trading").setExpiresAt(T0.plus(Duration.ofDays(1))).build())).build();
        FlagExpiredRule rule = new FlagExpiredRule();
        assertThat(rule.evaluate(NodeFacts.of(flags(Map.of("rlp", "true"))), d, T0)).isEmpty();
        assertThat(rule.evaluate(NodeFacts.of(flags(Map.of("rlp", "true"))), d, T0.plus(Duration.ofDays(2))))
                .singleElement().satisfies(v -> assertThat(v.getActual()).contains("rlp", "trading"));
        assertThat(rule.evaluate(NodeFacts.of(flags(Map.of())), d, T0.plus(Duration.ofDays(2)))).isEmpty();
    }

    @Test
    void shouldFireFlagUndeclaredForTheRepurposedFlag() {
        FlagUndeclaredRule rule = new FlagUndeclaredRule();
        assertThat(rule.evaluate(NodeFacts.of(flags(Map.of("rlp", "true"))), declaration().build(), T0)).isEmpty();
        assertThat(rule.evaluate(NodeFacts.of(flags(Map.of("rlp", "true", "power_peg", "true"))), declaration().build(), T0))
                .singleElement().satisfies(v -> assertThat(v.getActual()).isEqualTo("power_peg=true"));
    }

    @Test
    void shouldSkipFlagRulesWhenCheckFlagsIsOff() {
        Declaration d = declaration().setCheckFlags(false).build();
        Heartbeat hb = flags(Map.of("rlp", "false", "power_peg", "true"));
        assertThat(new FlagDriftRule().evaluate(NodeFacts.of(hb), d, T0)).isEmpty();
        assertThat(new FlagUndeclaredRule().evaluate(NodeFacts.of(hb), d, T0)).isEmpty();
        assertThat(new FlagExpiredRule().evaluate(NodeFacts.of(hb), d, T0)).isEmpty();
    }
}
