package io.fleetaudit.streams.detect;

import io.fleetaudit.contracts.Heartbeat;
import org.apache.avro.generic.GenericRecord;

/**
 * Validates a heartbeat's identity before it reaches the detection state. Input: record key + heartbeat (or just its
 * {@link #IDENTITY_FIELDS}, as the keying step reads them). Output: the heartbeat, or an InvalidHeartbeatException
 * (dead-lettered by the processing exception handler). The key must equal the nodeId so that one host cannot
 * overwrite another's state by publishing under its key.
 */
public final class HeartbeatValidator {
    /** The fields validation reads: what the keying step decodes of each heartbeat (the rest is skipped there). */
    public static final String[] IDENTITY_FIELDS = {"nodeId", "instanceId", "service", "environment", "sentAt"};

    private HeartbeatValidator() {
    }

    public static Heartbeat validate(String key, Heartbeat hb) {
        validate(key, hb.getNodeId(), hb.getInstanceId(), hb.getService(), hb.getEnvironment(), hb.getSentAt());
        return hb;
    }

    /** Validates the {@link #IDENTITY_FIELDS} projection of a heartbeat; returns its environment/service key. */
    public static String validateIdentity(String key, GenericRecord identity) {
        String service = (String) identity.get("service");
        String environment = (String) identity.get("environment");
        validate(key, (String) identity.get("nodeId"), (String) identity.get("instanceId"), service, environment,
                identity.get("sentAt"));
        return DetectionProcessor.envService(environment, service);
    }

    private static void validate(String key, String nodeId, String instanceId, String service, String environment,
                                 Object sentAt) {
        require(nodeId, "nodeId");
        require(instanceId, "instanceId");
        require(service, "service");
        require(environment, "environment");
        if (key != null && !key.equals(nodeId)) {
            throw new InvalidHeartbeatException("record key '" + key + "' does not match nodeId '" + nodeId + "'");
        }
        if (environment.contains("/") || service.contains("|")) {
            throw new InvalidHeartbeatException("environment must not contain '/' and service must not contain '|': "
                    + environment + "/" + service);
        }
        if (sentAt == null) {
            throw new InvalidHeartbeatException("sentAt is missing");
        }
    }

    private static void require(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new InvalidHeartbeatException("heartbeat field '" + field + "' is blank");
        }
    }
}
