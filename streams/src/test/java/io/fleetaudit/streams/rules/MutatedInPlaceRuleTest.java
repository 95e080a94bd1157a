package io.fleetaudit.streams.rules;

import static io.fleetaudit.streams.testing.Fixtures.OLD_DIGEST;
import static io.fleetaudit.streams.testing.Fixtures.T0;
import static io.fleetaudit.streams.testing.Fixtures.artifact;
import static io.fleetaudit.streams.testing.Fixtures.declaration;
import static io.fleetaudit.streams.testing.Fixtures.heartbeat;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetaudit.contracts.Declaration;
import io.fleetaudit.contracts.Heartbeat;
import io.fleetaudit.contracts.Violation;
import java.util.List;
import org.junit.jupiter.api.Test;

class MutatedInPlaceRuleTest {
    private final MutatedInPlaceRule rule = new MutatedInPlaceRule();
    private final Declaration immutable = declaration().setImmutable(true).build();
    private final Heartbeat before = heartbeat("n1", T0).build();
    private final Heartbeat patched = heartbeat("n1", T0).setArtifacts(List.of(artifact("hotfix", OLD_DIGEST))).build();

    @Test
    void shouldFireWhenDigestChangesOnSameInstance() {
        assertThat(rule.evaluate(new NodeFacts(patched, before, List.of()), immutable, T0)).singleElement()
                .satisfies(v -> assertThat(v.getActual()).contains(OLD_DIGEST));
    }

    @Test
    void shouldFireWhenConfigChangesOnSameInstance() {
        Heartbeat cfg = heartbeat("n1", T0).setConfigHash("sha256:edited").build();
        assertThat(rule.evaluate(new NodeFacts(cfg, before, List.of()), immutable, T0)).hasSize(1);
    }

    @Test
    void shouldNotFireWhenInstanceWasReplacedOrServiceIsMutable() {
        Heartbeat replaced = heartbeat("n1", T0).setInstanceId("i-new").setArtifacts(patched.getArtifacts()).build();
        assertThat(rule.evaluate(new NodeFacts(replaced, before, List.of()), immutable, T0)).isEmpty();
        assertThat(rule.evaluate(new NodeFacts(patched, before, List.of()), declaration().build(), T0)).isEmpty();
        assertThat(rule.evaluate(new NodeFacts(before, null, List.of()), immutable, T0)).isEmpty();
    }

    @Test
    void shouldStickUntilTheInstanceIsReplaced() {
        Violation v = rule.evaluate(new NodeFacts(patched, before, List.of()), immutable, T0).get(0);
        assertThat(rule.evaluate(new NodeFacts(patched, patched, List.of(v)), immutable, T0)).containsExactly(v);
        Heartbeat replaced = heartbeat("n1", T0).setInstanceId("i-new").build();
        assertThat(rule.evaluate(new NodeFacts(replaced, patched, List.of(v)), immutable, T0)).isEmpty();
    }
}
