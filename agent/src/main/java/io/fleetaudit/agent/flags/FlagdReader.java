package io.fleetaudit.agent.flags;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetaudit.agent.config.AgentConfig.DisabledFlags;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads an OpenFeature flagd flag-definition file ({@code {"flags": {"name": {"state", "variants",
 * "defaultVariant", "targeting"}}}}). Input: the file; output: name to the value of the flag's
 * default variant, rendered as a string (booleans true/false, numbers as written, objects as compact
 * JSON). Targeting rules are not evaluated: the default variant is what the node serves when no rule
 * matches, and the same for every node, which is what drift detection compares. A DISABLED flag is
 * reported as the value {@code disabled} (or skipped with {@code flags.disabled: skip}): a flag switched
 * off on one node only is drift too.
 */
public final class FlagdReader {
  public static final String DISABLED_VALUE = "disabled";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final DisabledFlags disabled;

  public FlagdReader(DisabledFlags disabled) {
    this.disabled = disabled;
  }

  public Map<String, String> read(Path file) throws IOException {
    JsonNode root;
    try {
      root = JSON.readTree(file.toFile());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IOException(file + ": not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.path("flags").isObject()) {
      throw new IOException(file + ": not a flagd file (no \"flags\" object)");
    }
    Map<String, String> out = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.get("flags").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String name = e.getKey();
      JsonNode flag = e.getValue();
      String state = flag.path("state").asText("ENABLED");
      if ("DISABLED".equalsIgnoreCase(state)) {
        if (disabled == DisabledFlags.REPORT) {
          out.put(name, DISABLED_VALUE);
        }
        continue;
      }
      String dv = flag.path("defaultVariant").asText(null);
      JsonNode variants = flag.path("variants");
      if (dv == null || !variants.has(dv)) {
        // The flagd schema requires both; report the defect instead of inventing a value.
        out.put(name, "invalid: defaultVariant '" + dv + "' is not among the variants");
        continue;
      }
      out.put(name, render(variants.get(dv)));
    }
    return out;
  }

  static String render(JsonNode v) {
    if (v.isTextual()) {
      return v.asText();
    }
    if (v.isValueNode()) {
      return v.toString();
    }
    return v.toString();
  }
}
