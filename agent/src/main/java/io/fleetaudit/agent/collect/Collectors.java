package io.fleetaudit.agent.collect;

import io.fleetaudit.agent.config.ArtifactSpec;
import java.util.Map;

/** Builds the collector for one {@code artifacts:} entry. Input: a validated spec; output: a collector. */
public final class Collectors {
  private Collectors() {
  }

  public static ArtifactCollector create(ArtifactSpec s, Map<String, String> env) {
    return switch (s.type()) {
      case "file" -> new FileCollector(s.name(), s.path(), s.version());
      case "version-file" -> new VersionFileCollector(s.name(), s.path(), s.regex());
      case "image" -> new ImageCollector(s.name(), s.env(), s.path(), env);
      case "manifest" -> new ManifestCollector(s.name(), s.path());
      case "command" -> new CommandCollector(s.name(), s.command(), s.timeout(), s.regex());
      default -> throw new IllegalArgumentException("unknown collector type " + s.type());
    };
  }
}
