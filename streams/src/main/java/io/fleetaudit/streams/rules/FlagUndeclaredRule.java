package io.fleetaudit.streams.rules;

import io.fleetaudit.contracts.Declaration;
import io.fleetaudit.contracts.DeclaredFlag;
import io.fleetaudit.contracts.Violation;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** FLAG_UNDECLARED: the node reports a flag nobody declared — the repurposed-flag (Knight Power Peg) case. */
public final class FlagUndeclaredRule implements NodeRule {

    @Override
    public RuleId id() {
        return RuleId.FLAG_UNDECLARED;
    }

    @Override
    public List<Violation> evaluate(NodeFacts node, Declaration declaration, Instant now) {
        if (declaration == null || !declaration.getCheckFlags()) {
            return List.of();
        }
        Set<String> declared = new HashSet<>();
        for (DeclaredFlag f : declaration.getFlags()) {
            declared.add(f.getName());
        }
        TreeSet<String> undeclared = new TreeSet<>();
        node.current().getFlags().forEach((name, value) -> {
            if (!declared.contains(name)) {
                undeclared.add(name + "=" + value);
            }
        });
        if (undeclared.isEmpty()) {
            return List.of();
        }
        return List.of(NodeRule.violation(id(), node.current().getNodeId() + " reports undeclared flags: "
                + String.join(", ", undeclared), "no such flag", String.join(", ", undeclared)));
    }
}
