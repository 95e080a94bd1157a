package io.fleetaudit.streams.detect;

import io.fleetaudit.contracts.Heartbeat;

/**
 * Validates a decoded heartbeat before it reaches the detection state. Input: record key + heartbeat. Output:
 * the heartbeat, or an InvalidHeartbeatException (dead-lettered by the processing exception handler). The key
 * must equal the nodeId so that one host cannot overwrite another's state by publishing under its key.
 */
public final class HeartbeatValidator {
    private HeartbeatValidator() {
    }

    public static Heartbeat validate(String key, Heartbeat hb) {
        require(hb.getNodeId(), "nodeId");
        require(hb.getInstanceId(), "instanceId");
        require(hb.getService(), "service");
        require(hb.getEnvironment(), "environment");
        if (key != null && !key.equals(hb.getNodeId())) {
            throw new InvalidHeartbeatException("record key '" + key + "' does not match nodeId '" + hb.getNodeId() + "'");
        }
        if (hb.getEnvironment().contains("/") || hb.getService().contains("|")) {
            throw new InvalidHeartbeatException("environment must not contain '/' and service must not contain '|': "
                    + hb.getEnvironment() + "/" + hb.getService());
        }
        if (hb.getSentAt() == null) {
            throw new InvalidHeartbeatException("sentAt is missing");
        }
        return hb;
    }

    private static void require(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new InvalidHeartbeatException("heartbeat field '" + field + "' is blank");
        }
    }
}
