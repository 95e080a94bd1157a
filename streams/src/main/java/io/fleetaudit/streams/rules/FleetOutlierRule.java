package io.fleetaudit.streams.rules;

import io.fleetaudit.contracts.Heartbeat;
import io.fleetaudit.contracts.Violation;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
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
        Map<String, Violation> out = new TreeMap<>();
        if (group.size() < minGroupSize) {
            return out;
        }
        Map<String, Integer> counts = new HashMap<>();
        for (Heartbeat hb : group) {
            counts.merge(MutatedInPlaceRule.digests(hb), 1, Integer::sum);
        }
        Map.Entry<String, Integer> top = counts.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow();
        if (top.getValue() < majorityShare * group.size() || top.getValue() == group.size()) {
            return out;
        }
        String majority = top.getKey();
        for (Heartbeat hb : group) {
            String mine = MutatedInPlaceRule.digests(hb);
            if (!mine.equals(majority)) {
                out.put(hb.getNodeId(), NodeRule.violation(RuleId.FLEET_OUTLIER, hb.getNodeId() + " differs from "
                        + top.getValue() + "/" + group.size() + " nodes of " + hb.getEnvironment() + "/" + hb.getService(),
                        majority, mine));
            }
        }
        return out;
    }
}
