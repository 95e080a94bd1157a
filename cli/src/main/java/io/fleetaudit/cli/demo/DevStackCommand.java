package io.fleetaudit.cli.demo;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fleet-audit dev-stack}: broker + schema registry in the foreground until Ctrl-C. Output: the
 * {@code bootstrap.servers=} and {@code schema.registry.url=} lines (also written to
 * {@code <data-dir>/client.properties}) for agents, {@code fleet-audit streams} and the other verbs; the
 * broker's and registry's logs go to {@code <data-dir>/dev-stack.log}.
 */
@Command(name = "dev-stack", mixinStandardHelpOptions = true,
    description = {"Run a local Kafka broker and schema registry in the foreground.",
        "For real agent and streams processes on this machine; data is kept in --data-dir across restarts."},
    footer = {"%nExamples:", "  fleet-audit dev-stack",
        "  fleet-audit streams --config streams.properties   # bootstrap.servers / schema.registry.url as printed",
        "  fleet-audit declare -f examples/knight/fleet.yaml --command-config .fleet-audit/dev-stack/client.properties"})
public final class DevStackCommand implements Callable<Integer> {

  @Option(names = "--port", defaultValue = "9092", description = "Broker port; 0 = any free port (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--registry-port", defaultValue = "8081", description = "Schema registry port; 0 = any free port (default: ${DEFAULT-VALUE}).")
  int registryPort;

  @Option(names = "--data-dir", defaultValue = ".fleet-audit/dev-stack", description = "Broker data directory (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Override
  public Integer call() throws Exception {
    long t0 = System.nanoTime();
    java.nio.file.Files.createDirectories(dataDir);
    Path log = dataDir.toAbsolutePath().normalize().resolve("dev-stack.log");
    // The foreground shows the URLs; the broker's and registry's own logs go to a file.
    System.setProperty("org.slf4j.simpleLogger.logFile", log.toString());
    CountDownLatch stop = new CountDownLatch(1);
    CountDownLatch closed = new CountDownLatch(1);
    DevStack stack;
    try {
      stack = DevStack.start(dataDir, port, registryPort);
    } catch (RuntimeException e) {
      System.err.println("fleet-audit dev-stack: cannot start: " + e.getMessage()
          + (port != 0 ? " (is port " + port + " or " + registryPort + " in use? try --port 0 --registry-port 0)" : ""));
      return 1;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      stop.countDown();
      try {
        closed.await(15, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "fleet-audit-dev-stack-stop"));
    try (stack) {
      System.out.printf("fleet-audit dev-stack up in %.1f s (data in %s)%n", (System.nanoTime() - t0) / 1e9,
          dataDir.toAbsolutePath());
      System.out.println("bootstrap.servers=" + stack.bootstrapServers());
      System.out.println("schema.registry.url=" + stack.registryUrl());
      System.out.println("client properties: " + stack.clientProperties().toAbsolutePath());
      System.out.println("logs: " + log);
      if (!stack.createdTopics().isEmpty()) {
        System.out.println("created topics: " + String.join(", ", stack.createdTopics()));
      }
      System.out.println("press Ctrl-C to stop");
      System.out.flush();
      stop.await();
      System.out.println("stopping dev-stack");
      return 0;
    } finally {
      closed.countDown();
    }
  }
}
