package io.fleetaudit.streams.detect;

import org.apache.avro.generic.GenericRecord;

/**
 * Validates a heartbeat's identity before it reaches the detection state. Input: record key + the heartbeat's
 * {@link #IDENTITY_FIELDS}, as the keying step reads them. Output: its environment/service key, or an
 * InvalidHeartbeatException (dead-lettered by the processing exception handler). The key must equal the nodeId so that one host cannot
 * overwrite another's state by publishing under its key.
 */
public final class HeartbeatValidator {
    /**
     * The fields validation reads: what the keying step decodes of each heartbeat. They lead the Heartbeat schema, so the
     * keying step reads the first bytes of each heartbeat and stops (SpecificAvroDeserializer#projection); the rest,
     * sentAt included, is checked by the full decode after the repartition, whose failures are dead-lettered as the
     * source record too.
     */
    public static final String[] IDENTITY_FIELDS = {"nodeId", "instanceId", "service", "environment"};

    private HeartbeatValidator() {
    }

    /** Validates the {@link #IDENTITY_FIELDS} projection of a heartbeat; returns its environment/service key. */
    public static String validateIdentity(String key, GenericRecord identity) {
        String nodeId = (String) identity.get("nodeId");
        String service = (String) identity.get("service");
        String environment = (String) identity.get("environment");
        require(nodeId, "nodeId");
        require((String) identity.get("instanceId"), "instanceId");
        require(service, "service");
        require(environment, "environment");
        if (key != null && !key.equals(nodeId)) {
            throw new InvalidHeartbeatException("record key '" + key + "' does not match nodeId '" + nodeId + "'");
        }
        if (environment.contains("/") || service.contains("|")) {
            throw new InvalidHeartbeatException("environment must not contain '/' and service must not contain '|': "
                    + environment + "/" + service);
        }
        return DetectionProcessor.envService(environment, service);
    }

    private static void require(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new InvalidHeartbeatException("heartbeat field '" + field + "' is blank");
        }
    }
}
