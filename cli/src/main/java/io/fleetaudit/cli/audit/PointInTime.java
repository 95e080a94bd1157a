package io.fleetaudit.cli.audit;

import io.fleetaudit.contracts.Artifact;
import io.fleetaudit.contracts.AuditEvent;
import io.fleetaudit.contracts.AuditType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The auditor's question, "what ran where at T?", answered from the audit log. Input: audit events in any order
 * (it keeps only the latest per node and per declaration key at or before T, so memory is one entry per node).
 * Output: for one service (and optionally one environment), each node's artifacts, config hash and flags from its
 * latest NODE_CHANGED at or before T, its state from the latest NODE_STATE_CHANGED, and the declaration in force.
 * Nodes first seen after T are absent, and a node that had moved to another service by T is not listed.
 */
public final class PointInTime {

    /** One node as it was at T. */
    public record NodeAt(String nodeId, String environment, String service, Instant changedAt, String instanceId,
                         List<Artifact> artifacts, String configHash, Map<String, String> flags, String state, Instant stateSince) {
    }

    /** The declaration in force at T for one environment (null fields when removed or never declared). */
    public record DeclarationAt(String environment, Instant declaredAt, String gitCommit, String author, List<Artifact> artifacts) {
    }

    private final Instant at;
    private final String service;
    private final String environment;
    private final Map<String, AuditEvent> lastChange = new HashMap<>();
    private final Map<String, AuditEvent> lastState = new HashMap<>();
    private final Map<String, AuditEvent> lastDeclaration = new HashMap<>();

    public PointInTime(Instant at, String service, String environment) {
        this.at = Objects.requireNonNull(at);
        this.service = Objects.requireNonNull(service);
        this.environment = environment;
    }

    /** Whether the scanner needs to hand this event over at all (cheap pre-filter). */
    public boolean wants(AuditEvent e) {
        if (e.getAt().isAfter(at)) {
            return false;
        }
        return switch (e.getType()) {
            case NODE_CHANGED, NODE_STATE_CHANGED -> e.getNodeId() != null;
            case DECLARATION_CHANGED, DECLARATION_REMOVED -> service.equals(e.getService()) && envMatches(e.getEnvironment());
            default -> false;
        };
    }

    public void accept(AuditEvent e) {
        if (!wants(e)) {
            return;
        }
        switch (e.getType()) {
            case NODE_CHANGED -> keepLatest(lastChange, e.getNodeId(), e);
            case NODE_STATE_CHANGED -> keepLatest(lastState, e.getNodeId(), e);
            default -> keepLatest(lastDeclaration, e.getEnvironment(), e);
        }
    }

    /** The nodes of the service at T, sorted by environment then node id. */
    public List<NodeAt> nodes() {
        List<NodeAt> out = new ArrayList<>();
        for (AuditEvent c : lastChange.values()) {
            if (!service.equals(c.getService()) || !envMatches(c.getEnvironment())) {
                continue;
            }
            AuditEvent s = lastState.get(c.getNodeId());
            String state = s == null ? null : s.getDetails().get("to");
            out.add(new NodeAt(c.getNodeId(), c.getEnvironment(), c.getService(), c.getAt(), c.getInstanceId(), c.getArtifacts(),
                    c.getConfigHash(), new TreeMap<>(c.getFlags()), state, s == null ? null : s.getAt()));
        }
        out.sort(Comparator.comparing(NodeAt::environment, Comparator.nullsFirst(Comparator.naturalOrder())).thenComparing(NodeAt::nodeId));
        return out;
    }

    /** The declarations in force at T, one per environment, sorted by environment; removed ones are left out. */
    public List<DeclarationAt> declarations() {
        List<DeclarationAt> out = new ArrayList<>();
        new TreeMap<>(lastDeclaration).forEach((env, e) -> {
            if (e.getType() == AuditType.DECLARATION_CHANGED) {
                out.add(new DeclarationAt(env, e.getAt(), e.getGitCommit(), e.getAuthor(), e.getArtifacts()));
            }
        });
        return out;
    }

    private boolean envMatches(String env) {
        return environment == null || environment.equals(env);
    }

    private static void keepLatest(Map<String, AuditEvent> m, String key, AuditEvent e) {
        if (key == null) {
            return;
        }
        m.merge(key, e, (old, neu) -> neu.getAt().isBefore(old.getAt()) ? old : neu);
    }
}
