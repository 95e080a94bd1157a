package io.fleetaudit.cli.demo;

import io.fleetaudit.cli.fleetfile.DeclaredService;
import io.fleetaudit.cli.fleetfile.FleetFile;
import io.fleetaudit.cli.fleetfile.FleetFileParser;
import io.fleetaudit.contracts.Alert;
import io.fleetaudit.contracts.AlertStatus;
import io.fleetaudit.contracts.Declaration;
import io.fleetaudit.testkit.Directories;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * {@code fleet-audit demo}: the Knight Capital story, everything embedded in one process. Input:
 * {@link DemoOptions} and where to print. Output: the story with timestamps, each alert as the streams
 * app emits it, fleet tables, and a {@link Result} (every alert seen, in order) for tests. Runs until
 * the story ends, or with {@code keepRunning} until {@link #stop()} (Ctrl-C).
 */
public final class Demo {

  /** What the demo saw: every alert event in the order it was consumed, and when the deadline fell. */
  public record Result(List<Alert> alerts, Instant start, Instant deadline, String straggler, String victim) {
  }

  private final DemoOptions options;
  private final PrintStream out;
  private final Clock clock = Clock.systemUTC();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile boolean stopRequested;

  public Demo(DemoOptions options, PrintStream out) {
    this.options = options;
    this.out = out;
  }

  /** Ends the demo early (Ctrl-C) or ends --keep-running. */
  public void stop() {
    stopRequested = true;
    stopped.countDown();
  }

  public Result run() throws IOException, InterruptedException {
    Declaration release = loadRelease(options.fleetFile());
    KnightScript script = new KnightScript(options.nodes(), options.speed(), release.getService());
    Path data = options.dataDir().toAbsolutePath().normalize();
    resetDemoData(data);

    out.printf("fleet-audit demo: the Knight Capital straggler, %d nodes of %s/%s, speed %s%n",
        options.nodes(), release.getEnvironment(), release.getService(), trim(options.speed()));
    out.printf("starting the embedded broker, schema registry and streams app (data in %s)…%n", data);
    long t0 = System.nanoTime();
    try (DemoStack stack = DemoStack.start(data, script.heartbeatInterval().dividedBy(4))) {
      out.printf("stack up in %.1f s%n", (System.nanoTime() - t0) / 1e9);
      out.println("  bootstrap servers : " + stack.bootstrapServers());
      out.println("  schema registry   : " + stack.registryUrl());
      out.println("  query API         : " + stack.queryUrl() + "/api/v1/nodes   (also /api/v1/services, /api/v1/alerts)");
      out.println("  metrics           : " + stack.metricsUrl());
      out.println();
      Instant start = clock.instant();
      try (DemoDeclarer declarer = new DemoDeclarer(stack.topics().declarations(), stack.clientConfig());
           FleetWatcher watcher = new FleetWatcher(stack.topics(), stack.clientConfig(),
               a -> printAlert(a, start))) {
        KnightFleet fleet = new KnightFleet(release, script, declarer, stack.clientConfig(), data.resolve("nodes"),
            options.nodes(), () -> FleetTable.render(watcher.statuses().values(), clock.instant()),
            () -> resolved(watcher.alerts(), script.straggler()),
            ids -> watcher.statuses().keySet().containsAll(ids), out, clock);
        try {
          play(script, fleet, start);
          if (options.keepRunning() && !stopRequested) {
            out.println("running on; press Ctrl-C to stop. Meanwhile, from another terminal:");
            out.println("  ./fleet-audit status --api " + stack.queryUrl());
            out.println("  ./fleet-audit alerts --api " + stack.queryUrl());
            out.println("  ./fleet-audit audit --service " + release.getService() + " --since 10m --bootstrap-server "
                + stack.bootstrapServers() + " --schema-registry " + stack.registryUrl());
            stopped.await();
          }
        } finally {
          fleet.close();
        }
        Result result = new Result(watcher.alerts(), start, fleet.deadline(), script.straggler(), script.victim());
        summary(result);
        return result;
      }
    }
  }

  private void play(KnightScript script, KnightActions fleet, Instant start) throws InterruptedException {
    Duration shift = Duration.ZERO;
    for (KnightScript.Step step : script.steps()) {
      Instant at = start.plus(step.at()).plus(shift);
      Duration wait = Duration.between(clock.instant(), at);
      // The story's own pace (not a wait for a result): stopped.await doubles as an interruptible sleep.
      if (!wait.isNegative() && stopped.await(wait.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
        return;
      }
      if (stopRequested) {
        return;
      }
      synchronized (out) {
        out.println(AlertLine.clock(Duration.between(start, clock.instant())) + " ── " + step.narration());
      }
      Instant began = clock.instant();
      step.action().accept(fleet);
      if (step.gate()) {
        shift = shift.plus(Duration.between(began, clock.instant()));
      }
    }
  }

  /** The story's last change has been seen: the straggler's artifact drift resolved. */
  static boolean resolved(List<Alert> alerts, String straggler) {
    return alerts.stream().anyMatch(a -> a.getStatus() == AlertStatus.RESOLVED && a.getRule().equals("ARTIFACT_DRIFT")
        && straggler.equals(a.getSubject()));
  }

  private void printAlert(Alert a, Instant start) {
    synchronized (out) {
      out.println(AlertLine.format(a, Duration.between(start, clock.instant())));
      out.flush();
    }
  }

  private void summary(Result r) {
    out.println();
    Alert drift = r.alerts().stream()
        .filter(a -> a.getStatus() == AlertStatus.FIRING && a.getRule().equals("ARTIFACT_DRIFT")
            && r.straggler().equals(a.getSubject()))
        .findFirst().orElse(null);
    if (drift != null && r.deadline() != null) {
      double after = Duration.between(r.deadline(), drift.getEmittedAt()).toMillis() / 1000.0;
      out.printf(Locale.ROOT, "%s, the straggler, was flagged %.1f s after the rollout deadline."
          + " Knight Capital found out after 45 minutes and $440 million.%n", r.straggler(), Math.max(0, after));
    }
    long firing = r.alerts().stream().filter(a -> a.getStatus() == AlertStatus.FIRING).count();
    long resolved = r.alerts().stream().filter(a -> a.getStatus() == AlertStatus.RESOLVED).count();
    out.printf("%d alerts fired, %d resolved (run with --keep-running to query the stack afterwards).%n", firing,
        resolved);
  }

  /** The fleet file's one declaration (the new release with its rollout). */
  static Declaration loadRelease(Path fleetFile) throws IOException {
    FleetFile file = new FleetFileParser(Clock.systemUTC()).parse(fleetFile);
    if (file.hasErrors()) {
      throw new IllegalArgumentException(fleetFile + " is invalid: " + file.errors());
    }
    List<DeclaredService> services = file.services();
    if (services.isEmpty()) {
      throw new IllegalArgumentException(fleetFile + " declares no service");
    }
    return services.get(0).template();
  }

  /** Each run starts from an empty broker so the story (and its alerts) is the same every time. */
  static void resetDemoData(Path data) {
    for (String sub : List.of("kafka", "streams", "nodes")) {
      Path p = data.resolve(sub);
      try {
        Directories.deleteRecursively(p);
      } catch (UncheckedIOException e) {
        throw new UncheckedIOException("cannot clear the previous demo data in " + p, e.getCause());
      }
    }
  }

  private static String trim(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }
}
