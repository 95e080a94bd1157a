package io.fleetaudit.streams.rules;

import io.fleetaudit.contracts.Declaration;
import io.fleetaudit.contracts.DeclaredFlag;
import io.fleetaudit.contracts.Violation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** FLAG_EXPIRED: a declared flag is past its expiry and the node still reports it. */
public final class FlagExpiredRule implements NodeRule {

    @Override
    public RuleId id() {
        return RuleId.FLAG_EXPIRED;
    }

    @Override
    public List<Violation> evaluate(NodeFacts node, Declaration declaration, Instant now) {
        if (declaration == null || !declaration.getCheckFlags()) {
            return List.of();
        }
        List<String> expired = new ArrayList<>();
        for (DeclaredFlag f : declaration.getFlags()) {
            if (f.getExpiresAt() != null && !now.isBefore(f.getExpiresAt())
                    && node.current().getFlags().containsKey(f.getName())) {
                expired.add(f.getName() + " (expired " + f.getExpiresAt()
                        + (f.getOwner() == null ? "" : ", owner " + f.getOwner()) + ")");
            }
        }
        if (expired.isEmpty()) {
            return List.of();
        }
        return List.of(NodeRule.violation(id(), node.current().getNodeId() + " still reports expired flags: "
                + String.join(", ", expired), "removed", String.join(", ", expired)));
    }
}
