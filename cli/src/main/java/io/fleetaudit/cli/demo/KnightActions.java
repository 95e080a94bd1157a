package io.fleetaudit.cli.demo;

import java.time.Duration;

/**
 * What the Knight script can do to the world: declare, replace, flip flags, kill. Implemented by the
 * real demo (Kafka, simulated nodes running the agent's code) and by a recorder in unit tests, so the
 * story's order and timing are tested without a broker.
 */
public interface KnightActions {

  /** Publishes the declaration every node starts under: the previous release, no rollout. */
  void declareBaseline();

  /** Publishes the fleet file's declaration (the new release) with its rollout deadline {@code window} from now. */
  void declareRollout(Duration window);

  /** Starts every node on the previous release. */
  void startFleet();

  /** Replaces a node with a fresh instance running the new release (immutable: replace, don't patch). */
  void replaceWithNewRelease(String nodeId);

  /**
   * Switches the repurposed flag on fleet-wide: new-release nodes read it as the declared flag, a node still
   * on the previous release reads the same bit under its old meaning (Knight's Power Peg).
   */
  void enableRepurposedFlag();

  /** Kills a node's agent without its final "stopping" heartbeat, as a crash or a pulled plug would. */
  void kill(String nodeId);

  /** Waits, bounded, until the streams app has caught up with the story's last change. */
  void settle();

  /**
   * Waits, bounded, until the streams app reports every node: the pipeline is warm. The story's clock
   * stops meanwhile, so a slow start (a busy laptop) does not eat into the rollout window.
   */
  void awaitReporting();

  /** Prints the fleet table as the streams app currently sees it. */
  void showTable();
}
