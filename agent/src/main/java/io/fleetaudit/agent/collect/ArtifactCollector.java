package io.fleetaudit.agent.collect;

import io.fleetaudit.agent.model.Artifact;

/**
 * Collects one artifact the node runs. Input: its {@link io.fleetaudit.agent.config.ArtifactSpec};
 * output: {name, version, digest}, or an Artifact with {@code error} set and no digest. Implementations
 * never throw: a failing collector must not stop the heartbeat.
 */
public interface ArtifactCollector {
  Artifact collect();

  static Artifact failed(String name, String error) {
    return new Artifact(name, null, null, error);
  }

  static Artifact ok(String name, String version, String digest) {
    return new Artifact(name, version, digest, null);
  }

  static String describe(Exception e) {
    if (e instanceof java.nio.file.NoSuchFileException n) {
      return "missing: " + n.getFile();
    }
    if (e instanceof java.nio.file.AccessDeniedException a) {
      return "permission denied: " + a.getFile();
    }
    String m = e.getMessage();
    return m == null ? e.getClass().getSimpleName() : m;
  }
}
