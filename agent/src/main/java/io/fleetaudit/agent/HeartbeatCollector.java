package io.fleetaudit.agent;

import io.fleetaudit.agent.collect.ArtifactCollector;
import io.fleetaudit.agent.collect.Collectors;
import io.fleetaudit.agent.config.AgentConfig;
import io.fleetaudit.agent.config.ArtifactSpec;
import io.fleetaudit.agent.confighash.ConfigHasher;
import io.fleetaudit.agent.confighash.ConfigSnapshot;
import io.fleetaudit.agent.flags.FlagsCollector;
import io.fleetaudit.agent.identity.NodeIdentity;
import io.fleetaudit.agent.model.Artifact;
import io.fleetaudit.agent.model.Heartbeat;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Collects the node's current state into a heartbeat. Input: the config and the resolved identity;
 * output: a {@link Heartbeat} "state" whose sequence is 0, sentAt the epoch and stopping false (the
 * publisher stamps those when sending), so two states compare equal exactly when nothing on the node
 * changed. Never throws for a node-side problem: failing collectors and unreadable files are reported
 * inside the heartbeat. Not thread-safe: call from one thread.
 */
public final class HeartbeatCollector {
  private final AgentConfig config;
  private final NodeIdentity identity;
  private final List<ArtifactCollector> artifacts = new ArrayList<>();
  private final ConfigHasher configHasher;
  private final FlagsCollector flags;
  private final String agentVersion;
  private ConfigSnapshot lastConfig = ConfigSnapshot.NONE;

  public HeartbeatCollector(AgentConfig config, NodeIdentity identity, Map<String, String> env) {
    this.config = config;
    this.identity = identity;
    for (ArtifactSpec s : config.artifacts()) {
      artifacts.add(Collectors.create(s, env));
    }
    this.configHasher = new ConfigHasher(config.configPaths(), config.configExclude(), config.maxFilesReported());
    this.flags = new FlagsCollector(config.flagdFiles(), config.flagFiles(), config.disabledFlags());
    this.agentVersion = agentVersion();
  }

  public Heartbeat collect() {
    List<Artifact> collected = new ArrayList<>(artifacts.size());
    for (ArtifactCollector c : artifacts) {
      collected.add(c.collect());
    }
    lastConfig = configHasher.scan();
    return Heartbeat.newBuilder()
        .setNodeId(identity.nodeId())
        .setInstanceId(identity.instanceId())
        .setBootId(identity.bootId())
        .setHostname(identity.hostname())
        .setService(identity.service())
        .setEnvironment(identity.environment())
        .setLabels(Map.copyOf(identity.labels()))
        .setArtifacts(collected)
        .setConfigHash(configHasher.isEmpty() ? null : lastConfig.configHash())
        .setConfigFiles(lastConfig.reported())
        .setConfigFilesOmitted(lastConfig.omitted())
        .setFlags(flags.collect())
        .setAgentVersion(agentVersion)
        .setSequence(0L)
        .setSentAt(Instant.EPOCH)
        .setIntervalMs(config.interval().toMillis())
        .setStopping(false)
        .build();
  }

  /** Directories whose changes should trigger an immediate collection. */
  public Set<Path> directoriesToWatch() {
    Set<Path> dirs = new LinkedHashSet<>(configHasher.directoriesToWatch());
    for (Path f : flags.files()) {
      addParent(dirs, f);
    }
    for (ArtifactSpec s : config.artifacts()) {
      if (s.path() != null) {
        addParent(dirs, s.path());
      }
    }
    return dirs;
  }

  private static void addParent(Set<Path> dirs, Path f) {
    Path parent = f.toAbsolutePath().getParent();
    if (parent != null && java.nio.file.Files.isDirectory(parent)) {
      dirs.add(parent);
    }
  }

  public ConfigSnapshot lastConfig() {
    return lastConfig;
  }

  /** Files read from disk so far (cache misses of the config hasher). */
  public long configFilesRead() {
    return configHasher.filesRead();
  }

  public FlagsCollector flags() {
    return flags;
  }

  static String agentVersion() {
    String v = HeartbeatCollector.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
