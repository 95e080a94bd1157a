package io.fleetaudit.agent.identity;

import io.fleetaudit.agent.config.AgentConfig;
import io.fleetaudit.agent.config.InvalidConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Resolves the node's identity. Input: config and environment; output: a {@link NodeIdentity}.
 * <ul>
 *   <li>node id: {@code node.id}, else {@code <hostname>-<first 12 chars of /etc/machine-id>}
 *       (hostname alone is not unique across clones; machine id alone is unreadable for humans);</li>
 *   <li>instance id: {@code node.instance-id}, else the content of {@code node.instance-id-file}, else the
 *       variable named by {@code node.instance-id-env}, else the machine id;</li>
 *   <li>boot id: {@code /proc/sys/kernel/random/boot_id} ("unknown" when unavailable);</li>
 *   <li>hostname: {@code /proc/sys/kernel/hostname}, else {@code $HOSTNAME} (no DNS lookup).</li>
 * </ul>
 * Fails with an {@link InvalidConfigException} (exit code 2) when no node id can be derived.
 */
public final class IdentityResolver {
  private final Map<String, String> env;

  public IdentityResolver(Map<String, String> env) {
    this.env = env;
  }

  public NodeIdentity resolve(AgentConfig c) {
    String hostname = firstLine(c.hostnameFile());
    if (hostname == null) {
      hostname = env.get("HOSTNAME");
    }
    String machineId = firstLine(c.machineIdFile());
    String nodeId = c.nodeId();
    if (nodeId == null || nodeId.isBlank()) {
      if (machineId == null) {
        throw new InvalidConfigException("node.id", "is not set and cannot be derived: " + c.machineIdFile()
            + " is unreadable; set node.id or " + io.fleetaudit.agent.config.AgentConfigLoader.envName("node.id"));
      }
      String shortId = machineId.substring(0, Math.min(12, machineId.length()));
      nodeId = hostname == null ? shortId : hostname + "-" + shortId;
    }
    String instanceId = c.instanceId();
    if (blank(instanceId) && c.instanceIdFile() != null) {
      instanceId = firstLine(c.instanceIdFile());
      if (instanceId == null) {
        throw new InvalidConfigException("node.instance-id-file", "cannot read '" + c.instanceIdFile()
            + "'; allowed: a readable file whose first line is the instance id");
      }
    }
    if (blank(instanceId) && c.instanceIdEnv() != null) {
      instanceId = env.get(c.instanceIdEnv());
      if (blank(instanceId)) {
        throw new InvalidConfigException("node.instance-id-env", "variable '" + c.instanceIdEnv()
            + "' is not set; allowed: the name of a set environment variable");
      }
    }
    if (blank(instanceId)) {
      instanceId = machineId != null ? machineId : nodeId;
    }
    String bootId = firstLine(c.bootIdFile());
    return new NodeIdentity(nodeId, instanceId.trim(), bootId == null ? "unknown" : bootId, hostname,
        c.service(), c.environment(), c.labels());
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  /** First non-blank line of a small file, trimmed; null if unreadable or empty. */
  static String firstLine(Path file) {
    if (file == null) {
      return null;
    }
    try {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (!line.isBlank()) {
          return line.trim();
        }
      }
      return null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
