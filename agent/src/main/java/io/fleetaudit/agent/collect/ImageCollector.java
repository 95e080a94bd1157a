package io.fleetaudit.agent.collect;

import io.fleetaudit.agent.model.Artifact;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code type: image}: the container image digest, from an environment variable or a file the
 * orchestrator sets (e.g. Kubernetes downward API or an entrypoint writing {@code $IMAGE}). Accepts a
 * bare digest ({@code sha256:<hex>}) or a reference ({@code registry/app:1.2@sha256:<hex>}); the tag,
 * if any, becomes the version. A reference without a digest is an error: a tag is not an identity.
 */
public final class ImageCollector implements ArtifactCollector {
  private static final Pattern REF = Pattern.compile(
      "^(?:(?<repo>[^@\\s]+?)(?::(?<tag>[\\w][\\w.-]{0,127}))?@)?(?<digest>[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-fA-F0-9]{32,})$");

  private final String name;
  private final String envVar;
  private final Path file;
  private final Map<String, String> env;

  public ImageCollector(String name, String envVar, Path file, Map<String, String> env) {
    this.name = name;
    this.envVar = envVar;
    this.file = file;
    this.env = env;
  }

  @Override
  public Artifact collect() {
    String raw;
    String source;
    if (envVar != null) {
      raw = env.get(envVar);
      source = "environment variable " + envVar;
      if (raw == null || raw.isBlank()) {
        return ArtifactCollector.failed(name, source + " is not set");
      }
    } else {
      source = file.toString();
      try {
        raw = Files.readString(file, StandardCharsets.UTF_8);
      } catch (IOException e) {
        return ArtifactCollector.failed(name, ArtifactCollector.describe(e));
      }
    }
    String ref = raw.trim();
    Matcher m = REF.matcher(ref);
    if (!m.matches()) {
      return ArtifactCollector.failed(name, source + " holds '" + abbreviate(ref)
          + "', not an image digest (sha256:<hex> or repo[:tag]@sha256:<hex>)");
    }
    String digest = m.group("digest");
    int colon = digest.indexOf(':');
    digest = digest.substring(0, colon + 1) + digest.substring(colon + 1).toLowerCase(java.util.Locale.ROOT);
    return ArtifactCollector.ok(name, m.group("tag"), digest);
  }

  private static String abbreviate(String s) {
    return s.length() <= 120 ? s : s.substring(0, 117) + "...";
  }
}
