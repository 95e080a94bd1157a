package io.fleetaudit.agent.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One entry of the {@code artifacts:} list: which collector to run ({@link #type}) and its settings.
 * Input: the validated YAML entry (or code, for the in-process demo); output: read by
 * {@link io.fleetaudit.agent.collect.Collectors} to build the collector. Unused settings are null.
 *
 * @param type     collector type: file, version-file, image, manifest, command
 * @param name     logical artifact name reported in the heartbeat (the join key with declarations)
 * @param path     file/directory (file, version-file, manifest) or digest file (image)
 * @param env      environment variable holding the image reference (image)
 * @param regex    optional pattern; group 1 (or the whole match) is the version (version-file, command)
 * @param command  argv of the command, executed without a shell (command)
 * @param timeout  how long the command may run (command)
 * @param version  optional fixed version string reported next to the digest (file, image)
 */
public record ArtifactSpec(String type, String name, Path path, String env, String regex,
                           List<String> command, Duration timeout, String version) {

  public static final List<String> TYPES = List.of("file", "version-file", "image", "manifest", "command");

  public ArtifactSpec {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(name, "name");
    command = command == null ? List.of() : List.copyOf(command);
    timeout = timeout == null ? Duration.ofSeconds(5) : timeout;
  }

  public static ArtifactSpec file(String name, Path path) {
    return new ArtifactSpec("file", name, path, null, null, null, null, null);
  }

  public static ArtifactSpec versionFile(String name, Path path, String regex) {
    return new ArtifactSpec("version-file", name, path, null, regex, null, null, null);
  }

  public static ArtifactSpec imageFromEnv(String name, String env) {
    return new ArtifactSpec("image", name, null, env, null, null, null, null);
  }

  public static ArtifactSpec imageFromFile(String name, Path file) {
    return new ArtifactSpec("image", name, file, null, null, null, null, null);
  }

  public static ArtifactSpec manifest(String name, Path jar) {
    return new ArtifactSpec("manifest", name, jar, null, null, null, null, null);
  }

  public static ArtifactSpec command(String name, List<String> argv, Duration timeout, String regex) {
    return new ArtifactSpec("command", name, null, null, regex, argv, timeout, null);
  }
}
