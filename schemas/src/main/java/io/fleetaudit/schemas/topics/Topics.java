package io.fleetaudit.schemas.topics;

/**
 * Names of fleet-audit's topics; the one place they are spelled. {@link TopicCatalogue} adds serdes,
 * partitions and cleanup policy to each.
 */
public final class Topics {

    /** Heartbeats from agents; key nodeId, value Heartbeat. */
    public static final String HEARTBEATS = "fleet.heartbeats.v1";
    /** Declared desired state from CI (compacted); key environment/service, value Declaration. */
    public static final String DECLARATIONS = "fleet.declarations.v1";
    /** Break-glass exemptions (compacted); key exemption id, value Exemption. */
    public static final String EXEMPTIONS = "fleet.exemptions.v1";
    /** Current audited state per node (compacted); key nodeId, value NodeStatus. */
    public static final String NODE_STATUS = "fleet.node-status.v1";
    /** Alert lifecycle events; key fingerprint, value Alert. */
    public static final String ALERTS = "fleet.alerts.v1";
    /** Append-only audit log; key nodeId or environment/service, value AuditEvent. */
    public static final String AUDIT = "fleet.audit.v1";
    /** Heartbeats that could not be read or processed; value DeadLetter. */
    public static final String HEARTBEATS_DLQ = "fleet.heartbeats.dlq.v1";

    private Topics() {
    }
}
