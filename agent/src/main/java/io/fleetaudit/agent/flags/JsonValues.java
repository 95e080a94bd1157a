package io.fleetaudit.agent.flags;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.fleetaudit.schemas.json.PlainJson;
import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;

/**
 * Flag files read into plain values ({@link PlainJson}), and values rendered back as compact JSON. Input: a
 * file; output: its first JSON value, or null for an empty file. Why not databind's {@code readTree}:
 * it loads about 400 classes (several MiB of RSS) into every host agent for a few small files.
 */
final class JsonValues {
  private static final JsonFactory JSON = new JsonFactory();

  private JsonValues() {
  }

  /** The file's first JSON value; null when it holds none. Parse errors are {@code JsonProcessingException}s. */
  static Object read(File file) throws IOException {
    try (JsonParser p = JSON.createParser(file)) {
      JsonToken first = p.nextToken();
      return first == null ? null : PlainJson.value(p, first);
    }
  }

  /** A flag value as a string: text as is, anything else as compact JSON (like JsonNode.toString()). */
  static String render(Object v) {
    if (v instanceof String s) {
      return s;
    }
    if (v == null || v instanceof Number || v instanceof Boolean) {
      return String.valueOf(v);
    }
    StringWriter out = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      write(g, v);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return out.toString();
  }

  private static void write(JsonGenerator g, Object v) throws IOException {
    if (v instanceof Map<?, ?> map) {
      g.writeStartObject();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        g.writeFieldName((String) e.getKey());
        write(g, e.getValue());
      }
      g.writeEndObject();
    } else if (v instanceof List<?> list) {
      g.writeStartArray();
      for (Object o : list) {
        write(g, o);
      }
      g.writeEndArray();
    } else if (v instanceof String s) {
      g.writeString(s);
    } else if (v instanceof Boolean b) {
      g.writeBoolean(b);
    } else if (v instanceof Double d) {
      g.writeNumber(d);
    } else if (v instanceof java.math.BigInteger b) {
      g.writeNumber(b);
    } else if (v instanceof Number n) {
      g.writeNumber(n.longValue());
    } else {
      g.writeNull();
    }
  }
}
