package io.fleetaudit.cli.fleetfile;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads YAML text into a {@link YamlNode} tree that remembers line and column of every key and value.
 * Syntax errors and duplicate keys become {@link Problem}s (not exceptions) so one run reports them all
 * with the file name and line; the returned tree is null when the text is not YAML at all.
 */
final class YamlReader {
    private static final YAMLFactory FACTORY = YAMLFactory.builder().build();

    private final String file;
    private final List<Problem> problems;

    YamlReader(String file, List<Problem> problems) {
        this.file = file;
        this.problems = problems;
    }

    YamlNode read(String text) {
        try (JsonParser p = FACTORY.createParser(text)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                problems.add(new Problem(Problem.Severity.ERROR, file, 1, 1, "the file is empty",
                        "start with 'version: 1' and a 'services:' list (see examples/knight/fleet.yaml)"));
                return null;
            }
            return readValue(p);
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            int line = loc == null ? 1 : Math.max(1, loc.getLineNr());
            int col = loc == null ? 0 : Math.max(0, loc.getColumnNr());
            problems.add(new Problem(Problem.Severity.ERROR, file, line, col,
                    "not valid YAML: " + firstLine(e.getOriginalMessage()),
                    "check indentation (spaces only) and quoting around this line"));
            return null;
        } catch (IOException e) {
            problems.add(new Problem(Problem.Severity.ERROR, file, 1, 0, "cannot read YAML: " + e.getMessage(), null));
            return null;
        }
    }

    private YamlNode readValue(JsonParser p) throws IOException {
        JsonLocation loc = p.currentTokenLocation();
        int line = loc.getLineNr();
        int col = loc.getColumnNr();
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT: {
                LinkedHashMap<String, YamlNode> entries = new LinkedHashMap<>();
                Map<String, int[]> positions = new HashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    JsonLocation kl = p.currentTokenLocation();
                    p.nextToken();
                    YamlNode value = readValue(p);
                    if (entries.containsKey(key)) {
                        problems.add(new Problem(Problem.Severity.ERROR, file, kl.getLineNr(), kl.getColumnNr(),
                                "duplicate key '" + key + "' (first at line " + positions.get(key)[0] + ")",
                                "keep one '" + key + "' entry; YAML would silently use the last one"));
                        continue;
                    }
                    entries.put(key, value);
                    positions.put(key, new int[] {kl.getLineNr(), kl.getColumnNr()});
                }
                return YamlNode.mapping(line, col, entries, positions);
            }
            case START_ARRAY: {
                List<YamlNode> items = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    items.add(readValue(p));
                }
                return YamlNode.sequence(line, col, items);
            }
            case VALUE_STRING:
                return YamlNode.scalar(YamlNode.Kind.STRING, line, col, p.getText());
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return YamlNode.scalar(YamlNode.Kind.NUMBER, line, col, p.getText());
            case VALUE_TRUE:
            case VALUE_FALSE:
                return YamlNode.scalar(YamlNode.Kind.BOOLEAN, line, col, p.getText());
            case VALUE_NULL:
                return YamlNode.scalar(YamlNode.Kind.NULL, line, col, null);
            default:
                return YamlNode.scalar(YamlNode.Kind.STRING, line, col, p.getText());
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "syntax error";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
