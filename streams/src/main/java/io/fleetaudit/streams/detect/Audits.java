package io.fleetaudit.streams.detect;

import io.fleetaudit.contracts.Alert;
import io.fleetaudit.contracts.AuditEvent;
import io.fleetaudit.contracts.AuditType;
import io.fleetaudit.contracts.Declaration;
import io.fleetaudit.contracts.Exemption;
import io.fleetaudit.contracts.Heartbeat;
import io.fleetaudit.contracts.NodeState;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds the audit events of fleet.audit.v1 (one factory method per audit type). */
public final class Audits {
    private Audits() {
    }

    private static AuditEvent.Builder base(AuditType type, Instant at, String nodeId, String service, String env,
                                           String summary) {
        return AuditEvent.newBuilder().setType(type).setAt(at).setNodeId(nodeId).setService(service)
                .setEnvironment(env).setSummary(summary);
    }

    public static AuditEvent nodeChanged(Heartbeat hb, Instant at, String what) {
        return base(AuditType.NODE_CHANGED, at, hb.getNodeId(), hb.getService(), hb.getEnvironment(),
                hb.getNodeId() + " " + what).setInstanceId(hb.getInstanceId()).setArtifacts(hb.getArtifacts())
                .setConfigHash(hb.getConfigHash()).setFlags(hb.getFlags())
                .setDetails(Map.of("bootId", hb.getBootId(), "agentVersion", hb.getAgentVersion(),
                        "sequence", Long.toString(hb.getSequence())))
                .build();
    }

    public static AuditEvent stateChanged(String nodeId, String service, String env, NodeState from, NodeState to,
                                          Instant at, String instanceId) {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("from", from == null ? "NEW" : from.name());
        d.put("to", to.name());
        return base(AuditType.NODE_STATE_CHANGED, at, nodeId, service, env,
                nodeId + " " + d.get("from") + " -> " + to).setInstanceId(instanceId).setDetails(d).build();
    }

    public static AuditEvent declaration(Declaration d, Instant at) {
        return base(AuditType.DECLARATION_CHANGED, at, null, d.getService(), d.getEnvironment(),
                d.getEnvironment() + "/" + d.getService() + " declared at " + d.getGitCommit())
                .setGitCommit(d.getGitCommit()).setAuthor(d.getAuthor()).setArtifacts(d.getArtifacts())
                .setConfigHash(d.getConfigHash()).build();
    }

    public static AuditEvent declarationRemoved(String envService, Declaration old, Instant at) {
        String[] parts = envService.split("/", 2);
        return base(AuditType.DECLARATION_REMOVED, at, null, parts.length > 1 ? parts[1] : envService, parts[0],
                envService + " declaration removed").setGitCommit(old == null ? null : old.getGitCommit()).build();
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
        return base(type, at, e.getNodeId(), service, env, e.getNodeId() + " exemption " + e.getId()
                + (type == AuditType.EXEMPTION_GRANTED ? " active: " : " ended: ") + e.getReason())
                .setAuthor(e.getAuthor()).setDetails(d).build();
    }

    public static AuditEvent alert(Alert a, Instant at) {
        AuditType t = a.getStatus() == io.fleetaudit.contracts.AlertStatus.FIRING ? AuditType.ALERT_FIRING
                : AuditType.ALERT_RESOLVED;
        Map<String, String> d = new LinkedHashMap<>();
        d.put("rule", a.getRule());
        d.put("fingerprint", a.getFingerprint());
        d.put("severity", a.getSeverity());
        return base(t, at, a.getNodeId(), a.getService(), a.getEnvironment(),
                a.getStatus() + " " + a.getRule() + " " + a.getSubject() + ": " + a.getAnnotations().get("summary"))
                .setGitCommit(a.getAnnotations().get("declaration_commit")).setDetails(d).build();
    }

    public static AuditEvent deviationExempted(String nodeId, String service, String env, List<String> rules,
                                               Instant at) {
        return base(AuditType.DEVIATION_EXEMPTED, at, nodeId, service, env, nodeId + " deviates inside a break-glass "
                + "window: " + String.join(", ", rules)).setDetails(Map.of("rules", String.join(",", rules))).build();
    }
}
