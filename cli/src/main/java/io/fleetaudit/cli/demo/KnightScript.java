package io.fleetaudit.cli.demo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The Knight Capital story as a timeline. Input: the number of nodes, the speed factor and the
 * service's node-id prefix. Output: the ordered {@link Step}s (offset from start, narration, action on
 * {@link KnightActions}). At speed 1 it lasts about 40 s; every offset is divided by the speed.
 *
 * Detection-sensitive gaps have floors in real time (see {@code MIN_*}), so high speeds stay honest.
 *
 * <p>Nodes are {@code <prefix>-1..N}; the last one is the straggler (Knight's 8th server) and the
 * middle one is killed late in the story, so NODE_MISSING is shown on a node that was otherwise fine.
 */
public final class KnightScript {

  /**
   * One timed step of the story. A {@code gate} step may wait for the pipeline; the time it takes is
   * added to every later step, so the story keeps its pace after it.
   */
  public record Step(Duration at, String narration, Consumer<KnightActions> action, boolean gate) {
    Step(Duration at, String narration, Consumer<KnightActions> action) {
      this(at, narration, action, false);
    }
  }

  /** Baseline offsets at speed 1, in milliseconds. */
  static final long DECLARE_ROLLOUT_MS = 5_000;
  static final long FIRST_UPGRADE_MS = 6_000;
  static final long UPGRADE_SPACING_MS = 1_000;
  static final long DEADLINE_AFTER_LAST_UPGRADE_MS = 6_000;
  static final long FLAG_AFTER_DEADLINE_MS = 2_000;
  static final long KILL_AFTER_FLAG_MS = 4_000;
  static final long FIX_AFTER_KILL_MS = 11_000;
  static final long END_AFTER_FIX_MS = 4_000;

  static final int MISSED_INTERVALS = 5;
  /** Floors (ms) for the gaps detection needs, whatever the speed: a replaced node's state must have
   *  reached the streams app before the deadline; a killed node needs the missing threshold. */
  static final long MIN_DEADLINE_GAP_MS = 5_000;
  static final long MIN_FLAG_GAP_MS = 1_500;
  static final long MIN_KILL_TO_FIX_MS = MISSED_INTERVALS * 1_000 + 6_000;
  static final long MIN_FIX_TO_END_MS = 3_000;

  private final int nodes;
  private final double speed;
  private final String prefix;

  public KnightScript(int nodes, double speed, String prefix) {
    if (nodes < 3) {
      throw new IllegalArgumentException("--nodes must be at least 3 (a straggler, a node to kill and the rest)");
    }
    if (!(speed > 0)) {
      throw new IllegalArgumentException("--speed must be > 0");
    }
    this.nodes = nodes;
    this.speed = speed;
    this.prefix = prefix;
  }

  public String straggler() {
    return node(nodes);
  }

  public String victim() {
    return node((nodes + 1) / 2);
  }

  public String node(int i) {
    return prefix + "-" + i;
  }

  /**
   * The heartbeat interval of the simulated agents: 1 s whatever the speed. The speed shortens the
   * story's pauses, not the time detection needs, so a faster story does not turn into false alarms.
   */
  public Duration heartbeatInterval() {
    return Duration.ofSeconds(1);
  }

  /** Missed intervals before a node is MISSING (declared for the demo's service). */
  public int missedIntervals() {
    return MISSED_INTERVALS;
  }

  /** When the rollout deadline falls, as an offset from the start. */
  public Duration deadlineOffset() {
    return Duration.ofMillis(deadlineMs());
  }

  /** Total length of the story. */
  public Duration length() {
    return Duration.ofMillis(endMs());
  }

  public List<Step> steps() {
    List<Step> steps = new ArrayList<>();
    Duration window = deadlineOffset().minus(scaled(DECLARE_ROLLOUT_MS));
    steps.add(new Step(Duration.ZERO, "CI declares " + prefix + " on the previous release; " + nodes
        + " nodes start on it", a -> {
          a.declareBaseline();
          a.startFleet();
        }));
    steps.add(new Step(scaled(DECLARE_ROLLOUT_MS - 1_000), "fleet before the release", a -> {
      a.awaitReporting();
      a.showTable();
    }, true));
    steps.add(new Step(scaled(DECLARE_ROLLOUT_MS), "CI declares the new release (examples/knight/fleet.yaml),"
        + " previous allowed until the deadline at +" + seconds(deadlineOffset()), a -> a.declareRollout(window)));
    for (int i = 1; i < nodes; i++) {
      String id = node(i);
      steps.add(new Step(scaled(FIRST_UPGRADE_MS + (i - 1) * UPGRADE_SPACING_MS), id
          + " replaced by a new instance on the new release", a -> a.replaceWithNewRelease(id)));
    }
    steps.add(new Step(deadlineOffset().minusSeconds(1), (nodes - 1) + " of " + nodes
        + " upgraded; " + straggler() + " was missed by the deploy script", KnightActions::showTable));
    steps.add(new Step(deadlineOffset(), "rollout deadline passed: the previous release is no longer allowed",
        a -> { }));
    steps.add(new Step(Duration.ofMillis(flagMs()), "market open: the repurposed flag is switched on fleet-wide",
        KnightActions::enableRepurposedFlag));
    steps.add(new Step(Duration.ofMillis(killMs() - 500), "fleet after the deadline",
        KnightActions::showTable));
    steps.add(new Step(Duration.ofMillis(killMs()), victim() + " loses power (no final heartbeat)",
        a -> a.kill(victim())));
    steps.add(new Step(Duration.ofMillis(fixMs()), straggler() + " replaced by a new instance on the new release",
        a -> a.replaceWithNewRelease(straggler())));
    steps.add(new Step(Duration.ofMillis(endMs()), "final state", a -> {
      a.settle();
      a.showTable();
    }, true));
    return steps;
  }

  /** Offsets in ms after speed scaling, with the floors applied. */
  private long lastUpgradeMs() {
    return FIRST_UPGRADE_MS + (nodes - 2) * UPGRADE_SPACING_MS;
  }

  private long deadlineMs() {
    return scaled(lastUpgradeMs()).toMillis() + floor(DEADLINE_AFTER_LAST_UPGRADE_MS, MIN_DEADLINE_GAP_MS);
  }

  private long flagMs() {
    return deadlineMs() + floor(FLAG_AFTER_DEADLINE_MS, MIN_FLAG_GAP_MS);
  }

  private long killMs() {
    return flagMs() + floor(KILL_AFTER_FLAG_MS, MIN_FLAG_GAP_MS);
  }

  private long fixMs() {
    return killMs() + floor(FIX_AFTER_KILL_MS, MIN_KILL_TO_FIX_MS);
  }

  private long endMs() {
    return fixMs() + floor(END_AFTER_FIX_MS, MIN_FIX_TO_END_MS);
  }

  private long floor(long baseMs, long minMs) {
    return Math.max(scaled(baseMs).toMillis(), minMs);
  }

  private Duration scaled(long ms) {
    return Duration.ofMillis(Math.round(ms / speed));
  }

  private static String seconds(Duration d) {
    return String.format(java.util.Locale.ROOT, "%.0fs", d.toMillis() / 1000.0);
  }
}
