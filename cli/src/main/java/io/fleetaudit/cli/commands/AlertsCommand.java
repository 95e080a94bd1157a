package io.fleetaudit.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetaudit.cli.ExitCodes;
import io.fleetaudit.cli.api.QueryApiClient;
import io.fleetaudit.cli.options.ApiOptions;
import io.fleetaudit.cli.render.Fmt;
import io.fleetaudit.cli.render.Style;
import io.fleetaudit.cli.render.Table;
import io.fleetaudit.cli.render.Terminal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code fleet-audit alerts}: the latest lifecycle event of every alert (one per rule and subject) from the query
 * API, firing first then newest first; {@code --firing} shows only the firing ones, {@code --json} prints them as a
 * JSON array.
 */
@Command(name = "alerts", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Show alerts (one per rule and subject, with its FIRING/RESOLVED state) from the query API."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:listed (also when some fire)", "1:query API unreachable or failing", "2:bad option"},
        footer = {"%nExamples:", "  fleet-audit alerts --firing", "  fleet-audit alerts --service smars --json | jq '.[] | {rule, subject, status}'"})
public final class AlertsCommand extends Verb {

    @Option(names = "--firing", description = "Only alerts that are firing now.")
    boolean firing;

    @Option(names = {"-s", "--service"}, paramLabel = "SERVICE", description = "Only this service.")
    String service;

    @Option(names = {"-e", "--environment"}, paramLabel = "ENV", description = "Only this environment.")
    String environment;

    @Option(names = "--json", description = "Print a JSON array instead of a table.")
    boolean json;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10s", description = "HTTP timeout (default: ${DEFAULT-VALUE}).")
    String timeout;

    @Mixin
    ApiOptions api;

    @Override
    protected int execute() {
        QueryApiClient client = new QueryApiClient(api.api(root.env()), api.token(root.env()), StatusCommand.parseTimeout(timeout));
        Map<String, String> q = new LinkedHashMap<>();
        q.put("status", firing ? "firing" : "all");
        q.put("service", service);
        q.put("environment", environment);
        List<JsonNode> alerts = new ArrayList<>(client.list("/api/v1/alerts", q));
        alerts.sort(Comparator.comparing((JsonNode a) -> !a.path("status").asText().equals("FIRING"))
                .thenComparing(a -> a.path("startsAt").asText(), Comparator.reverseOrder()));
        if (json) {
            out().println(StatusCommand.toJson(StatusCommand.JSON.createArrayNode().addAll(alerts)));
            return ExitCodes.OK;
        }
        if (alerts.isEmpty()) {
            out().println(firing ? "no alerts firing" : "no alerts");
            return ExitCodes.OK;
        }
        boolean color = Terminal.colorEnabled(root.env(), root.terminal());
        Instant now = root.clock().instant();
        Table t = new Table("STATUS", "SEVERITY", "RULE", "SUBJECT", "SERVICE", "SINCE", "SUMMARY");
        for (JsonNode a : alerts) {
            String status = a.path("status").asText();
            String severity = a.path("severity").asText();
            String since = status.equals("FIRING") ? Fmt.age(Fmt.text(a.get("startsAt")), now) : "resolved " + Fmt.age(Fmt.text(a.get("endsAt")), now) + " ago";
            t.row(Table.Cell.styled(status, Style.forState(status)), Table.Cell.styled(severity, severity.equals("critical") ? Style.RED : Style.NONE),
                    Table.Cell.of(a.path("rule").asText()), Table.Cell.of(a.path("subject").asText()),
                    Table.Cell.of(a.path("environment").asText() + "/" + a.path("service").asText()), Table.Cell.of(since),
                    Table.Cell.of(Fmt.orDash(Fmt.text(a.path("annotations").get("summary")))));
        }
        out().print(t.render(color));
        return ExitCodes.OK;
    }
}
