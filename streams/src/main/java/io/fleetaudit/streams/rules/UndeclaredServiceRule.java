package io.fleetaudit.streams.rules;

import io.fleetaudit.contracts.Declaration;
import io.fleetaudit.contracts.Violation;
import java.util.Optional;

/**
 * UNDECLARED_SERVICE: live nodes report a service+environment that has no declaration. One service-level
 * violation (one alert per service, not per node).
 */
public final class UndeclaredServiceRule {
    private UndeclaredServiceRule() {
    }

    public static Optional<Violation> evaluate(String environment, String service, Declaration declaration, int liveNodes) {
        if (declaration != null || liveNodes == 0) {
            return Optional.empty();
        }
        return Optional.of(NodeRule.violation(RuleId.UNDECLARED_SERVICE, liveNodes + " node(s) run " + environment + "/"
                + service + " which has no declaration", "a declaration for " + environment + "/" + service,
                liveNodes + " node(s) reporting"));
    }
}
