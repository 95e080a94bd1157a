package io.fleetaudit.streams.rules;

import io.fleetaudit.contracts.Declaration;
import io.fleetaudit.contracts.Violation;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * NODE_COUNT_SHORT: fewer live nodes than the declaration expects (a count and/or a list of node ids; declared
 * ids that were never seen count as absent). Input: declaration + ids of live nodes. Output: one service-level
 * violation naming the absent ids.
 */
public final class NodeCountShortRule {
    private NodeCountShortRule() {
    }

    public static Optional<Violation> evaluate(Declaration declaration, Set<String> liveNodeIds) {
        if (declaration == null) {
            return Optional.empty();
        }
        TreeSet<String> absent = new TreeSet<>(declaration.getExpectedNodeIds());
        absent.removeAll(liveNodeIds);
        Integer expected = declaration.getExpectedNodes();
        boolean countShort = expected != null && liveNodeIds.size() < expected;
        if (!countShort && absent.isEmpty()) {
            return Optional.empty();
        }
        String want = expected != null ? expected + " live nodes" : declaration.getExpectedNodeIds().size() + " listed nodes";
        String have = liveNodeIds.size() + " live" + (absent.isEmpty() ? "" : ", absent: " + String.join(", ", absent));
        return Optional.of(NodeRule.violation(RuleId.NODE_COUNT_SHORT, declaration.getEnvironment() + "/"
                + declaration.getService() + " has " + have + " (expected " + want + ")", want, have));
    }
}
