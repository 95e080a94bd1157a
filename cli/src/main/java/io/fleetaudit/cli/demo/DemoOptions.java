package io.fleetaudit.cli.demo;

import java.nio.file.Path;

/**
 * Settings of one demo run: how many nodes, how fast the story plays, whether to stay up afterwards,
 * where the embedded broker keeps its data, and which fleet file declares the release.
 */
public record DemoOptions(int nodes, double speed, boolean keepRunning, Path dataDir, Path fleetFile) {

  public DemoOptions {
    if (nodes < 3 || nodes > 1000) {
      throw new IllegalArgumentException("--nodes must be between 3 and 1000, got " + nodes);
    }
    if (!(speed >= 0.1 && speed <= 100)) {
      throw new IllegalArgumentException("--speed must be between 0.1 and 100, got " + speed);
    }
  }
}
