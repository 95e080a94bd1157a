package io.fleetaudit.cli.commands;

import io.fleetaudit.streams.StreamsMain;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/** {@code fleet-audit streams ...}: runs the detection app; every argument goes to {@link StreamsMain#run(String[])} unchanged. */
@Command(name = "streams", description = {"Run the detection streams app (and its query API); arguments are the app's own."},
        footer = {"%nExamples:", "  fleet-audit streams --config streams.properties", "  fleet-audit streams --config streams.properties --set fleet.query.port=8088"})
public final class StreamsCommand implements Callable<Integer> {
    @Unmatched
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
        return StreamsMain.run(args.toArray(String[]::new));
    }
}
