package io.fleetaudit.agent.flags;

import io.fleetaudit.agent.config.AgentConfig.DisabledFlags;
import java.io.IOException;
import java.nio.file.Path;
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

  private final DisabledFlags disabled;

  public FlagdReader(DisabledFlags disabled) {
    this.disabled = disabled;
  }

  public Map<String, String> read(Path file) throws IOException {
    Object root;
    try {
      root = JsonValues.read(file.toFile());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IOException(file + ": not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (!(root instanceof Map<?, ?> top) || !(top.get("flags") instanceof Map<?, ?> flags)) {
      throw new IOException(file + ": not a flagd file (no \"flags\" object)");
    }
    Map<String, String> out = new TreeMap<>();
    for (Map.Entry<?, ?> e : flags.entrySet()) {
      String name = (String) e.getKey();
      Map<?, ?> flag = e.getValue() instanceof Map<?, ?> m ? m : Map.of();
      String state = text(flag.get("state"), "ENABLED");
      if ("DISABLED".equalsIgnoreCase(state)) {
        if (disabled == DisabledFlags.REPORT) {
          out.put(name, DISABLED_VALUE);
        }
        continue;
      }
      String dv = text(flag.get("defaultVariant"), null);
      Map<?, ?> variants = flag.get("variants") instanceof Map<?, ?> m ? m : Map.of();
      if (dv == null || !variants.containsKey(dv)) {
        // The flagd schema requires both; report the defect instead of inventing a value.
        out.put(name, "invalid: defaultVariant '" + dv + "' is not among the variants");
        continue;
      }
      out.put(name, JsonValues.render(variants.get(dv)));
    }
    return out;
  }

  /** Like JsonNode.asText(default): absent or null gives the default, containers give "". */
  private static String text(Object v, String dflt) {
    if (v == null) {
      return dflt;
    }
    return v instanceof Map<?, ?> || v instanceof java.util.List<?> ? "" : v.toString();
  }
}
