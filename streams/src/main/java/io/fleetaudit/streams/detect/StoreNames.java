package io.fleetaudit.streams.detect;

/**
 * Names of every state store of the detection topology. The first three are a contract with the query API and
 * the CLI (see CONVENTIONS.md); the others are internal working state.
 */
public final class StoreNames {
    /** KeyValueStore&lt;String nodeId, NodeStatus&gt;; partitioned by environment/service, see DESIGN.md. */
    public static final String NODE_STATUS = "node-status-store";
    /** KeyValueStore&lt;String fingerprint, Alert&gt;: latest lifecycle event per fingerprint. */
    public static final String ALERTS = "alert-store";
    /** KeyValueStore&lt;String environment/service, Declaration&gt;. */
    public static final String DECLARATIONS = "declaration-store";
    /**
     * KeyValueStore&lt;String environment/service|nodeId, byte[]&gt;: latest heartbeat whose content changed, in Confluent
     * wire format as its agent wrote it (see StoredHeartbeats).
     */
    public static final String HEARTBEATS = "node-heartbeat-store";
    /** KeyValueStore&lt;String exemptionId, String phase&gt;: what this task already announced about an exemption. */
    public static final String EXEMPTION_PHASES = "exemption-phase-store";
    /** Global KeyValueStore&lt;String exemptionId, Exemption&gt;. */
    public static final String EXEMPTIONS = "exemption-store";

    private StoreNames() {
    }
}
