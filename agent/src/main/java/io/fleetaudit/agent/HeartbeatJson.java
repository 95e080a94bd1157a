package io.fleetaudit.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetaudit.contracts.Artifact;
import io.fleetaudit.contracts.ConfigFile;
import io.fleetaudit.contracts.Heartbeat;
import java.util.Map;
import java.util.TreeMap;

/**
 * Renders a heartbeat as pretty JSON for {@code --print}. Input: a heartbeat; output: JSON with the
 * Avro field names, {@code sentAt} as ISO-8601 and digests as {@code sha256:<hex>} (as sent).
 */
public final class HeartbeatJson {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private HeartbeatJson() {
  }

  public static String render(Heartbeat h) {
    ObjectNode o = JSON.createObjectNode();
    o.put("nodeId", h.getNodeId());
    o.put("instanceId", h.getInstanceId());
    o.put("bootId", h.getBootId());
    o.put("hostname", h.getHostname());
    o.put("service", h.getService());
    o.put("environment", h.getEnvironment());
    ObjectNode labels = o.putObject("labels");
    new TreeMap<>(h.getLabels()).forEach(labels::put);
    ArrayNode artifacts = o.putArray("artifacts");
    for (Artifact a : h.getArtifacts()) {
      ObjectNode n = artifacts.addObject();
      n.put("name", a.getName());
      n.put("version", a.getVersion());
      n.put("digest", a.getDigest());
      n.put("error", a.getError());
    }
    o.put("configHash", h.getConfigHash());
    ArrayNode files = o.putArray("configFiles");
    for (ConfigFile f : h.getConfigFiles()) {
      ObjectNode n = files.addObject();
      n.put("path", f.getPath());
      n.put("sha256", f.getSha256());
      n.put("error", f.getError());
    }
    o.put("configFilesOmitted", h.getConfigFilesOmitted());
    ObjectNode flags = o.putObject("flags");
    for (Map.Entry<String, String> e : new TreeMap<>(h.getFlags()).entrySet()) {
      flags.put(e.getKey(), e.getValue());
    }
    o.put("agentVersion", h.getAgentVersion());
    o.put("sequence", h.getSequence());
    o.put("sentAt", h.getSentAt().toString());
    o.put("intervalMs", h.getIntervalMs());
    o.put("stopping", h.getStopping());
    o.putNull("signature");
    try {
      return JSON.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
