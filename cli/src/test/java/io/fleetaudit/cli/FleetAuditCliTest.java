package io.fleetaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class FleetAuditCliTest {

    @Test
    void shouldRunThroughAPlainCommandLine() {
        StringWriter out = new StringWriter();
        CommandLine cmd = new CommandLine(new FleetAuditCli());
        cmd.setOut(new PrintWriter(out));
        assertThat(cmd.execute("--version")).isEqualTo(0);
        assertThat(out.toString()).startsWith("fleet-audit ").doesNotContain("unknown");
    }

    @Test
    void shouldListEveryVerbAndTheExitCodesInTopLevelHelp() {
        CliRun r = CliRun.run("--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("declare", "exempt", "status", "alerts", "audit", "at", "agent", "streams", "registry")
                .contains("Exit codes:").contains("3   difference found");
    }

    @ParameterizedTest
    @ValueSource(strings = {"declare", "exempt", "status", "alerts", "audit", "at"})
    void shouldShowAnExampleInEveryVerbsHelp(String verb) {
        CliRun r = CliRun.run(verb, "--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("Examples:").contains("fleet-audit " + verb).contains("Exit codes:");
    }

    @Test
    void shouldShowExamplesForTheDelegatingVerbsInTheHelpCommand() {
        for (String verb : List.of("agent", "streams", "registry")) {
            CliRun r = CliRun.run("help", verb);
            assertThat(r.out()).as(verb).contains("Examples:").contains("fleet-audit " + verb);
        }
    }

    @Test
    void shouldExitTwoOnUsageErrors() {
        assertThat(CliRun.run().exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(CliRun.run().err()).contains("missing COMMAND (").contains("declare", "demo", "dev-stack")
                .doesNotContain("help,");
        assertThat(CliRun.run("declare").err()).contains("Missing required option: '--file=FILE'");
        assertThat(CliRun.run("declare").exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(CliRun.run("frobnicate").exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(CliRun.run("audit", "--node", "a", "--service", "b").exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(CliRun.run("audit", "--node", "a", "--since", "yesterday").err()).contains("is not a duration");
    }

    @Test
    void shouldValidateTheKnightExampleWithoutKafka() {
        CliRun r = CliRun.run("declare", "-f", "../examples/knight/fleet.yaml", "--validate-only");
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).contains("valid, 1 service(s)");
        assertThat(r.exitCode()).isZero();
    }

    @Test
    void shouldReportEveryErrorWithFileAndLineAndExitTwo(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("fleet.yaml");
        Files.writeString(f, """
                version: 1
                services:
                  - name: smars
                    environment: prod
                    artifacts:
                      - name: smars
                        digest: sha256:xyz
                    imutable: true
                """);
        CliRun r = CliRun.run("declare", "-f", f.toString(), "--dry-run");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains(f + ":7:17: error: digest 'sha256:xyz'")
                .contains(f + ":8:5: error: unknown key 'imutable' in service")
                .contains("fix: did you mean 'immutable'?")
                .contains("2 error(s) in " + f + "; nothing was published");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void shouldRefuseAMissingFile() {
        CliRun r = CliRun.run("declare", "-f", "/nonexistent/fleet.yaml", "--validate-only");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("no such file: /nonexistent/fleet.yaml");
    }

    @Test
    void shouldRefuseExemptionsWithoutReasonOrEndBeforeTouchingKafka() {
        CliRun noReason = CliRun.run("exempt", "--node", "smars-8", "--until", "2h", "--bootstrap-server", "127.0.0.1:1");
        assertThat(noReason.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(noReason.err()).contains("refused: --reason is required");
        CliRun blank = CliRun.run("exempt", "--node", "smars-8", "--reason", "   ", "--until", "2h");
        assertThat(blank.err()).contains("refused: --reason is required");
        CliRun unbounded = CliRun.run("exempt", "--node", "smars-8", "--reason", "hotfix during INC-42");
        assertThat(unbounded.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(unbounded.err()).contains("--until is required");
        CliRun tooLong = CliRun.run("exempt", "--node", "smars-8", "--reason", "hotfix during INC-42", "--until", "3d");
        assertThat(tooLong.err()).contains("maximum break-glass window is 1d");
        CliRun both = CliRun.run("exempt", "--end", "ex-1", "--list");
        assertThat(both.exitCode()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void shouldFailWithExitOneAndAHintWhenTheApiIsDown() {
        CliRun r = CliRun.run("status", "--api", "http://127.0.0.1:1");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(r.err()).contains("cannot reach the query API at http://127.0.0.1:1");
    }
}
