package io.fleetaudit.cli.commands;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.fleetaudit.cli.CliException;
import io.fleetaudit.cli.ExitCodes;
import io.fleetaudit.cli.kafka.AuditScanner;
import io.fleetaudit.cli.kafka.KafkaClients;
import io.fleetaudit.cli.kafka.Progress;
import io.fleetaudit.cli.options.KafkaOptions;
import io.fleetaudit.cli.render.Style;
import io.fleetaudit.cli.render.Table;
import io.fleetaudit.cli.render.Terminal;
import io.fleetaudit.cli.time.TimeParser;
import io.fleetaudit.contracts.AuditEvent;
import io.fleetaudit.contracts.AuditType;
import io.fleetaudit.streams.query.AvroJson;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code fleet-audit audit --node N | --service S}: the history of a node or a service from fleet.audit.v1 in a time
 * window. Reads each partition from {@code offsetsForTimes(since)} up to the end offsets captured at start (never
 * the whole topic), prints a table (or JSON), and a progress line on stderr when the scan takes a while.
 */
@Command(name = "audit", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Show the audit history of a node or a service (fleet.audit.v1).",
                "Changes, state transitions, declarations (with their Git commit), exemptions and alerts, oldest first."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:listed (also when empty)", "1:Kafka or registry failure, audit topic missing", "2:bad option or time"},
        footer = {"%nExamples:", "  fleet-audit audit --node smars-8 --since 2h", "  fleet-audit audit --service smars --environment prod --since 2012-08-01T13:00:00Z --until 2012-08-01T14:00:00Z",
                "  fleet-audit audit --service smars --type ALERT_FIRING,ALERT_RESOLVED --json | jq ."})
public final class AuditCommand extends Verb {

    static final class Subject {
        @Option(names = "--node", paramLabel = "NODE", required = true, description = "History of this node.")
        String node;

        @Option(names = {"-s", "--service"}, paramLabel = "SERVICE", required = true, description = "History of this service (all its nodes and declarations).")
        String service;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Subject subject;

    @Option(names = {"-e", "--environment"}, paramLabel = "ENV", description = "Only this environment.")
    String environment;

    @Option(names = "--since", paramLabel = "WHEN", defaultValue = "24h", description = "Start: a duration ago (2h) or an ISO instant (default: ${DEFAULT-VALUE}).")
    String since;

    @Option(names = "--until", paramLabel = "WHEN", description = "End: an ISO instant or a duration ago (default: now).")
    String until;

    @Option(names = "--type", paramLabel = "TYPE", split = ",", description = "Only these event types (NODE_CHANGED, NODE_STATE_CHANGED, DECLARATION_CHANGED, EXEMPTION_GRANTED, ALERT_FIRING, ...).")
    List<String> types;

    @Option(names = "--json", description = "Print a JSON array instead of a table.")
    boolean json;

    @Mixin
    KafkaOptions kafka;

    @Override
    protected int execute() {
        Instant now = root.clock().instant();
        Instant from;
        Instant to;
        try {
            from = TimeParser.parsePast(since, now);
            to = until == null ? null : TimeParser.parsePast(until, now);
        } catch (IllegalArgumentException e) {
            throw CliException.usage(e.getMessage());
        }
        if (to != null && to.isBefore(from)) {
            throw CliException.usage("--until " + to + " is before --since " + from);
        }
        Set<AuditType> wanted = types(types);
        Predicate<AuditEvent> filter = e -> (subject.node != null ? subject.node.equals(e.getNodeId()) : subject.service.equals(e.getService()))
                && (environment == null || environment.equals(e.getEnvironment())) && (wanted.isEmpty() || wanted.contains(e.getType()));
        KafkaClients clients = new KafkaClients(kafka.clientConfig(root.env()));
        Progress progress = new Progress(err(), root.terminal(), root.clock(), Duration.ofSeconds(2), clients.topics().audit().name());
        List<AuditEvent> events = new AuditScanner(clients, kafka.timeout()).scan(from, to, filter, progress);
        if (json) {
            ArrayNode a = StatusCommand.JSON.createArrayNode();
            events.forEach(e -> a.add(AvroJson.toJson(e)));
            out().println(StatusCommand.toJson(a));
            return ExitCodes.OK;
        }
        String what = subject.node != null ? "node " + subject.node : "service " + subject.service + (environment == null ? "" : " in " + environment);
        if (events.isEmpty()) {
            out().println("no audit events for " + what + " between " + from + " and " + (to == null ? "now" : to));
            return ExitCodes.OK;
        }
        boolean color = Terminal.colorEnabled(root.env(), root.terminal());
        Table t = new Table("TIME", "TYPE", "NODE", "SUMMARY");
        for (AuditEvent e : events) {
            t.row(Table.Cell.of(e.getAt()), Table.Cell.styled(e.getType(), style(e.getType())), Table.Cell.of(e.getNodeId() == null ? "-" : e.getNodeId()),
                    Table.Cell.of(e.getSummary() + (e.getAuthor() != null && !e.getSummary().contains(e.getAuthor()) ? " (by " + e.getAuthor() + ")" : "")));
        }
        out().print(t.render(color));
        out().println(events.size() + " event(s) for " + what);
        return ExitCodes.OK;
    }

    static Set<AuditType> types(List<String> names) {
        Set<AuditType> out = EnumSet.noneOf(AuditType.class);
        if (names == null) {
            return out;
        }
        for (String n : names) {
            try {
                out.add(AuditType.valueOf(n.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw CliException.usage("--type '" + n + "' is not an audit type; allowed: " + EnumSet.allOf(AuditType.class));
            }
        }
        return out;
    }

    private static Style style(AuditType t) {
        return switch (t) {
            case ALERT_FIRING -> Style.RED;
            case ALERT_RESOLVED -> Style.GREEN;
            case EXEMPTION_GRANTED, EXEMPTION_ENDED, DEVIATION_EXEMPTED -> Style.YELLOW;
            case DECLARATION_CHANGED, DECLARATION_REMOVED -> Style.BOLD;
            default -> Style.NONE;
        };
    }
}
