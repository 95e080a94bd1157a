package io.fleetaudit.agent.collect;

import io.fleetaudit.agent.confighash.DigestCache;
import io.fleetaudit.agent.model.Artifact;
import java.io.IOException;
import java.nio.file.Path;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * {@code type: manifest}: a jar's {@code Implementation-Version} (from META-INF/MANIFEST.MF) as the version
 * and the sha256 of the jar file as the digest. A jar without the attribute still reports its digest
 * (version null); an unreadable or corrupt jar is an error. Unchanged jars are not re-read.
 */
public final class ManifestCollector implements ArtifactCollector {
  private final String name;
  private final Path jar;
  private final DigestCache cache = new DigestCache();
  private String cachedDigest;
  private String cachedVersion;

  public ManifestCollector(String name, Path jar) {
    this.name = name;
    this.jar = jar;
  }

  @Override
  public Artifact collect() {
    try {
      String digest = cache.digest(jar);
      if (!digest.equals(cachedDigest)) {
        cachedVersion = readVersion(jar);
        cachedDigest = digest;
      }
      return ArtifactCollector.ok(name, cachedVersion, digest);
    } catch (IOException | RuntimeException e) {
      cachedDigest = null;
      return ArtifactCollector.failed(name, ArtifactCollector.describe(e));
    }
  }

  static String readVersion(Path jar) throws IOException {
    try (JarFile jf = new JarFile(jar.toFile(), false)) {
      Manifest mf = jf.getManifest();
      if (mf == null) {
        return null;
      }
      return mf.getMainAttributes().getValue("Implementation-Version");
    }
  }
}
