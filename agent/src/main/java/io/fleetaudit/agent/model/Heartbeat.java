package io.fleetaudit.agent.model;

import io.fleetaudit.schemas.topics.HeartbeatPartitioner;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the agent sends: the fields of the Avro {@code Heartbeat} record (schemas/src/main/avro/Heartbeat.avsc)
 * in schema order, except {@code signature}, which the agent always sends as null. Input: the collected
 * state, built with {@link #newBuilder()} (setters named like the generated builder's); output: the value
 * {@link HeartbeatEncoder} writes. Immutable; equal exactly when every field is equal, which is how the
 * agent detects "nothing changed". Why not the generated class: see {@link Artifact}.
 */
public record Heartbeat(String nodeId, String instanceId, String bootId, String hostname, String service,
                        String environment, Map<String, String> labels, List<Artifact> artifacts, String configHash,
                        List<ConfigFile> configFiles, int configFilesOmitted, Map<String, String> flags,
                        String agentVersion, long sequence, Instant sentAt, long intervalMs, boolean stopping)
    implements HeartbeatPartitioner.Placed {

  public Heartbeat {
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(instanceId, "instanceId");
    Objects.requireNonNull(bootId, "bootId");
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(environment, "environment");
    Objects.requireNonNull(agentVersion, "agentVersion");
    Objects.requireNonNull(sentAt, "sentAt");
    labels = Objects.requireNonNull(labels, "labels");
    artifacts = Objects.requireNonNull(artifacts, "artifacts");
    configFiles = Objects.requireNonNull(configFiles, "configFiles");
    flags = Objects.requireNonNull(flags, "flags");
  }

  public static Builder newBuilder() {
    return new Builder();
  }

  public static Builder newBuilder(Heartbeat from) {
    Builder b = new Builder();
    b.nodeId = from.nodeId;
    b.instanceId = from.instanceId;
    b.bootId = from.bootId;
    b.hostname = from.hostname;
    b.service = from.service;
    b.environment = from.environment;
    b.labels = from.labels;
    b.artifacts = from.artifacts;
    b.configHash = from.configHash;
    b.configFiles = from.configFiles;
    b.configFilesOmitted = from.configFilesOmitted;
    b.flags = from.flags;
    b.agentVersion = from.agentVersion;
    b.sequence = from.sequence;
    b.sentAt = from.sentAt;
    b.intervalMs = from.intervalMs;
    b.stopping = from.stopping;
    return b;
  }

  public String getNodeId() {
    return nodeId;
  }

  public String getInstanceId() {
    return instanceId;
  }

  public String getBootId() {
    return bootId;
  }

  public String getHostname() {
    return hostname;
  }

  public String getService() {
    return service;
  }

  public String getEnvironment() {
    return environment;
  }

  public Map<String, String> getLabels() {
    return labels;
  }

  public List<Artifact> getArtifacts() {
    return artifacts;
  }

  public String getConfigHash() {
    return configHash;
  }

  public List<ConfigFile> getConfigFiles() {
    return configFiles;
  }

  public int getConfigFilesOmitted() {
    return configFilesOmitted;
  }

  public Map<String, String> getFlags() {
    return flags;
  }

  public String getAgentVersion() {
    return agentVersion;
  }

  public long getSequence() {
    return sequence;
  }

  public Instant getSentAt() {
    return sentAt;
  }

  public long getIntervalMs() {
    return intervalMs;
  }

  public boolean getStopping() {
    return stopping;
  }

  /** Builder with the generated builder's setter names and the schema's defaults. */
  public static final class Builder {
    private String nodeId;
    private String instanceId;
    private String bootId;
    private String hostname;
    private String service;
    private String environment;
    private Map<String, String> labels = Map.of();
    private List<Artifact> artifacts = List.of();
    private String configHash;
    private List<ConfigFile> configFiles = List.of();
    private int configFilesOmitted;
    private Map<String, String> flags = Map.of();
    private String agentVersion;
    private long sequence;
    private Instant sentAt;
    private long intervalMs = 10_000L;
    private boolean stopping;

    private Builder() {
    }

    public Builder setNodeId(String v) {
      nodeId = v;
      return this;
    }

    public Builder setInstanceId(String v) {
      instanceId = v;
      return this;
    }

    public Builder setBootId(String v) {
      bootId = v;
      return this;
    }

    public Builder setHostname(String v) {
      hostname = v;
      return this;
    }

    public Builder setService(String v) {
      service = v;
      return this;
    }

    public Builder setEnvironment(String v) {
      environment = v;
      return this;
    }

    public Builder setLabels(Map<String, String> v) {
      labels = v;
      return this;
    }

    public Builder setArtifacts(List<Artifact> v) {
      artifacts = v;
      return this;
    }

    public Builder setConfigHash(String v) {
      configHash = v;
      return this;
    }

    public Builder setConfigFiles(List<ConfigFile> v) {
      configFiles = v;
      return this;
    }

    public Builder setConfigFilesOmitted(int v) {
      configFilesOmitted = v;
      return this;
    }

    public Builder setFlags(Map<String, String> v) {
      flags = v;
      return this;
    }

    public Builder setAgentVersion(String v) {
      agentVersion = v;
      return this;
    }

    public Builder setSequence(long v) {
      sequence = v;
      return this;
    }

    public Builder setSentAt(Instant v) {
      sentAt = v;
      return this;
    }

    public Builder setIntervalMs(long v) {
      intervalMs = v;
      return this;
    }

    public Builder setStopping(boolean v) {
      stopping = v;
      return this;
    }

    public Heartbeat build() {
      return new Heartbeat(nodeId, instanceId, bootId, hostname, service, environment, labels, artifacts, configHash,
          configFiles, configFilesOmitted, flags, agentVersion, sequence, sentAt, intervalMs, stopping);
    }
  }
}
