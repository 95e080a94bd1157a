package io.fleetaudit.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.util.Map;
import picocli.CommandLine;

/** Runs the CLI in-process the way a user would, capturing stdout, stderr and the exit code. */
public record CliRun(int exitCode, String out, String err) {

    public static CliRun run(Clock clock, Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = new CommandLine(new FleetAuditCli(clock, env, false));
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }

    public static CliRun run(String... args) {
        return run(Clock.systemUTC(), Map.of(), args);
    }
}
