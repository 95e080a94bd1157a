package io.fleetaudit.streams.detect;

import io.fleetaudit.contracts.Alert;
import io.fleetaudit.contracts.Artifact;
import io.fleetaudit.contracts.AuditEvent;
import io.fleetaudit.contracts.AuditType;
import io.fleetaudit.contracts.Declaration;
import io.fleetaudit.contracts.Exemption;
import io.fleetaudit.contracts.Heartbeat;
import io.fleetaudit.contracts.NodeState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Builds the audit events of fleet.audit.v1 (one factory method per audit type). */
public final class Audits {
    private Audits() {
    }

    /**
     * One audit event; absent values (null) take the schema's defaults. The generated all-args constructor, not
     * {@code AuditEvent.newBuilder()}: the builder deep-copies the default of every field left unset on each build()
     * (Avro's RecordBuilderBase.defaultValue), the larger part of building a NODE_STATE_CHANGED event in the profile of
     * each node's first heartbeat. Required fields fail fast, as the builder's setters did.
     */
    private static AuditEvent event(AuditType type, Instant at, String nodeId, String service, String env, String summary,
                                    String gitCommit, String author, String instanceId, List<Artifact> artifacts,
                                    String configHash, Map<String, String> flags, Map<String, String> details) {
        return new AuditEvent(Objects.requireNonNull(type, "type"), Objects.requireNonNull(at, "at"), nodeId, service, env,
                Objects.requireNonNull(summary, "summary"), gitCommit, author, instanceId,
                artifacts == null ? new ArrayList<>() : artifacts, configHash, flags == null ? new HashMap<>() : flags,
                details == null ? new HashMap<>() : details);
    }

    public static AuditEvent nodeChanged(Heartbeat hb, Instant at, String what) {
        return event(AuditType.NODE_CHANGED, at, hb.getNodeId(), hb.getService(), hb.getEnvironment(),
                hb.getNodeId() + " " + what, null, null, hb.getInstanceId(), hb.getArtifacts(), hb.getConfigHash(),
                hb.getFlags(), Map.of("bootId", hb.getBootId(), "agentVersion", hb.getAgentVersion(),
                        "sequence", Long.toString(hb.getSequence())));
    }

    public static AuditEvent stateChanged(String nodeId, String service, String env, NodeState from, NodeState to,
                                          Instant at, String instanceId) {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("from", from == null ? "NEW" : from.name());
        d.put("to", to.name());
        return event(AuditType.NODE_STATE_CHANGED, at, nodeId, service, env, nodeId + " " + d.get("from") + " -> " + to,
                null, null, instanceId, null, null, null, d);
    }

    public static AuditEvent declaration(Declaration d, Instant at) {
        return event(AuditType.DECLARATION_CHANGED, at, null, d.getService(), d.getEnvironment(),
                d.getEnvironment() + "/" + d.getService() + " declared at " + d.getGitCommit(), d.getGitCommit(),
                d.getAuthor(), null, d.getArtifacts(), d.getConfigHash(), null, null);
    }

    public static AuditEvent declarationRemoved(String envService, Declaration old, Instant at) {
        String[] parts = envService.split("/", 2);
        return event(AuditType.DECLARATION_REMOVED, at, null, parts.length > 1 ? parts[1] : envService, parts[0],
                envService + " declaration removed", old == null ? null : old.getGitCommit(), null, null, null, null, null,
                null);
    }

    public static AuditEvent exemption(AuditType type, Exemption e, String service, String env, Instant at) {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("exemptionId", e.getId());
        d.put("reason", e.getReason());
        if (e.getTicket() != null) {
            d.put("ticket", e.getTicket());
        }
        d.put("rules", e.getRules().isEmpty() ? "*" : String.join(",", e.getRules()));
        d.put("startsAt", e.getStartsAt().toString());
        d.put("endsAt", e.getEndsAt().toString());
        return event(type, at, e.getNodeId(), service, env, e.getNodeId() + " exemption " + e.getId()
                + (type == AuditType.EXEMPTION_GRANTED ? " active: " : " ended: ") + e.getReason(), null, e.getAuthor(),
                null, null, null, null, d);
    }

    public static AuditEvent alert(Alert a, Instant at) {
        AuditType t = a.getStatus() == io.fleetaudit.contracts.AlertStatus.FIRING ? AuditType.ALERT_FIRING
                : AuditType.ALERT_RESOLVED;
        Map<String, String> d = new LinkedHashMap<>();
        d.put("rule", a.getRule());
        d.put("fingerprint", a.getFingerprint());
        d.put("severity", a.getSeverity());
        return event(t, at, a.getNodeId(), a.getService(), a.getEnvironment(),
                a.getStatus() + " " + a.getRule() + " " + a.getSubject() + ": " + a.getAnnotations().get("summary"),
                a.getAnnotations().get("declaration_commit"), null, null, null, null, null, d);
    }

    public static AuditEvent deviationExempted(String nodeId, String service, String env, List<String> rules,
                                               Instant at) {
        return event(AuditType.DEVIATION_EXEMPTED, at, nodeId, service, env, nodeId + " deviates inside a break-glass "
                + "window: " + String.join(", ", rules), null, null, null, null, null, null,
                Map.of("rules", String.join(",", rules)));
    }
}
