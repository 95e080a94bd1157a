package io.fleetaudit.streams.rules;

import io.fleetaudit.contracts.Artifact;
import io.fleetaudit.contracts.Declaration;
import io.fleetaudit.contracts.Heartbeat;
import io.fleetaudit.contracts.Violation;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;

/**
 * MUTATED_IN_PLACE: on an immutable service, the artifact digests or the config hash changed while the instance
 * id stayed the same (patched instead of replaced). The verdict sticks until the instance is replaced.
 */
public final class MutatedInPlaceRule implements NodeRule {

    @Override
    public RuleId id() {
        return RuleId.MUTATED_IN_PLACE;
    }

    @Override
    public List<Violation> evaluate(NodeFacts node, Declaration declaration, Instant now) {
        if (declaration == null || !declaration.getImmutable()) {
            return List.of();
        }
        Heartbeat cur = node.current();
        Heartbeat prev = node.previous();
        if (prev == null || !prev.getInstanceId().equals(cur.getInstanceId())) {
            return List.of();
        }
        Violation sticky = node.previousViolation(id());
        if (sticky != null) {
            return List.of(sticky);
        }
        String before = digests(prev) + " config " + prev.getConfigHash();
        String after = digests(cur) + " config " + cur.getConfigHash();
        if (digests(prev).equals(digests(cur)) && Objects.equals(prev.getConfigHash(), cur.getConfigHash())) {
            return List.of();
        }
        return List.of(NodeRule.violation(id(), cur.getNodeId() + " changed in place on instance "
                + cur.getInstanceId() + " (immutable service: replace, don't patch)", before, after));
    }

    /** Name to digest, sorted, so that artifact order in the heartbeat does not matter. */
    static String digests(Heartbeat hb) {
        TreeMap<String, String> m = new TreeMap<>();
        for (Artifact a : hb.getArtifacts()) {
            m.put(a.getName(), String.valueOf(a.getDigest()));
        }
        return m.toString();
    }
}
