package io.fleetaudit.streams.rules;

import io.fleetaudit.contracts.Heartbeat;
import io.fleetaudit.contracts.Violation;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * FLEET_OUTLIER: with no declaration, a node whose artifact digests differ from the clear majority of its
 * service+environment. Input: the live nodes' latest heartbeats of one group. Output: node id to violation.
 * Only fires when the group has at least {@code minGroupSize} nodes and the majority holds at least
 * {@code majorityShare} of them, so a 50/50 split or a tiny group never pages.
 */
public final class FleetOutlierRule {
    private final int minGroupSize;
    private final double majorityShare;

    public FleetOutlierRule(int minGroupSize, double majorityShare) {
        this.minGroupSize = minGroupSize;
        this.majorityShare = majorityShare;
    }

    public Map<String, Violation> evaluate(Collection<Heartbeat> group) {
        if (group.isEmpty()) {
            return new TreeMap<>();
        }
        Heartbeat any = group.iterator().next();
        Map<String, String> signatures = new HashMap<>();
        for (Heartbeat hb : group) {
            signatures.put(hb.getNodeId(), signature(hb));
        }
        return evaluate(any.getEnvironment(), any.getService(), signatures);
    }

    /**
     * The same verdicts from precomputed {@link #signature}s (node id to signature of one group's live nodes), so a
     * caller that keeps each node's signature does not rebuild it for every member on every evaluation.
     */
    public Map<String, Violation> evaluate(String environment, String service, Map<String, String> signatureByNode) {
        Map<String, Integer> counts = new HashMap<>();
        for (String sig : signatureByNode.values()) {
            counts.merge(sig, 1, Integer::sum);
        }
        Map<String, Violation> out = new TreeMap<>();
        Majority m = majority(counts);
        if (m != null) {
            signatureByNode.forEach((nodeId, mine) -> verdict(nodeId, environment, service, mine, m)
                    .ifPresent(v -> out.put(nodeId, v)));
        }
        return out;
    }

    /** The clear majority of a group (signature to number of live nodes), or null when the group is not judged. */
    public Majority majority(Map<String, Integer> counts) {
        int size = 0;
        Map.Entry<String, Integer> top = null;
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            size += e.getValue();
            if (top == null || e.getValue() > top.getValue()) {
                top = e;
            }
        }
        if (size < minGroupSize || top == null || top.getValue() < majorityShare * size || top.getValue() == size) {
            return null;
        }
        return new Majority(top.getKey(), top.getValue(), size);
    }

    /** One node's verdict against a group's majority: a violation when its signature is not the majority's. */
    public static Optional<Violation> verdict(String nodeId, String environment, String service, String signature,
                                              Majority m) {
        if (m == null || m.signature().equals(signature)) {
            return Optional.empty();
        }
        return Optional.of(NodeRule.violation(RuleId.FLEET_OUTLIER, nodeId + " differs from " + m.count() + "/"
                + m.size() + " nodes of " + environment + "/" + service, m.signature(), signature));
    }

    /** A group's majority signature, how many nodes have it and the group's size. */
    public record Majority(String signature, int count, int size) {
    }

    /** What the majority is taken over: artifact name to digest, sorted (artifact order does not matter). */
    public static String signature(Heartbeat hb) {
        return MutatedInPlaceRule.digests(hb);
    }
}
