package io.fleetaudit.streams.rules;

import io.fleetaudit.contracts.Heartbeat;
import io.fleetaudit.contracts.Violation;
import java.util.List;
import java.util.Objects;

/**
 * What the rules know about one node: its latest heartbeat, the heartbeat before it (null for the first one,
 * or the same heartbeat when re-evaluating after a declaration change) and the violations it had last time
 * (so a sticky verdict such as MUTATED_IN_PLACE survives until the instance is replaced).
 */
public record NodeFacts(Heartbeat current, Heartbeat previous, List<Violation> previousViolations) {
    public NodeFacts {
        Objects.requireNonNull(current, "current");
        previousViolations = previousViolations == null ? List.of() : List.copyOf(previousViolations);
    }

    public static NodeFacts of(Heartbeat current) {
        return new NodeFacts(current, null, List.of());
    }

    public boolean hadViolation(RuleId rule) {
        return previousViolations.stream().anyMatch(v -> v.getRule().equals(rule.name()));
    }

    public Violation previousViolation(RuleId rule) {
        return previousViolations.stream().filter(v -> v.getRule().equals(rule.name())).findFirst().orElse(null);
    }
}
