package io.fleetaudit.streams.detect;

import io.fleetaudit.contracts.Alert;
import io.fleetaudit.contracts.AuditEvent;
import io.fleetaudit.contracts.NodeStatus;

/**
 * One record the detection processor emits: a node status, an alert lifecycle event or an audit event, with the
 * key of its output topic. Never serialized: the topology splits it by kind straight into the three sinks.
 */
public record DetectionOutput(Kind kind, String key, Object value) {
    public enum Kind { STATUS, ALERT, AUDIT }

    public static DetectionOutput status(NodeStatus s) {
        return new DetectionOutput(Kind.STATUS, s.getNodeId(), s);
    }

    public static DetectionOutput alert(Alert a) {
        return new DetectionOutput(Kind.ALERT, a.getFingerprint(), a);
    }

    public static DetectionOutput audit(String key, AuditEvent e) {
        return new DetectionOutput(Kind.AUDIT, key, e);
    }
}
