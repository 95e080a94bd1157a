package io.fleetaudit.cli.commands;

import io.fleetaudit.registry.LocalSchemaRegistryMain;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/** {@code fleet-audit registry ...}: runs the local schema registry; arguments go to {@link LocalSchemaRegistryMain#run(String...)}. */
@Command(name = "registry", description = {"Run the local Confluent-compatible schema registry; arguments are the registry's own."},
        footer = {"%nExamples:", "  fleet-audit registry --bootstrap-server localhost:9092 --port 8081", "  fleet-audit registry --help"})
public final class RegistryCommand implements Callable<Integer> {
    @Unmatched
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
        return LocalSchemaRegistryMain.run(args.toArray(String[]::new));
    }
}
