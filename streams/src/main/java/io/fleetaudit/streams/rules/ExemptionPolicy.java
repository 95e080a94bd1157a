package io.fleetaudit.streams.rules;

import io.fleetaudit.contracts.Exemption;
import io.fleetaudit.contracts.Violation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Break-glass windows applied to a node's violations: inside an active exemption that covers a rule, the
 * violation is kept (status and audit record it) but marked exempted, so it does not page.
 */
public final class ExemptionPolicy {
    private ExemptionPolicy() {
    }

    public static boolean active(Exemption e, Instant now) {
        return !now.isBefore(e.getStartsAt()) && now.isBefore(end(e));
    }

    public static boolean ended(Exemption e, Instant now) {
        return !now.isBefore(end(e));
    }

    public static Instant end(Exemption e) {
        return e.getEndedAt() != null && e.getEndedAt().isBefore(e.getEndsAt()) ? e.getEndedAt() : e.getEndsAt();
    }

    public static boolean covers(Exemption e, String rule) {
        RuleId id = RuleId.valueOf(rule);
        return id.exemptable() && (e.getRules().isEmpty() || e.getRules().contains(rule));
    }

    public static List<Violation> apply(List<Violation> violations, List<Exemption> exemptionsOfNode, Instant now) {
        List<Violation> out = new ArrayList<>(violations.size());
        for (Violation v : violations) {
            boolean exempted = exemptionsOfNode.stream().anyMatch(e -> active(e, now) && covers(e, v.getRule()));
            out.add(exempted == v.getExempted() ? v
                    : new Violation(v.getRule(), v.getMessage(), v.getExpected(), v.getActual(), exempted));
        }
        return out;
    }
}
