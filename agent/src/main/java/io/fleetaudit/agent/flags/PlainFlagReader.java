package io.fleetaudit.agent.flags;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Reads a plain flag map: a {@code .properties} file ({@code name=value}) or a JSON object ({@code
 * {"name": value}}; nested objects are flattened with dots, e.g. {@code {"a": {"b": true}}} gives
 * {@code a.b=true}; arrays are rendered as compact JSON). Input: the file; output: name to value string.
 */
public final class PlainFlagReader {
  public Map<String, String> read(Path file) throws IOException {
    Map<String, String> out = new TreeMap<>();
    if (file.getFileName().toString().endsWith(".properties")) {
      Properties p = new Properties();
      try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        p.load(r);
      }
      for (String k : p.stringPropertyNames()) {
        out.put(k, p.getProperty(k).trim());
      }
      return out;
    }
    Object root;
    try {
      root = JsonValues.read(file.toFile());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IOException(file + ": not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (!(root instanceof Map<?, ?> object)) {
      throw new IOException(file + ": expected a JSON object of flag name to value");
    }
    flatten("", object, out);
    return out;
  }

  private static void flatten(String prefix, Map<?, ?> node, Map<String, String> out) {
    for (Map.Entry<?, ?> e : node.entrySet()) {
      String key = prefix + e.getKey();
      if (e.getValue() instanceof Map<?, ?> inner) {
        flatten(key + ".", inner, out);
      } else {
        out.put(key, JsonValues.render(e.getValue()));
      }
    }
  }
}
