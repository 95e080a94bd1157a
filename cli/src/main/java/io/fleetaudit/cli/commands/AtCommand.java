package io.fleetaudit.cli.commands;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetaudit.cli.CliException;
import io.fleetaudit.cli.ExitCodes;
import io.fleetaudit.cli.audit.PointInTime;
import io.fleetaudit.cli.kafka.AuditScanner;
import io.fleetaudit.cli.kafka.KafkaClients;
import io.fleetaudit.cli.kafka.Progress;
import io.fleetaudit.cli.options.KafkaOptions;
import io.fleetaudit.cli.render.Fmt;
import io.fleetaudit.cli.render.Style;
import io.fleetaudit.cli.render.Table;
import io.fleetaudit.cli.render.Terminal;
import io.fleetaudit.cli.time.TimeParser;
import io.fleetaudit.contracts.Artifact;
import io.fleetaudit.streams.query.AvroJson;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code fleet-audit at <instant> --service S}: what each node of a service ran at that instant (artifacts, config
 * hash, flags, state) and what was declared, rebuilt from the NODE_CHANGED / NODE_STATE_CHANGED / DECLARATION_*
 * events of the audit log up to that instant. Nodes first seen later are not shown.
 */
@Command(name = "at", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Reconstruct what every node of a service ran at a past instant, from the audit log."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:answered (also when no node existed then)", "1:Kafka or registry failure, audit topic missing", "2:bad option or instant"},
        footer = {"%nExamples:", "  fleet-audit at 2012-08-01T13:31:00Z --service smars --environment prod", "  fleet-audit at 2h --service smars     # two hours ago",
                "  fleet-audit at 2012-08-01T09:31:00-04:00 --service smars --json"})
public final class AtCommand extends Verb {

    @Parameters(index = "0", paramLabel = "INSTANT", description = "ISO-8601 instant (2012-08-01T13:31:00Z) or a duration ago (2h).")
    String instant;

    @Option(names = {"-s", "--service"}, paramLabel = "SERVICE", required = true, description = "The service.")
    String service;

    @Option(names = {"-e", "--environment"}, paramLabel = "ENV", description = "Only this environment.")
    String environment;

    @Option(names = "--json", description = "Print JSON instead of tables.")
    boolean json;

    @Mixin
    KafkaOptions kafka;

    @Override
    protected int execute() {
        Instant now = root.clock().instant();
        Instant t;
        try {
            t = TimeParser.parsePast(instant, now);
        } catch (IllegalArgumentException e) {
            throw CliException.usage(e.getMessage());
        }
        if (t.isAfter(now)) {
            throw CliException.usage(t + " is in the future: 'at' answers about the past (use 'status' for now)");
        }
        PointInTime pit = new PointInTime(t, service, environment);
        KafkaClients clients = new KafkaClients(kafka.clientConfig(root.env()));
        Progress progress = new Progress(err(), root.terminal(), root.clock(), Duration.ofSeconds(2), clients.topics().audit().name());
        new AuditScanner(clients, kafka.timeout()).scan(null, t, pit::wants, pit::accept, progress);
        List<PointInTime.NodeAt> nodes = pit.nodes();
        List<PointInTime.DeclarationAt> declared = pit.declarations();
        if (json) {
            out().println(StatusCommand.toJson(toJson(t, nodes, declared)));
            return ExitCodes.OK;
        }
        boolean color = Terminal.colorEnabled(root.env(), root.terminal());
        out().println(Style.BOLD.apply(service + (environment == null ? "" : " in " + environment) + " at " + t, color));
        if (declared.isEmpty()) {
            out().println("declared: nothing");
        }
        Set<String> declaredDigests = new HashSet<>();
        for (PointInTime.DeclarationAt d : declared) {
            d.artifacts().forEach(a -> declaredDigests.add(a.getDigest()));
            out().println("declared in " + d.environment() + ": " + artifacts(d.artifacts()) + " (commit " + Fmt.orDash(d.gitCommit())
                    + " by " + Fmt.orDash(d.author()) + ", since " + d.declaredAt() + ")");
        }
        if (nodes.isEmpty()) {
            out().println("no node of " + service + " had reported by then");
            return ExitCodes.OK;
        }
        Table table = new Table("NODE", "ENV", "ARTIFACTS", "DIGESTS", "CONFIG", "FLAGS", "STATE", "SINCE", "INSTANCE");
        for (PointInTime.NodeAt n : nodes) {
            boolean matches = !declaredDigests.isEmpty() && n.artifacts().stream().allMatch(a -> declaredDigests.contains(a.getDigest()));
            Style digestStyle = declaredDigests.isEmpty() ? Style.NONE : matches ? Style.GREEN : Style.RED;
            String flags = n.flags().isEmpty() ? "-" : n.flags().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
            table.row(Table.Cell.of(n.nodeId()), Table.Cell.of(n.environment()), Table.Cell.of(artifacts(n.artifacts())),
                    Table.Cell.styled(n.artifacts().stream().map(a -> Fmt.shortDigest(a.getDigest())).collect(Collectors.joining(",")), digestStyle),
                    Table.Cell.of(Fmt.shortDigest(n.configHash())), Table.Cell.of(flags),
                    Table.Cell.styled(Fmt.orDash(n.state()), Style.forState(n.state())), Table.Cell.of(n.changedAt()), Table.Cell.of(Fmt.orDash(n.instanceId())));
        }
        out().print(table.render(color));
        return ExitCodes.OK;
    }

    private static String artifacts(List<Artifact> list) {
        return list.isEmpty() ? "-" : list.stream().map(a -> a.getName() + " " + (a.getVersion() != null ? a.getVersion() : Fmt.shortDigest(a.getDigest())))
                .collect(Collectors.joining(", "));
    }

    private ObjectNode toJson(Instant t, List<PointInTime.NodeAt> nodes, List<PointInTime.DeclarationAt> declared) {
        ObjectNode o = StatusCommand.JSON.createObjectNode();
        o.put("at", t.toString());
        o.put("service", service);
        o.put("environment", environment);
        ArrayNode ds = o.putArray("declarations");
        for (PointInTime.DeclarationAt d : declared) {
            ObjectNode x = ds.addObject();
            x.put("environment", d.environment());
            x.put("declaredAt", d.declaredAt().toString());
            x.put("gitCommit", d.gitCommit());
            x.put("author", d.author());
            ArrayNode arts = x.putArray("artifacts");
            d.artifacts().forEach(a -> arts.add(AvroJson.toJson(a)));
        }
        ArrayNode ns = o.putArray("nodes");
        for (PointInTime.NodeAt n : nodes) {
            ObjectNode x = ns.addObject();
            x.put("nodeId", n.nodeId());
            x.put("environment", n.environment());
            x.put("service", n.service());
            x.put("changedAt", n.changedAt().toString());
            x.put("instanceId", n.instanceId());
            ArrayNode arts = x.putArray("artifacts");
            n.artifacts().forEach(a -> arts.add(AvroJson.toJson(a)));
            x.put("configHash", n.configHash());
            ObjectNode flags = x.putObject("flags");
            n.flags().forEach(flags::put);
            x.put("state", n.state());
            x.put("stateSince", n.stateSince() == null ? null : n.stateSince().toString());
        }
        return o;
    }
}
