package io.fleetaudit.agent.collect;

import io.fleetaudit.agent.confighash.ConfigHasher;
import io.fleetaudit.agent.confighash.ConfigSnapshot;
import io.fleetaudit.agent.confighash.DigestCache;
import io.fleetaudit.agent.model.Artifact;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code type: file}: sha256 of a binary or jar, or of a directory tree. A tree's digest uses the config
 * hash encoding (see {@link ConfigHasher}) over the files under it; it fails when any file is
 * unreadable, since a partial digest would look like drift. Unchanged files are not re-read.
 */
public final class FileCollector implements ArtifactCollector {
  private final String name;
  private final Path path;
  private final String version;
  private final DigestCache cache = new DigestCache();
  private ConfigHasher tree;

  public FileCollector(String name, Path path, String version) {
    this.name = name;
    this.path = path;
    this.version = version;
  }

  @Override
  public Artifact collect() {
    try {
      if (Files.isDirectory(path)) {
        if (tree == null) {
          tree = new ConfigHasher(List.of(path.toString()), List.of(), 0, cache);
        }
        ConfigSnapshot s = tree.scan();
        if (s.unreadable() > 0) {
          return ArtifactCollector.failed(name, "unreadable files under " + path);
        }
        return ArtifactCollector.ok(name, version, s.configHash());
      }
      return ArtifactCollector.ok(name, version, cache.digest(path));
    } catch (IOException | RuntimeException e) {
      return ArtifactCollector.failed(name, ArtifactCollector.describe(e));
    }
  }
}
