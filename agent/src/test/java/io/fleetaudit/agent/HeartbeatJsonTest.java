package io.fleetaudit.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetaudit.agent.model.Artifact;
import io.fleetaudit.agent.model.ConfigFile;
import io.fleetaudit.agent.model.Heartbeat;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class HeartbeatJsonTest {

  @Test
  void shouldPrintTheSameTextAsDatabindDidBefore() throws Exception {
    Heartbeat full = Heartbeat.newBuilder().setNodeId("n\u00fc\"1").setInstanceId("i").setBootId("b").setHostname(null)
        .setService("s").setEnvironment("e").setLabels(Map.of("z", "1", "a", "\u65e5\n"))
        .setArtifacts(List.of(new Artifact("a", "1", "sha256:00", null), new Artifact("b", null, null, "boom")))
        .setConfigHash("sha256:ff").setConfigFiles(List.of(new ConfigFile("/etc/x", null, "permission denied")))
        .setConfigFilesOmitted(3).setFlags(Map.of("f", "true")).setAgentVersion("dev").setSequence(7)
        .setSentAt(Instant.ofEpochMilli(1_343_827_800_123L)).setIntervalMs(10_000).setStopping(false).build();
    Heartbeat empty = Heartbeat.newBuilder(full).setLabels(Map.of()).setArtifacts(List.of()).setConfigFiles(List.of())
        .setFlags(Map.of()).setConfigHash(null).setHostname("h").build();
    for (Heartbeat h : List.of(full, empty)) {
      assertThat(HeartbeatJson.render(h)).isEqualTo(databind(h));
    }
  }

  /** The renderer as it was with ObjectMapper (INDENT_OUTPUT), kept here as the reference. */
  private static String databind(Heartbeat h) throws Exception {
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode o = json.createObjectNode();
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
    new TreeMap<>(h.getFlags()).forEach(flags::put);
    o.put("agentVersion", h.getAgentVersion());
    o.put("sequence", h.getSequence());
    o.put("sentAt", h.getSentAt().toString());
    o.put("intervalMs", h.getIntervalMs());
    o.put("stopping", h.getStopping());
    o.putNull("signature");
    return json.writeValueAsString(o);
  }
}
