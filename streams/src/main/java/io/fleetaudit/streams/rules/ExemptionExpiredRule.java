package io.fleetaudit.streams.rules;

import io.fleetaudit.contracts.Exemption;
import io.fleetaudit.contracts.Violation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * EXEMPTION_EXPIRED: a break-glass window ended while the node deviated, and it still deviates on a rule the
 * window covered. Input: the node's exemptions that ended unreconciled, its current (un-exempted) violations and
 * now. Output: one violation naming the exemptions and the rules still failing.
 */
public final class ExemptionExpiredRule {
    private ExemptionExpiredRule() {
    }

    public static Optional<Violation> evaluate(String nodeId, List<Exemption> endedUnreconciled, List<Violation> current,
                                               Instant now) {
        List<String> hits = new ArrayList<>();
        for (Exemption e : endedUnreconciled) {
            if (!ExemptionPolicy.ended(e, now)) {
                continue;
            }
            List<String> rules = current.stream().filter(v -> !v.getExempted() && ExemptionPolicy.covers(e, v.getRule()))
                    .map(Violation::getRule).toList();
            if (!rules.isEmpty()) {
                hits.add(e.getId() + " (ended " + ExemptionPolicy.end(e) + ", ticket " + e.getTicket() + ", still "
                        + String.join("+", rules) + ")");
            }
        }
        if (hits.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(NodeRule.violation(RuleId.EXEMPTION_EXPIRED, nodeId + " was not reconciled when its "
                + "break-glass window ended: " + String.join("; ", hits), "reconciled by end of exemption",
                String.join("; ", hits)));
    }
}
