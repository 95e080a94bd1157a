package io.fleetaudit.agent.config;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * The agent's YAML config as a small tree: mappings (in file order), lists and scalars that keep their
 * text as written. Input: YAML text, composed by SnakeYAML (no Java objects are constructed from tags);
 * output: the tree the loader validates, with the subset of Jackson's {@code JsonNode} methods it needs
 * ({@code isTextual} is true for strings, false for plain numbers, booleans and nulls, as with Jackson's
 * YAML parser). Why not Jackson: its {@code ObjectMapper} loads about 400 databind classes (several MiB
 * of RSS) into every host agent for one small file.
 */
final class ConfNode {
  enum Kind { OBJECT, ARRAY, TEXT, SCALAR, NULL }

  private static final ConfNode NULL = new ConfNode(Kind.NULL, "null", null, null);

  private final Kind kind;
  private final String text;
  private final Map<String, ConfNode> fields;
  private final List<ConfNode> items;

  private ConfNode(Kind kind, String text, Map<String, ConfNode> fields, List<ConfNode> items) {
    this.kind = kind;
    this.text = text;
    this.fields = fields;
    this.items = items;
  }

  static ConfNode object() {
    return new ConfNode(Kind.OBJECT, "", new LinkedHashMap<>(), null);
  }

  static ConfNode array() {
    return new ConfNode(Kind.ARRAY, "", null, new ArrayList<>());
  }

  static ConfNode text(String value) {
    return new ConfNode(Kind.TEXT, value, null, null);
  }

  /**
   * Parses YAML text; null for an empty document. Syntax errors are SnakeYAML's
   * {@code MarkedYAMLException} (with the problem's line).
   */
  static ConfNode parseYaml(String yaml) {
    // Composer + parser directly, as Yaml.compose does, without the Yaml facade's constructor and
    // representer (about 50 classes the agent never uses).
    LoaderOptions options = new LoaderOptions();
    Node root = new Composer(new ParserImpl(new StreamReader(new java.io.StringReader(yaml)), options), new Resolver(), options)
        .getSingleNode();
    return root == null ? null : of(root);
  }

  private static ConfNode of(Node node) {
    if (node instanceof MappingNode m) {
      ConfNode o = object();
      for (NodeTuple t : m.getValue()) {
        Node k = t.getKeyNode();
        String key = k instanceof ScalarNode s ? s.getValue() : of(k).toString();
        o.fields.put(key, of(t.getValueNode()));
      }
      return o;
    }
    if (node instanceof SequenceNode s) {
      ConfNode a = array();
      for (Node item : s.getValue()) {
        a.items.add(of(item));
      }
      return a;
    }
    ScalarNode s = (ScalarNode) node;
    Tag tag = s.getTag();
    if (Tag.NULL.equals(tag)) {
      return NULL;
    }
    if (Tag.INT.equals(tag) || Tag.FLOAT.equals(tag) || Tag.BOOL.equals(tag)) {
      return new ConfNode(Kind.SCALAR, s.getValue(), null, null);
    }
    return text(s.getValue());
  }

  ConfNode get(String field) {
    return fields == null ? null : fields.get(field);
  }

  ConfNode get(int index) {
    return items == null || index < 0 || index >= items.size() ? null : items.get(index);
  }

  int size() {
    return fields != null ? fields.size() : items != null ? items.size() : 0;
  }

  boolean isNull() {
    return kind == Kind.NULL;
  }

  boolean isObject() {
    return kind == Kind.OBJECT;
  }

  boolean isArray() {
    return kind == Kind.ARRAY;
  }

  boolean isTextual() {
    return kind == Kind.TEXT;
  }

  boolean isContainerNode() {
    return kind == Kind.OBJECT || kind == Kind.ARRAY;
  }

  /** The scalar's text ("" for containers, "null" for null), like JsonNode.asText(). */
  String asText() {
    return text;
  }

  Iterator<String> fieldNames() {
    return fields == null ? java.util.Collections.emptyIterator() : fields.keySet().iterator();
  }

  Iterator<Map.Entry<String, ConfNode>> fields() {
    return fields == null ? java.util.Collections.emptyIterator() : fields.entrySet().iterator();
  }

  void set(String field, ConfNode value) {
    fields.put(field, value);
  }

  ConfNode putObject(String field) {
    ConfNode o = object();
    fields.put(field, o);
    return o;
  }

  void put(String field, String value) {
    fields.put(field, text(value));
  }

  void add(String value) {
    items.add(text(value));
  }

  /** Compact JSON, as JsonNode.toString() prints it in messages: {"a":"b"}, ["x",1]. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    append(b);
    return b.toString();
  }

  private void append(StringBuilder b) {
    switch (kind) {
      case OBJECT -> {
        b.append('{');
        boolean first = true;
        for (Map.Entry<String, ConfNode> e : fields.entrySet()) {
          b.append(first ? "" : ",");
          quote(b, e.getKey());
          b.append(':');
          e.getValue().append(b);
          first = false;
        }
        b.append('}');
      }
      case ARRAY -> {
        b.append('[');
        for (int i = 0; i < items.size(); i++) {
          b.append(i == 0 ? "" : ",");
          items.get(i).append(b);
        }
        b.append(']');
      }
      case TEXT -> quote(b, text);
      default -> b.append(text);
    }
  }

  private static void quote(StringBuilder b, String s) {
    b.append('"');
    com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance().quoteAsString(s, b);
    b.append('"');
  }
}
