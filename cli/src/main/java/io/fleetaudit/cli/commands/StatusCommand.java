package io.fleetaudit.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetaudit.cli.CliException;
import io.fleetaudit.cli.ExitCodes;
import io.fleetaudit.cli.api.QueryApiClient;
import io.fleetaudit.cli.options.ApiOptions;
import io.fleetaudit.cli.render.Fmt;
import io.fleetaudit.cli.render.Style;
import io.fleetaudit.cli.render.Table;
import io.fleetaudit.cli.render.Terminal;
import io.fleetaudit.cli.time.TimeParser;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code fleet-audit status}: what runs where now, from the streams app's query API. Per service: the declared
 * version and commit, node counts by state and which versions really run; then one row per node with its state
 * (coloured on a terminal), age of that state, artifacts and failing rules. {@code --json} prints the raw API
 * answer for jq. Exit 3 when a listed node is DRIFTED or MISSING.
 */
@Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Show the audited state of services and nodes (from the query API of the streams app)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every listed node is OK, EXEMPT, STOPPED or UNDECLARED", "1:query API unreachable or failing",
                "2:bad option", "3:at least one listed node is DRIFTED or MISSING"},
        footer = {"%nExamples:", "  fleet-audit status", "  fleet-audit status --service smars --environment prod",
                "  fleet-audit status --node smars-8",
                "  fleet-audit status --state DRIFTED --json | jq -r '.nodes[].nodeId'",
                "  FLEET_AUDIT_API_TOKEN=... fleet-audit status --api http://streams-1:8088"})
public final class StatusCommand extends Verb {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Option(names = {"-s", "--service"}, paramLabel = "SERVICE", description = "Only this service.")
    String service;

    @Option(names = {"-e", "--environment"}, paramLabel = "ENV", description = "Only this environment.")
    String environment;

    @Option(names = {"-n", "--node"}, paramLabel = "NODE", description = "One node in detail: every failing rule with expected and actual.")
    String node;

    @Option(names = "--state", paramLabel = "STATE", description = "Only nodes in this state (OK, DRIFTED, EXEMPT, MISSING, STOPPED, UNDECLARED).")
    String state;

    @Option(names = "--json", description = "Print JSON ({\"services\": [...], \"nodes\": [...]}) instead of tables.")
    boolean json;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10s", description = "HTTP timeout (default: ${DEFAULT-VALUE}).")
    String timeout;

    @Mixin
    ApiOptions api;

    @Override
    protected int execute() {
        QueryApiClient client = new QueryApiClient(api.api(root.env()), api.token(root.env()), parseTimeout(timeout));
        if (node != null) {
            return node(client);
        }
        Map<String, String> filter = new LinkedHashMap<>();
        filter.put("service", service);
        filter.put("environment", environment);
        List<JsonNode> services = new ArrayList<>();
        client.get("/api/v1/services", filter).path("items").forEach(services::add);
        Map<String, String> nodeFilter = new LinkedHashMap<>(filter);
        nodeFilter.put("state", state);
        List<JsonNode> nodes = client.list("/api/v1/nodes", nodeFilter);
        boolean trouble = nodes.stream().map(n -> n.path("state").asText()).anyMatch(s -> s.equals("DRIFTED") || s.equals("MISSING"));
        if (json) {
            ObjectNode o = JSON.createObjectNode();
            o.putArray("services").addAll(services);
            o.putArray("nodes").addAll(nodes);
            out().println(toJson(o));
            return trouble ? ExitCodes.DIFFERENCE : ExitCodes.OK;
        }
        boolean color = Terminal.colorEnabled(root.env(), root.terminal());
        Instant now = root.clock().instant();
        if (services.isEmpty() && nodes.isEmpty()) {
            out().println("no nodes or declarations" + (service != null || environment != null ? " match" : " yet"));
            return ExitCodes.OK;
        }
        for (JsonNode s : services) {
            out().println(serviceLine(s, color));
            for (JsonNode r : s.path("running")) {
                String matches = r.path("matches").asText("");
                Style st = matches.equals("declared") ? Style.GREEN : matches.equals("previous") ? Style.YELLOW : matches.equals("undeclared") ? Style.RED : Style.NONE;
                out().println("  runs " + r.path("name").asText() + " " + Fmt.orDash(Fmt.text(r.get("version"))) + " (" + Fmt.shortDigest(Fmt.text(r.get("digest")))
                        + ") on " + r.path("nodes").asInt() + " node(s)" + (matches.isEmpty() ? "" : " " + st.apply("[" + matches + "]", color)));
            }
        }
        out().println();
        Table t = new Table("NODE", "SERVICE", "STATE", "FOR", "ARTIFACTS", "CONFIG", "VIOLATIONS");
        for (JsonNode n : nodes) {
            String st = n.path("state").asText();
            t.row(Table.Cell.of(n.path("nodeId").asText()), Table.Cell.of(n.path("environment").asText() + "/" + n.path("service").asText()),
                    Table.Cell.styled(st, Style.forState(st)), Table.Cell.of(Fmt.age(Fmt.text(n.get("stateSince")), now)),
                    Table.Cell.of(Fmt.artifacts(n.path("artifacts"))), Table.Cell.of(Fmt.shortDigest(Fmt.text(n.get("configHash")))),
                    Table.Cell.of(violations(n.path("violations"))));
        }
        out().print(t.render(color));
        return trouble ? ExitCodes.DIFFERENCE : ExitCodes.OK;
    }

