package io.fleetaudit.streams.rules;

import io.fleetaudit.contracts.Declaration;
import io.fleetaudit.contracts.Violation;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * NODE_MISSING: no heartbeat for missedIntervals × interval. Input: last seen (skew-bounded event time), whether
 * the last heartbeat said "stopping", the declaration (null: the agent's own interval and 3 missed intervals) and
 * the liveness clock (which only advances once the app has caught up, see DESIGN.md). Output: the violation.
 */
public final class NodeMissingRule {
    static final int DEFAULT_MISSED_INTERVALS = 3;

    private NodeMissingRule() {
    }

    public static Duration threshold(Declaration declaration, long agentIntervalMs) {
        if (declaration == null) {
            return Duration.ofMillis(agentIntervalMs * DEFAULT_MISSED_INTERVALS);
        }
        return Duration.ofMillis(declaration.getHeartbeatIntervalMs() * Math.max(1, declaration.getMissedIntervals()));
    }

    public static Optional<Violation> evaluate(String nodeId, Instant lastSeen, boolean stopping, Duration threshold,
                                               Instant livenessNow) {
        if (stopping || !livenessNow.isAfter(lastSeen.plus(threshold))) {
            return Optional.empty();
        }
        return Optional.of(NodeRule.violation(RuleId.NODE_MISSING, nodeId + " sent no heartbeat since " + lastSeen
                + " (threshold " + threshold + ")", "heartbeat every " + threshold, "last seen " + lastSeen));
    }
}
