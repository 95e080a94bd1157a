package io.fleetaudit.cli.fleetfile;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML value with the line and column it was read from, so validation can point at the exact place.
 * Mappings keep their key order and the position of every key; scalars keep their text and whether
 * YAML typed them as a string, number, boolean or null.
 */
public final class YamlNode {

    /** What kind of YAML value this is. */
    public enum Kind { MAPPING, SEQUENCE, STRING, NUMBER, BOOLEAN, NULL }

    private final Kind kind;
    private final int line;
    private final int column;
    private final String text;
    private final Map<String, YamlNode> entries;
    private final Map<String, int[]> keyPositions;
    private final List<YamlNode> items;

    private YamlNode(Kind kind, int line, int column, String text, Map<String, YamlNode> entries,
                     Map<String, int[]> keyPositions, List<YamlNode> items) {
        this.kind = kind;
        this.line = line;
        this.column = column;
        this.text = text;
        this.entries = entries;
        this.keyPositions = keyPositions;
        this.items = items;
    }

    static YamlNode scalar(Kind kind, int line, int column, String text) {
        return new YamlNode(kind, line, column, text, Map.of(), Map.of(), List.of());
    }

    static YamlNode mapping(int line, int column, LinkedHashMap<String, YamlNode> entries, Map<String, int[]> keyPositions) {
        return new YamlNode(Kind.MAPPING, line, column, null, Collections.unmodifiableMap(entries),
                Collections.unmodifiableMap(keyPositions), List.of());
    }

    static YamlNode sequence(int line, int column, List<YamlNode> items) {
        return new YamlNode(Kind.SEQUENCE, line, column, null, Map.of(), Map.of(), List.copyOf(items));
    }

    public Kind kind() {
        return kind;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    /** Scalar text (null for mappings, sequences and YAML null). */
    public String text() {
        return text;
    }

    public boolean isScalar() {
        return kind == Kind.STRING || kind == Kind.NUMBER || kind == Kind.BOOLEAN;
    }

    public Map<String, YamlNode> entries() {
        return entries;
    }

    public YamlNode get(String key) {
        return entries.get(key);
    }

    /** Line of a key in this mapping (the key itself, which is where an unknown-key error points). */
    public int keyLine(String key) {
        int[] p = keyPositions.get(key);
        return p == null ? line : p[0];
    }

    public int keyColumn(String key) {
        int[] p = keyPositions.get(key);
        return p == null ? column : p[1];
    }

    public List<YamlNode> items() {
        return items;
    }

    /** Human name of the kind, for "expected a mapping, found a string" messages. */
    public String describe() {
        return switch (kind) {
            case MAPPING -> "a mapping";
            case SEQUENCE -> "a list";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "nothing (null)";
        };
    }
}
