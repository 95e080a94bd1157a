package io.fleetaudit.streams.detect;

import io.fleetaudit.contracts.Alert;
import io.fleetaudit.contracts.AlertStatus;
import io.fleetaudit.contracts.Declaration;
import io.fleetaudit.contracts.Violation;
import io.fleetaudit.streams.rules.RuleId;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds Alertmanager-style alert lifecycle events: fingerprint rule|subject|environment, labels (rule, severity,
 * service, environment, node + node labels) and annotations (summary, expected, actual, declaration commit,
 * runbook URL).
 */
public final class Alerts {
    static final String DEFAULT_RUNBOOK = "https://github.com/fleet-audit/fleet-audit/blob/main/streams/DESIGN.md#";

    private Alerts() {
    }

    public static String fingerprint(RuleId rule, String subject, String environment) {
        return rule.name() + "|" + subject + "|" + environment;
    }

    public static Alert firing(RuleId rule, String subject, String service, String environment, String nodeId,
                               Map<String, String> nodeLabels, Violation v, Declaration decl, Instant startsAt,
                               Instant triggerSentAt, Instant emittedAt) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (nodeLabels != null) {
            labels.putAll(nodeLabels);
        }
        labels.put("alertname", "FleetAudit" + rule.name());
        labels.put("rule", rule.name());
        labels.put("severity", rule.severity());
        labels.put("service", service);
        labels.put("environment", environment);
        if (nodeId != null) {
            labels.put("node", nodeId);
        }
        Map<String, String> ann = new LinkedHashMap<>();
        ann.put("summary", v.getMessage());
        if (v.getExpected() != null) {
            ann.put("expected", v.getExpected());
        }
        if (v.getActual() != null) {
            ann.put("actual", v.getActual());
        }
        if (decl != null && decl.getGitCommit() != null) {
            ann.put("declaration_commit", decl.getGitCommit());
        }
        ann.put("runbook_url", decl != null && decl.getRunbookUrl() != null ? decl.getRunbookUrl()
                : DEFAULT_RUNBOOK + rule.name().toLowerCase());
        return Alert.newBuilder().setFingerprint(fingerprint(rule, subject, environment)).setStatus(AlertStatus.FIRING)
                .setRule(rule.name()).setSeverity(rule.severity()).setSubject(subject).setService(service)
                .setEnvironment(environment).setNodeId(nodeId).setLabels(labels).setAnnotations(ann)
                .setStartsAt(startsAt).setEndsAt(null).setTriggerSentAt(triggerSentAt).setEmittedAt(emittedAt).build();
    }

    public static Alert resolved(Alert firing, Instant endsAt, Instant triggerSentAt, Instant emittedAt) {
        return Alert.newBuilder(firing).setStatus(AlertStatus.RESOLVED).setEndsAt(endsAt)
                .setTriggerSentAt(triggerSentAt).setEmittedAt(emittedAt).build();
    }
}
