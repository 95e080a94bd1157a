package io.fleetaudit.cli.demo;

import io.fleetaudit.contracts.Artifact;
import io.fleetaudit.contracts.Declaration;
import io.fleetaudit.contracts.Rollout;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The real world behind {@link KnightActions}: declarations published to Kafka and simulated nodes
 * running the agent's code. Input: the fleet file's declaration (the new release with its rollout),
 * the script, the stack's client settings and a directory for the nodes. Output: declarations and
 * heartbeats on the real topics; tables printed from what {@link FleetWatcher} saw.
 */
public final class KnightFleet implements KnightActions, AutoCloseable {

  /** The flag the new release declares; the previous release read the same bit as Power Peg. */
  static final String NEW_FLAG = "rlp";
  static final String OLD_FLAG = "power_peg";

  private final Declaration release;
  private final KnightScript script;
  private final DemoDeclarer declarer;
  private final Supplier<String> table;
  private final java.util.function.BooleanSupplier settled;
  private final java.util.function.Predicate<java.util.Set<String>> reporting;
  private volatile Instant deadline;
  private final PrintStream out;
  private final Clock clock;
  private final Map<String, SimulatedNode> nodes = new LinkedHashMap<>();
  private volatile boolean flagOn;

  public KnightFleet(Declaration release, KnightScript script, DemoDeclarer declarer, Map<String, String> client,
                     Path nodesDir, int nodeCount, Supplier<String> table, java.util.function.BooleanSupplier settled,
                     java.util.function.Predicate<java.util.Set<String>> reporting, PrintStream out, Clock clock) {
    if (release.getRollout() == null || release.getRollout().getPrevious().isEmpty()) {
      throw new IllegalArgumentException("the fleet file must declare a rollout with the previous release");
    }
    this.release = release;
    this.script = script;
    this.declarer = declarer;
    this.table = table;
    this.settled = settled;
    this.reporting = reporting;
    this.out = out;
    this.clock = clock;
    for (int i = 1; i <= nodeCount; i++) {
      String id = script.node(i);
      nodes.put(id, new SimulatedNode(id, nodesDir.resolve(id), client, script.heartbeatInterval()));
    }
  }

  @Override
  public void declareBaseline() {
    Declaration baseline = Declaration.newBuilder(common())
        .setArtifacts(release.getRollout().getPrevious())
        .setRollout(null)
        .setFlags(List.of())
        .setGitCommit("demo0001")
        .build();
    declarer.publish(baseline);
  }

  @Override
  public void declareRollout(Duration window) {
    Instant deadline = clock.instant().plus(window);
    this.deadline = deadline;
    // Canaries are cleared: the demo's deploy replaces nodes one by one after the declaration, so a
    // canary would be (rightly) flagged for the second it still runs the previous release.
    Rollout rollout = Rollout.newBuilder(release.getRollout()).setDeadline(deadline).setCanaries(List.of()).build();
    declarer.publish(Declaration.newBuilder(common()).setRollout(rollout).setGitCommit("demo0002").build());
  }

  private Declaration common() {
    return Declaration.newBuilder(release)
        .setExpectedNodes(nodes.size())
        .setExpectedNodeIds(List.copyOf(nodes.keySet()))
        .setHeartbeatIntervalMs(script.heartbeatInterval().toMillis())
        .setMissedIntervals(script.missedIntervals())
        .setAuthor("ci@knight.example")
        .setDeclaredAt(clock.instant())
        .build();
  }

  @Override
  public void startFleet() {
    nodes.values().parallelStream().forEach(n -> n.boot(imageRef(previous()), previous().getVersion(), flags(false)));
  }

  @Override
  public void replaceWithNewRelease(String nodeId) {
    nodes.get(nodeId).replace(imageRef(current()), current().getVersion(), flags(true));
  }

  @Override
  public void enableRepurposedFlag() {
    flagOn = true;
    for (SimulatedNode n : nodes.values()) {
      if (n.running()) {
        n.setFlags(flags(current().getVersion().equals(n.release())));
      }
    }
  }

  @Override
  public void kill(String nodeId) {
    nodes.get(nodeId).kill();
  }

  @Override
  public void settle() {
    waitFor(settled, Duration.ofSeconds(15));
  }

  @Override
  public void awaitReporting() {
    waitFor(() -> reporting.test(nodes.keySet()), Duration.ofSeconds(60));
  }

  /** The story's own pacing: poll a condition the watcher updates, bounded so the demo never hangs. */
  private static void waitFor(java.util.function.BooleanSupplier condition, Duration max) {
    long end = System.nanoTime() + max.toNanos();
    try {
      while (!condition.getAsBoolean() && System.nanoTime() < end) {
        Thread.sleep(100);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** When the declared rollout window closes, or null before the rollout was declared. */
  public Instant deadline() {
    return deadline;
  }

  @Override
  public void showTable() {
    out.print(table.get());
    out.flush();
  }

  /** The flag file a node's code reads: the same bit, named by the release that reads it. */
  private String flags(boolean newRelease) {
    if (!flagOn) {
      return "{}";
    }
    return newRelease ? "{\"" + NEW_FLAG + "\": \"true\"}" : "{\"" + OLD_FLAG + "\": \"true\"}";
  }

  private Artifact current() {
    return release.getArtifacts().get(0);
  }

  private Artifact previous() {
    return release.getRollout().getPrevious().get(0);
  }

  /** What an orchestrator would hand the node: registry/name:version@digest. */
  static String imageRef(Artifact a) {
    return "registry.knight.example/" + a.getName() + ":" + a.getVersion() + "@" + a.getDigest();
  }

  /** Stops every node that still runs, with its final heartbeat (a planned shutdown). */
  @Override
  public void close() {
    nodes.values().parallelStream().forEach(SimulatedNode::stop);
  }

  /** For tests and the summary: how long the fleet has been given per heartbeat. */
  public Duration interval() {
    return script.heartbeatInterval();
  }
}
