package io.fleetaudit.streams.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetaudit.contracts.Artifact;
import io.fleetaudit.contracts.Declaration;
import io.fleetaudit.contracts.NodeStatus;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Per service and environment: the declaration (if any), how many nodes are in each state, and which artifact
 * versions actually run on how many nodes, each marked {@code declared}, {@code previous} (allowed by a rollout)
 * or {@code undeclared}. Input: node statuses and declarations from local stores, plus partial summaries of the
 * other instances in the same JSON shape. Output: a JSON array sorted by environment/service.
 */
final class ServiceSummaries {
    private final String serviceFilter;
    private final String envFilter;
    private final Map<String, Summary> byKey = new TreeMap<>();

    private static final class Summary {
        final String environment;
        final String service;
        JsonNode declared;
        int nodes;
        final Map<String, Integer> states = new TreeMap<>();
        final Map<String, ObjectNode> running = new TreeMap<>();

        Summary(String environment, String service) {
            this.environment = environment;
            this.service = service;
        }
    }

    ServiceSummaries(String serviceFilter, String envFilter) {
        this.serviceFilter = serviceFilter;
        this.envFilter = envFilter;
    }

    void addLocal(Iterable<NodeStatus> nodes, Iterable<Declaration> declarations) {
        for (Declaration d : declarations) {
            Summary s = summary(d.getEnvironment(), d.getService());
            if (s != null) {
                s.declared = AvroJson.toJson(d);
            }
        }
        for (NodeStatus n : nodes) {
            Summary s = summary(n.getEnvironment(), n.getService());
            if (s == null) {
                continue;
            }
            s.nodes++;
            s.states.merge(n.getState().name(), 1, Integer::sum);
            for (Artifact a : n.getArtifacts()) {
                addRunning(s, a.getName(), a.getVersion(), a.getDigest(), 1);
            }
        }
    }

    void addRemote(JsonNode items) {
        for (JsonNode item : items) {
            Summary s = summary(item.path("environment").asText(), item.path("service").asText());
            if (s == null) {
                continue;
            }
            if (s.declared == null && item.hasNonNull("declared")) {
                s.declared = item.get("declared");
            }
            s.nodes += item.path("nodes").asInt();
            for (Iterator<Map.Entry<String, JsonNode>> it = item.path("states").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                s.states.merge(e.getKey(), e.getValue().asInt(), Integer::sum);
            }
            for (JsonNode r : item.path("running")) {
                addRunning(s, r.path("name").asText(), textOrNull(r.get("version")), textOrNull(r.get("digest")), r.path("nodes").asInt());
            }
        }
    }

    ArrayNode toJson(boolean markMatches) {
        ArrayNode out = AvroJson.MAPPER.createArrayNode();
        for (Summary s : byKey.values()) {
            ObjectNode o = out.addObject();
            o.put("environment", s.environment);
            o.put("service", s.service);
            o.set("declared", s.declared == null ? AvroJson.MAPPER.nullNode() : s.declared);
            o.put("nodes", s.nodes);
            ObjectNode states = o.putObject("states");
            s.states.forEach(states::put);
            ArrayNode running = o.putArray("running");
            Set<String> declared = digests(s.declared, "artifacts");
            Set<String> previous = s.declared == null ? Set.of() : digests(s.declared.path("rollout"), "previous");
            for (ObjectNode r : s.running.values()) {
                ObjectNode copy = r.deepCopy();
                if (markMatches) {
                    String d = textOrNull(r.get("digest"));
                    copy.put("matches", s.declared == null ? "no-declaration" : declared.contains(d) ? "declared"
                            : previous.contains(d) ? "previous" : "undeclared");
                }
                running.add(copy);
            }
        }
        return out;
    }

    private Summary summary(String env, String service) {
        if ((serviceFilter != null && !serviceFilter.equals(service)) || (envFilter != null && !envFilter.equals(env))) {
            return null;
        }
        return byKey.computeIfAbsent(env + "/" + service, k -> new Summary(env, service));
    }

    private static void addRunning(Summary s, String name, String version, String digest, int count) {
        String key = name + "\u0000" + version + "\u0000" + digest;
        ObjectNode r = s.running.computeIfAbsent(key, k -> {
            ObjectNode o = AvroJson.MAPPER.createObjectNode();
            o.put("name", name);
            o.put("version", version);
            o.put("digest", digest);
            o.put("nodes", 0);
            return o;
        });
        r.put("nodes", r.path("nodes").asInt() + count);
    }

    private static Set<String> digests(JsonNode parent, String field) {
        Set<String> out = new HashSet<>();
        if (parent != null) {
            parent.path(field).forEach(a -> out.add(a.path("digest").asText()));
        }
        return out;
    }

    private static String textOrNull(JsonNode n) {
        return n == null || n.isNull() ? null : n.asText();
    }
}
