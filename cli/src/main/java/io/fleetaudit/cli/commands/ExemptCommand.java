package io.fleetaudit.cli.commands;

import io.fleetaudit.cli.CliException;
import io.fleetaudit.cli.ExitCodes;
import io.fleetaudit.cli.exempt.ExemptionPolicy;
import io.fleetaudit.cli.kafka.KafkaClients;
import io.fleetaudit.cli.kafka.TopicSnapshot;
import io.fleetaudit.cli.options.KafkaOptions;
import io.fleetaudit.cli.render.Style;
import io.fleetaudit.cli.render.Table;
import io.fleetaudit.cli.render.Terminal;
import io.fleetaudit.cli.time.TimeParser;
import io.fleetaudit.contracts.Exemption;
import io.fleetaudit.schemas.topics.TopicSpec;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code fleet-audit exempt}: grants a break-glass window for one node ({@code --node --reason --until}, optional
 * {@code --ticket --rules}), ends one early ({@code --end ID}) or lists the active ones ({@code --list}). Windows are
 * published to the compacted topic fleet.exemptions.v1; the streams app records EXEMPTION_GRANTED / EXEMPTION_ENDED
 * in the audit log and fires EXEMPTION_EXPIRED if the node is not reconciled by the end. A missing reason or an
 * unbounded or too long window is refused (exit 2).
 */
@Command(name = "exempt", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Grant, end or list break-glass exemptions.",
                "An exemption lets one node deviate (all node rules, or --rules) for a bounded window with a reason.",
                "The window must end (--until) and may not exceed --max-window (default 24h)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:granted, ended or listed", "1:Kafka or registry failure, unknown exemption id",
                "2:refused: missing/blank reason, no or too long window, bad node or rule"},
        footer = {"%nExamples:", "  fleet-audit exempt --node smars-8 --reason \"hotfix RLP config during INC-42\" --ticket INC-42 --until 2h",
                "  fleet-audit exempt --node smars-8 --reason \"kernel patch reboot window\" --until 2026-11-27T20:00:00Z --rules CONFIG_DRIFT,MUTATED_IN_PLACE",
                "  fleet-audit exempt --end ex-20261127-1531-3fa2c1", "  fleet-audit exempt --list"})
public final class ExemptCommand extends Verb {
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmm").withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();

    @Option(names = "--node", paramLabel = "NODE", description = "Node that may deviate.")
    String node;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why (required, at least 10 characters; goes to the audit log).")
    String reason;

    @Option(names = "--ticket", paramLabel = "REF", description = "Incident or change ticket.")
    String ticket;

    @Option(names = "--until", paramLabel = "WHEN", description = "End of the window: a duration from now (2h, 90m) or an ISO instant (required).")
    String until;

    @Option(names = "--rules", paramLabel = "RULE", split = ",", description = "Rules covered, comma separated (default: every node rule), e.g. CONFIG_DRIFT,MUTATED_IN_PLACE.")
    List<String> rules;

    @Option(names = "--max-window", paramLabel = "DURATION", description = "Longest window allowed (default: $FLEET_AUDIT_EXEMPT_MAX_WINDOW, else 24h).")
    String maxWindow;

    @Option(names = "--author", paramLabel = "WHO", description = "Who grants it (default: $USER).")
    String author;

    @Option(names = "--end", paramLabel = "ID", description = "End exemption ID now (publishes it again with endedAt).")
    String end;

    @Option(names = "--list", description = "List active exemptions.")
    boolean list;

    @Mixin
    KafkaOptions kafka;

    @Override
    protected int execute() {
        int modes = (end != null ? 1 : 0) + (list ? 1 : 0) + (node != null || reason != null || until != null ? 1 : 0);
        if (modes != 1) {
            throw CliException.usage("give either --node/--reason/--until (grant), --end ID, or --list");
        }
        Instant now = root.clock().instant();
        if (list) {
            return list(now);
        }
        if (end != null) {
            return end(now);
        }
        return grant(now);
    }

