package io.fleetaudit.streams.rules;

import io.fleetaudit.contracts.Declaration;
import io.fleetaudit.contracts.Violation;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * NODE_COUNT_SHORT: fewer live nodes than the declaration expects (a count and/or a list of node ids; declared
 * ids that were never seen count as absent). Input: declaration + ids of live nodes. Output: one service-level
 * violation naming the absent ids.
 */
public final class NodeCountShortRule {
    private NodeCountShortRule() {
    }

    public static Optional<Violation> evaluate(Declaration declaration, Set<String> liveNodeIds) {
        return evaluate(declaration, liveNodeIds.size(), liveNodeIds::contains);
    }

    /** The same from a live count and a liveness test, so a caller need not build the set of live ids. */
    public static Optional<Violation> evaluate(Declaration declaration, int liveNodes, Predicate<String> isLive) {
        if (declaration == null) {
            return Optional.empty();
        }
        TreeSet<String> absent = new TreeSet<>();
        for (String id : declaration.getExpectedNodeIds()) {
            if (!isLive.test(id)) {
                absent.add(id);
            }
        }
        Integer expected = declaration.getExpectedNodes();
        boolean countShort = expected != null && liveNodes < expected;
        if (!countShort && absent.isEmpty()) {
            return Optional.empty();
        }
        String want = expected != null ? expected + " live nodes" : declaration.getExpectedNodeIds().size() + " listed nodes";
        String have = liveNodes + " live" + (absent.isEmpty() ? "" : ", absent: " + String.join(", ", absent));
        return Optional.of(NodeRule.violation(RuleId.NODE_COUNT_SHORT, declaration.getEnvironment() + "/"
                + declaration.getService() + " has " + have + " (expected " + want + ")", want, have));
    }
}
