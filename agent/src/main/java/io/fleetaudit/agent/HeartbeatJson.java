package io.fleetaudit.agent;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.fleetaudit.agent.model.Artifact;
import io.fleetaudit.agent.model.ConfigFile;
import io.fleetaudit.agent.model.Heartbeat;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * Renders a heartbeat as pretty JSON for {@code --print}. Input: a heartbeat; output: JSON with the
 * Avro field names, {@code sentAt} as ISO-8601 and digests as {@code sha256:<hex>} (as sent). Written
 * with jackson-core's generator and default pretty printer (the same text as databind's INDENT_OUTPUT)
 * so that the agent never loads jackson-databind.
 */
public final class HeartbeatJson {
  private static final JsonFactory JSON = new JsonFactory();

  private HeartbeatJson() {
  }

  public static String render(Heartbeat h) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.useDefaultPrettyPrinter();
      g.writeStartObject();
      g.writeStringField("nodeId", h.getNodeId());
      g.writeStringField("instanceId", h.getInstanceId());
      g.writeStringField("bootId", h.getBootId());
      g.writeStringField("hostname", h.getHostname());
      g.writeStringField("service", h.getService());
      g.writeStringField("environment", h.getEnvironment());
      map(g, "labels", h.getLabels());
      g.writeArrayFieldStart("artifacts");
      for (Artifact a : h.getArtifacts()) {
        g.writeStartObject();
        g.writeStringField("name", a.getName());
        g.writeStringField("version", a.getVersion());
        g.writeStringField("digest", a.getDigest());
        g.writeStringField("error", a.getError());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeStringField("configHash", h.getConfigHash());
      g.writeArrayFieldStart("configFiles");
      for (ConfigFile f : h.getConfigFiles()) {
        g.writeStartObject();
        g.writeStringField("path", f.getPath());
        g.writeStringField("sha256", f.getSha256());
        g.writeStringField("error", f.getError());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeNumberField("configFilesOmitted", h.getConfigFilesOmitted());
      map(g, "flags", h.getFlags());
      g.writeStringField("agentVersion", h.getAgentVersion());
      g.writeNumberField("sequence", h.getSequence());
      g.writeStringField("sentAt", h.getSentAt().toString());
      g.writeNumberField("intervalMs", h.getIntervalMs());
      g.writeBooleanField("stopping", h.getStopping());
      g.writeNullField("signature");
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private static void map(JsonGenerator g, String field, Map<String, String> map) throws IOException {
    g.writeObjectFieldStart(field);
    for (Map.Entry<String, String> e : new TreeMap<>(map).entrySet()) {
      g.writeStringField(e.getKey(), e.getValue());
    }
    g.writeEndObject();
  }
}