    private int grant(Instant now) {
        ExemptionPolicy policy = new ExemptionPolicy(maxWindow());
        String id = "ex-" + ID_TIME.format(now) + "-" + HexFormat.of().formatHex(randomBytes());
        String who = author != null ? author : root.env().getOrDefault("USER", "unknown");
        Exemption e;
        try {
            e = policy.grant(id, new ExemptionPolicy.Request(node, reason, ticket, until, rules, who), now);
        } catch (ExemptionPolicy.Refused r) {
            throw CliException.usage("refused: " + r.getMessage());
        }
        KafkaClients clients = new KafkaClients(kafka.clientConfig(root.env()));
        clients.ensureTopics();
        publish(clients, e);
        out().println("granted " + e.getId() + ": " + e.getNodeId() + " may deviate from "
                + (e.getRules().isEmpty() ? "every node rule" : String.join(", ", e.getRules())) + " until " + e.getEndsAt()
                + " (" + TimeParser.format(Duration.between(now, e.getEndsAt())) + ")" + (e.getTicket() == null ? "" : ", ticket " + e.getTicket()));
        out().println("end it early with: fleet-audit exempt --end " + e.getId());
        return ExitCodes.OK;
    }

    private int end(Instant now) {
        KafkaClients clients = new KafkaClients(kafka.clientConfig(root.env()));
        Map<String, Exemption> all = TopicSnapshot.read(clients, clients.topics().exemptions(), kafka.timeout());
        Exemption current = all.get(end);
        if (current == null) {
            throw CliException.failure("no exemption with id '" + end + "' on " + clients.topics().exemptions().name()
                    + " (fleet-audit exempt --list shows the active ones)", null);
        }
        Exemption ended;
        try {
            ended = ExemptionPolicy.end(current, now);
        } catch (ExemptionPolicy.Refused r) {
            throw CliException.failure(r.getMessage(), null);
        }
        publish(clients, ended);
        out().println("ended " + ended.getId() + " for " + ended.getNodeId() + " at " + ended.getEndedAt()
                + " (was valid until " + ended.getEndsAt() + ")");
        return ExitCodes.OK;
    }

    private int list(Instant now) {
        KafkaClients clients = new KafkaClients(kafka.clientConfig(root.env()));
        Map<String, Exemption> all = TopicSnapshot.read(clients, clients.topics().exemptions(), kafka.timeout());
        boolean color = Terminal.colorEnabled(root.env(), root.terminal());
        Table t = new Table("ID", "NODE", "RULES", "UNTIL", "LEFT", "TICKET", "AUTHOR", "REASON");
        all.values().stream().filter(e -> e.getEndedAt() == null && e.getEndsAt().isAfter(now) && !e.getStartsAt().isAfter(now))
                .sorted((a, b) -> a.getEndsAt().compareTo(b.getEndsAt()))
                .forEach(e -> t.row(Table.Cell.of(e.getId()), Table.Cell.styled(e.getNodeId(), Style.YELLOW),
                        Table.Cell.of(e.getRules().isEmpty() ? "*" : String.join(",", e.getRules())), Table.Cell.of(e.getEndsAt()),
                        Table.Cell.of(TimeParser.format(Duration.between(now, e.getEndsAt()).withNanos(0))), Table.Cell.of(e.getTicket()),
                        Table.Cell.of(e.getAuthor()), Table.Cell.of(e.getReason())));
        if (t.size() == 0) {
            out().println("no active exemptions");
        } else {
            out().print(t.render(color));
        }
        return ExitCodes.OK;
    }

    private void publish(KafkaClients clients, Exemption e) {
        TopicSpec<String, Exemption> spec = clients.topics().exemptions();
        try (KafkaProducer<String, Exemption> producer = clients.producer(spec)) {
            producer.send(new ProducerRecord<>(spec.name(), e.getId(), e)).get(kafka.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException ex) {
            throw clients.unreachable(ex);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw CliException.failure("interrupted while publishing", ex);
        }
    }

    private Duration maxWindow() {
        String v = maxWindow != null ? maxWindow : root.env().get("FLEET_AUDIT_EXEMPT_MAX_WINDOW");
        if (v == null || v.isBlank()) {
            return ExemptionPolicy.DEFAULT_MAX_WINDOW;
        }
        try {
            return TimeParser.parseDuration(v);
        } catch (IllegalArgumentException e) {
            throw CliException.usage("--max-window " + e.getMessage());
        }
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[3];
        RANDOM.nextBytes(b);
        return b;
    }
}
