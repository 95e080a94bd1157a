package io.fleetaudit.cli.commands;

import io.fleetaudit.agent.AgentMain;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/** {@code fleet-audit agent ...}: runs the host agent; every argument goes to {@link AgentMain#run(String[])} unchanged. */
@Command(name = "agent", description = {"Run the host agent (arguments are the agent's own; 'fleet-audit agent --help' shows them)."},
        footer = {"%nExamples:", "  fleet-audit agent --config /etc/fleet-audit/agent.yaml", "  fleet-audit agent --help"})
public final class AgentCommand implements Callable<Integer> {
    @Unmatched
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
        return AgentMain.run(args.toArray(String[]::new));
    }
}
