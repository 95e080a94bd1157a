package io.fleetaudit.agent.publish;

import io.fleetaudit.agent.model.Artifact;
import io.fleetaudit.agent.model.ConfigFile;
import io.fleetaudit.agent.model.Heartbeat;
import io.fleetaudit.schemas.serde.SpecificAvroSerializer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Converts the agent's {@link Heartbeat} to the generated Avro {@code io.fleetaudit.contracts.Heartbeat}.
 * Input: an agent heartbeat; output: the equal generated record. Used only off the agent's normal path:
 * by a caller-supplied {@code Producer<String, io.fleetaudit.contracts.Heartbeat>} (the CLI demo) and by
 * {@code use.latest.version=true} without auto-registration. Loading this class's callees parses the
 * Avro schema (and loads Jackson databind), which is why the default path does not go through here.
 */
public final class AvroHeartbeats {

  private AvroHeartbeats() {
  }

  public static io.fleetaudit.contracts.Heartbeat toAvro(Heartbeat h) {
    List<io.fleetaudit.contracts.Artifact> artifacts = new ArrayList<>(h.artifacts().size());
    for (Artifact a : h.artifacts()) {
      artifacts.add(new io.fleetaudit.contracts.Artifact(a.name(), a.version(), a.digest(), a.error()));
    }
    List<io.fleetaudit.contracts.ConfigFile> files = new ArrayList<>(h.configFiles().size());
    for (ConfigFile f : h.configFiles()) {
      files.add(new io.fleetaudit.contracts.ConfigFile(f.path(), f.sha256(), f.error()));
    }
    return io.fleetaudit.contracts.Heartbeat.newBuilder()
        .setNodeId(h.nodeId())
        .setInstanceId(h.instanceId())
        .setBootId(h.bootId())
        .setHostname(h.hostname())
        .setService(h.service())
        .setEnvironment(h.environment())
        .setLabels(h.labels())
        .setArtifacts(artifacts)
        .setConfigHash(h.configHash())
        .setConfigFiles(files)
        .setConfigFilesOmitted(h.configFilesOmitted())
        .setFlags(h.flags())
        .setAgentVersion(h.agentVersion())
        .setSequence(h.sequence())
        .setSentAt(h.sentAt())
        .setIntervalMs(h.intervalMs())
        .setStopping(h.stopping())
        .setSignature(null)
        .build();
  }

  @SuppressWarnings("unchecked")
  static org.apache.kafka.common.serialization.Serializer<Object> latestVersionSerializer(Map<String, ?> configs) {
    SpecificAvroSerializer<io.fleetaudit.contracts.Heartbeat> s =
        new SpecificAvroSerializer<>(io.fleetaudit.contracts.Heartbeat.class);
    s.configure(configs, false);
    return (org.apache.kafka.common.serialization.Serializer<Object>) (org.apache.kafka.common.serialization.Serializer<?>) s;
  }
}
