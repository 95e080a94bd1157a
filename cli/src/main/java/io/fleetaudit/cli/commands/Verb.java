package io.fleetaudit.cli.commands;

import io.fleetaudit.cli.CliException;
import io.fleetaudit.cli.ExitCodes;
import io.fleetaudit.cli.FleetAuditCli;
import io.fleetaudit.cli.kafka.KafkaClients;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * Base of every verb: gives it stdout/stderr (picocli's, so tests can capture them), the root command's clock and
 * environment, and turns failures into one stderr line and an exit code: {@link CliException} carries its code,
 * Kafka and other runtime errors are 1. Output of {@link #execute()} is the exit code.
 */
abstract class Verb implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    FleetAuditCli root;

    @Override
    public final Integer call() {
        try {
            return execute();
        } catch (CliException e) {
            err().println("fleet-audit " + spec.name() + ": " + e.getMessage());
            return e.exitCode();
        } catch (KafkaException e) {
            err().println("fleet-audit " + spec.name() + ": Kafka error: " + KafkaClients.rootMessage(e));
            return ExitCodes.FAILURE;
        } finally {
            out().flush();
            err().flush();
        }
    }

    protected abstract int execute();

    protected PrintWriter out() {
        return spec.commandLine().getOut();
    }

    protected PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
