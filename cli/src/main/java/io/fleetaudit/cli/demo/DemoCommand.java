package io.fleetaudit.cli.demo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fleet-audit demo}: runs {@link Demo} in the foreground. Input: the options below. Output: the
 * story on stdout, logs in {@code <data-dir>/demo.log}; exit 0 when the story ends or on Ctrl-C, 2 on a
 * bad option or fleet file, 1 when the embedded stack cannot start.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"Play the Knight Capital story, everything embedded (no Docker, no servers).",
        "One process runs a broker, the schema registry, the streams app and simulated nodes that run the real"
            + " agent code, and prints each alert as it happens."},
    footer = {"%nExamples:", "  fleet-audit demo", "  fleet-audit demo --nodes 20 --speed 2",
        "  fleet-audit demo --keep-running   # then: curl <query API>/api/v1/nodes"})
public final class DemoCommand implements Callable<Integer> {

  @Option(names = "--nodes", defaultValue = "8", description = "Simulated nodes (default: ${DEFAULT-VALUE}).")
  int nodes;

  @Option(names = "--speed", defaultValue = "1.0", description = "Story speed factor; 2 = twice as fast (default: ${DEFAULT-VALUE}).")
  double speed;

  @Option(names = "--keep-running", description = "Stay up after the story (query API, metrics) until Ctrl-C.")
  boolean keepRunning;

  @Option(names = "--data-dir", defaultValue = ".fleet-audit", description = "Where the embedded broker keeps its data (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(names = {"-f", "--fleet-file"}, description = "Fleet file declaring the release (default: examples/knight/fleet.yaml).")
  Path fleetFile;

  @Override
  public Integer call() throws Exception {
    Files.createDirectories(dataDir);
    Path log = dataDir.toAbsolutePath().normalize().resolve("demo.log");
    DemoOptions options;
    try {
      options = new DemoOptions(nodes, speed, keepRunning, dataDir, fleetFile != null ? fleetFile : defaultFleetFile());
    } catch (IllegalArgumentException e) {
      System.err.println("fleet-audit demo: " + e.getMessage());
      return 2;
    }
    if (!Files.isRegularFile(options.fleetFile())) {
      System.err.println("fleet-audit demo: fleet file " + options.fleetFile() + " not found; pass --fleet-file"
          + " (examples/knight/fleet.yaml in the repository)");
      return 2;
    }
    // Keep the story readable: the broker's, streams' and clients' own logs go to a file.
    System.setProperty("org.slf4j.simpleLogger.logFile", log.toString());
    Demo demo = new Demo(options, System.out);
    CountDownLatch done = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      demo.stop();
      try {
        done.await(15, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "fleet-audit-demo-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      demo.run();
      System.out.println("demo finished; logs in " + log);
      return 0;
    } catch (IllegalArgumentException e) {
      System.err.println("fleet-audit demo: " + e.getMessage());
      return 2;
    } catch (RuntimeException e) {
      System.err.println("fleet-audit demo: failed: " + e + " (details in " + log + ")");
      return 1;
    } finally {
      done.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // Ctrl-C: the hook is running and waits for us
      }
    }
  }

  /** The repository's Knight example: next to the launcher (FLEET_AUDIT_HOME) or under the working directory. */
  static Path defaultFleetFile() {
    String home = System.getenv("FLEET_AUDIT_HOME");
    Path rel = Path.of("examples", "knight", "fleet.yaml");
    if (home != null && Files.isRegularFile(Path.of(home).resolve(rel))) {
      return Path.of(home).resolve(rel);
    }
    return rel;
  }
}
