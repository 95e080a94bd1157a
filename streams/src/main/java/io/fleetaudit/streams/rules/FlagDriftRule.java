package io.fleetaudit.streams.rules;

import io.fleetaudit.contracts.Declaration;
import io.fleetaudit.contracts.DeclaredFlag;
import io.fleetaudit.contracts.Violation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** FLAG_DRIFT: a declared flag the node reports has a different value (flags the node does not report are skipped). */
public final class FlagDriftRule implements NodeRule {

    @Override
    public RuleId id() {
        return RuleId.FLAG_DRIFT;
    }

    @Override
    public List<Violation> evaluate(NodeFacts node, Declaration declaration, Instant now) {
        if (declaration == null || !declaration.getCheckFlags()) {
            return List.of();
        }
        Map<String, String> flags = node.current().getFlags();
        List<String> expected = new ArrayList<>();
        List<String> actual = new ArrayList<>();
        for (DeclaredFlag f : declaration.getFlags()) {
            String have = flags.get(f.getName());
            if (have != null && !have.equals(f.getValue())) {
                expected.add(f.getName() + "=" + f.getValue());
                actual.add(f.getName() + "=" + have);
            }
        }
        if (expected.isEmpty()) {
            return List.of();
        }
        return List.of(NodeRule.violation(id(), node.current().getNodeId() + " flag values differ: "
                + String.join(", ", actual), String.join(", ", expected), String.join(", ", actual)));
    }
}
