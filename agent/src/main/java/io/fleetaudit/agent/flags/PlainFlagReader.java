package io.fleetaudit.agent.flags;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Reads a plain flag map: a {@code .properties} file ({@code name=value}) or a JSON object ({@code
 * {"name": value}}; nested objects are flattened with dots, e.g. {@code {"a": {"b": true}}} gives
 * {@code a.b=true}; arrays are rendered as compact JSON). Input: the file; output: name to value string.
 */
public final class PlainFlagReader {
  private static final ObjectMapper JSON = new ObjectMapper();

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
    JsonNode root;
    try {
      root = JSON.readTree(file.toFile());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IOException(file + ": not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new IOException(file + ": expected a JSON object of flag name to value");
    }
    flatten("", root, out);
    return out;
  }

  private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = prefix + e.getKey();
      if (e.getValue().isObject()) {
        flatten(key + ".", e.getValue(), out);
      } else {
        out.put(key, FlagdReader.render(e.getValue()));
      }
    }
  }
}
