package io.fleetaudit.streams.rules;

import io.fleetaudit.contracts.Declaration;
import io.fleetaudit.contracts.Violation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The content rules evaluated on every node change or declaration change, in a fixed order. */
public final class NodeRules {
    private static final List<NodeRule> RULES = List.of(new ArtifactDriftRule(), new ConfigDriftRule(),
            new FlagDriftRule(), new FlagExpiredRule(), new FlagUndeclaredRule(), new MutatedInPlaceRule());

    private NodeRules() {
    }

    public static List<Violation> evaluate(NodeFacts node, Declaration declaration, Instant now) {
        List<Violation> out = new ArrayList<>();
        for (NodeRule r : RULES) {
            out.addAll(r.evaluate(node, declaration, now));
        }
        return out;
    }

    /** Instants at which a declaration's verdicts change by themselves (rollout deadline, flag expiries). */
    public static List<Instant> timeBoundaries(Declaration d) {
        List<Instant> out = new ArrayList<>();
        if (d.getRollout() != null) {
            out.add(d.getRollout().getDeadline());
        }
        d.getFlags().forEach(f -> {
            if (f.getExpiresAt() != null) {
                out.add(f.getExpiresAt());
            }
        });
        return out;
    }
}
