package io.fleetaudit.streams.rules;

import io.fleetaudit.contracts.Declaration;
import io.fleetaudit.contracts.Violation;
import java.time.Instant;
import java.util.List;

/**
 * A content rule over one node: node facts + its declaration (null when undeclared) + now in, at most one
 * violation out (several findings of one rule are merged so that one rule maps to one alert fingerprint).
 */
public interface NodeRule {
    RuleId id();

    List<Violation> evaluate(NodeFacts node, Declaration declaration, Instant now);

    static Violation violation(RuleId rule, String message, String expected, String actual) {
        return new Violation(rule.name(), message, expected, actual, false);
    }
}
