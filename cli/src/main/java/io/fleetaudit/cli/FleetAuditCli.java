package io.fleetaudit.cli;

import io.fleetaudit.cli.commands.AgentCommand;
import io.fleetaudit.cli.commands.AlertsCommand;
import io.fleetaudit.cli.commands.AtCommand;
import io.fleetaudit.cli.commands.AuditCommand;
import io.fleetaudit.cli.commands.DeclareCommand;
import io.fleetaudit.cli.commands.ExemptCommand;
import io.fleetaudit.cli.commands.RegistryCommand;
import io.fleetaudit.cli.commands.StatusCommand;
import io.fleetaudit.cli.commands.StreamsCommand;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code fleet-audit}, the operator CLI: declare desired state from Git, grant break-glass exemptions, ask what
 * runs and what drifted (status, alerts), read history (audit, at), and run the agent, streams app and local
 * registry. Input: arguments, environment, clock (injectable for tests). Output: text or JSON on stdout,
 * diagnostics on stderr, and the documented exit codes ({@link ExitCodes}, docs/CLI.md).
 */
@Command(name = "fleet-audit", mixinStandardHelpOptions = true, versionProvider = FleetAuditCli.Version.class,
        description = "Detect the one box that differs: declare what should run, see what runs, and what ran when.",
        subcommands = {DeclareCommand.class, ExemptCommand.class, StatusCommand.class, AlertsCommand.class, AuditCommand.class,
                AtCommand.class, AgentCommand.class, StreamsCommand.class, RegistryCommand.class, io.fleetaudit.cli.demo.DemoCommand.class, io.fleetaudit.cli.demo.DevStackCommand.class, CommandLine.HelpCommand.class},
        synopsisSubcommandLabel = "COMMAND",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:runtime failure (Kafka, registry or query API unreachable, timeout)",
                "2:usage or validation error (bad option, invalid fleet file, refused exemption)",
                "3:difference found (status: drifted/missing nodes; declare --dry-run: changes pending)"},
        footer = {"%nExamples:", "  fleet-audit declare -f fleet.yaml --dry-run --bootstrap-server kafka:9092",
                "  fleet-audit status --service smars", "  fleet-audit audit --node smars-8 --since 2h",
                "  fleet-audit at 2012-08-01T13:31:00Z --service smars",
                "%nSee docs/CLI.md for every verb; 'fleet-audit COMMAND --help' for its options."})
public class FleetAuditCli implements Runnable {
    private final Clock clock;
    private final Map<String, String> env;
    private final boolean terminal;

    @Spec
    CommandSpec spec;

    public FleetAuditCli() {
        this(Clock.systemUTC(), System.getenv(), System.console() != null);
    }

    /** For tests and embedding: a fixed clock, an environment map, and whether stdout is a terminal. */
    public FleetAuditCli(Clock clock, Map<String, String> env, boolean terminal) {
        this.clock = clock;
        this.env = Map.copyOf(env);
        this.terminal = terminal;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new FleetAuditCli()).execute(args));
    }

    @Override
    public void run() {
        // Listed from the registered subcommands, so a new verb (demo, dev-stack, ...) is never left out.
        String verbs = String.join(", ", spec.subcommands().keySet().stream().filter(v -> !v.equals("help")).toList());
        throw new CommandLine.ParameterException(spec.commandLine(), "missing COMMAND (" + verbs + ")");
    }

    public Clock clock() {
        return clock;
    }

    public Map<String, String> env() {
        return env;
    }

    public boolean terminal() {
        return terminal;
    }

    /** The version from the jar's build (fleet-audit-version.properties). */
    public static String version() {
        try (InputStream in = FleetAuditCli.class.getResourceAsStream("/fleet-audit-version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** picocli version provider. */
    public static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"fleet-audit " + version(), "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
        }
    }
}
