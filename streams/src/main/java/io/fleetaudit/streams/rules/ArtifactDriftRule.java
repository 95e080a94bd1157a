package io.fleetaudit.streams.rules;

import io.fleetaudit.contracts.Artifact;
import io.fleetaudit.contracts.Declaration;
import io.fleetaudit.contracts.Heartbeat;
import io.fleetaudit.contracts.Rollout;
import io.fleetaudit.contracts.Violation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * ARTIFACT_DRIFT: a declared artifact runs with a digest the declaration does not allow. During a rollout the
 * previous digest stays allowed until the deadline, except on canary nodes; after the deadline it is drift
 * (the Knight straggler). Versions are only shown to humans, the digest decides.
 */
public final class ArtifactDriftRule implements NodeRule {

    @Override
    public RuleId id() {
        return RuleId.ARTIFACT_DRIFT;
    }

    @Override
    public List<Violation> evaluate(NodeFacts node, Declaration declaration, Instant now) {
        if (declaration == null || declaration.getArtifacts().isEmpty()) {
            return List.of();
        }
        Heartbeat hb = node.current();
        Rollout rollout = declaration.getRollout();
        boolean previousAllowed = rollout != null && now.isBefore(rollout.getDeadline())
                && !rollout.getCanaries().contains(hb.getNodeId());
        List<String> expected = new ArrayList<>();
        List<String> actual = new ArrayList<>();
        for (Artifact want : declaration.getArtifacts()) {
            Artifact have = find(hb.getArtifacts(), want.getName());
            String haveDigest = have == null ? null : have.getDigest();
            if (Objects.equals(haveDigest, want.getDigest()) && haveDigest != null) {
                continue;
            }
            if (previousAllowed && haveDigest != null) {
                Artifact prev = find(rollout.getPrevious(), want.getName());
                if (prev != null && haveDigest.equals(prev.getDigest())) {
                    continue;
                }
            }
            expected.add(render(want));
            actual.add(have == null ? want.getName() + " not running"
                    : haveDigest == null ? want.getName() + " unknown (" + have.getError() + ")" : render(have));
        }
        if (expected.isEmpty()) {
            return List.of();
        }
        String why = rollout != null && !now.isBefore(rollout.getDeadline()) ? " (rollout deadline "
                + rollout.getDeadline() + " passed)" : "";
        return List.of(NodeRule.violation(id(), hb.getNodeId() + " runs " + String.join(", ", actual)
                + " instead of " + String.join(", ", expected) + why, String.join(", ", expected), String.join(", ", actual)));
    }

    static Artifact find(List<Artifact> artifacts, String name) {
        for (Artifact a : artifacts) {
            if (a.getName().equals(name)) {
                return a;
            }
        }
        return null;
    }

    static String render(Artifact a) {
        return a.getName() + (a.getVersion() == null ? "" : ":" + a.getVersion()) + "@" + a.getDigest();
    }
}
