package io.fleetaudit.agent.collect;

import io.fleetaudit.agent.confighash.Digests;
import io.fleetaudit.agent.model.Artifact;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code type: version-file}: a version string read from a small file (e.g. /opt/app/VERSION), optionally
 * extracted with a regex (group 1, else the whole match; without a regex, the first non-blank line).
 * The digest is the sha256 of the file content, so it identifies the version file, not the binary.
 */
public final class VersionFileCollector implements ArtifactCollector {
  /** Version files are tiny; refuse to load something huge by mistake. */
  static final long MAX_BYTES = 1 << 20;

  private final String name;
  private final Path path;
  private final Pattern regex;

  public VersionFileCollector(String name, Path path, String regex) {
    this.name = name;
    this.path = path;
    this.regex = regex == null ? null : Pattern.compile(regex);
  }

  @Override
  public Artifact collect() {
    try {
      if (Files.size(path) > MAX_BYTES) {
        return ArtifactCollector.failed(name, path + " is larger than " + MAX_BYTES + " bytes");
      }
      byte[] bytes = Files.readAllBytes(path);
      String text = new String(bytes, StandardCharsets.UTF_8);
      String version = extract(regex, text);
      if (version == null) {
        return ArtifactCollector.failed(name, "no version in " + path
            + (regex == null ? " (file is empty)" : " matching /" + regex.pattern() + "/"));
      }
      return ArtifactCollector.ok(name, version, Digests.of(bytes));
    } catch (IOException | RuntimeException e) {
      return ArtifactCollector.failed(name, ArtifactCollector.describe(e));
    }
  }

  /** Group 1 of the first match (or the whole match), else the first non-blank line; null if none. */
  static String extract(Pattern regex, String text) {
    if (regex != null) {
      Matcher m = regex.matcher(text);
      if (!m.find()) {
        return null;
      }
      String v = m.groupCount() >= 1 && m.group(1) != null ? m.group(1) : m.group();
      return v.trim();
    }
    for (String line : text.split("\\R")) {
      if (!line.isBlank()) {
        return line.trim();
      }
    }
    return null;
  }
}