    private int node(QueryApiClient client) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("service", service);
        q.put("environment", environment);
        JsonNode n = client.get("/api/v1/nodes/" + java.net.URLEncoder.encode(node, java.nio.charset.StandardCharsets.UTF_8), q);
        String st = n.path("state").asText();
        boolean trouble = st.equals("DRIFTED") || st.equals("MISSING");
        if (json) {
            out().println(toJson(n));
            return trouble ? ExitCodes.DIFFERENCE : ExitCodes.OK;
        }
        boolean color = Terminal.colorEnabled(root.env(), root.terminal());
        Instant now = root.clock().instant();
        out().println(Style.BOLD.apply(n.path("nodeId").asText(), color) + "  " + n.path("environment").asText() + "/" + n.path("service").asText()
                + "  " + Style.forState(st).apply(st, color) + " for " + Fmt.age(Fmt.text(n.get("stateSince")), now)
                + ", last heartbeat " + Fmt.age(Fmt.text(n.get("lastSeen")), now) + " ago");
        out().println("  instance   " + Fmt.orDash(Fmt.text(n.get("instanceId"))));
        out().println("  artifacts  " + Fmt.artifacts(n.path("artifacts")));
        n.path("artifacts").forEach(a -> out().println("             " + a.path("name").asText() + " " + Fmt.orDash(Fmt.text(a.get("digest")))));
        out().println("  config     " + Fmt.orDash(Fmt.text(n.get("configHash"))));
        List<String> flags = new ArrayList<>();
        n.path("flags").fields().forEachRemaining(e -> flags.add(e.getKey() + "=" + e.getValue().asText()));
        out().println("  flags      " + (flags.isEmpty() ? "-" : String.join(", ", flags)));
        out().println("  declared   commit " + Fmt.orDash(Fmt.text(n.get("declarationCommit"))));
        for (JsonNode v : n.path("violations")) {
            out().println("  " + Style.RED.apply(v.path("rule").asText(), color) + (v.path("exempted").asBoolean() ? " (exempt)" : "") + ": "
                    + v.path("message").asText());
            if (v.hasNonNull("expected") || v.hasNonNull("actual")) {
                out().println("      expected " + Fmt.orDash(Fmt.text(v.get("expected"))));
                out().println("      actual   " + Fmt.orDash(Fmt.text(v.get("actual"))));
            }
        }
        return trouble ? ExitCodes.DIFFERENCE : ExitCodes.OK;
    }

    private static String serviceLine(JsonNode s, boolean color) {
        StringBuilder sb = new StringBuilder(Style.BOLD.apply(s.path("environment").asText() + "/" + s.path("service").asText(), color));
        JsonNode d = s.get("declared");
        if (d == null || d.isNull()) {
            sb.append("  ").append(Style.YELLOW.apply("not declared", color));
        } else {
            sb.append("  declared ").append(Fmt.artifacts(d.path("artifacts")));
            String commit = Fmt.text(d.get("gitCommit"));
            if (commit != null) {
                sb.append(" @ ").append(commit.length() > 12 ? commit.substring(0, 12) : commit);
            }
            JsonNode rollout = d.get("rollout");
            if (rollout != null && !rollout.isNull()) {
                sb.append(", rollout from ").append(Fmt.artifacts(rollout.path("previous"))).append(" until ").append(rollout.path("deadline").asText());
            }
        }
        sb.append("  nodes ").append(s.path("nodes").asInt());
        List<String> counts = new ArrayList<>();
        s.path("states").fields().forEachRemaining(e -> counts.add(Style.forState(e.getKey()).apply(e.getKey(), color) + " " + e.getValue().asInt()));
        if (!counts.isEmpty()) {
            sb.append(": ").append(String.join(", ", counts));
        }
        return sb.toString();
    }

    private static String violations(JsonNode array) {
        List<String> parts = new ArrayList<>();
        for (JsonNode v : array) {
            parts.add(v.path("rule").asText() + (v.path("exempted").asBoolean() ? " (exempt)" : ""));
        }
        return parts.isEmpty() ? "-" : String.join(", ", parts);
    }

    static java.time.Duration parseTimeout(String t) {
        try {
            return TimeParser.parseDuration(t);
        } catch (IllegalArgumentException e) {
            throw CliException.usage("--timeout " + e.getMessage());
        }
    }

    static String toJson(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
