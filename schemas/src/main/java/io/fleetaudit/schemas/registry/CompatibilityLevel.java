package io.fleetaudit.schemas.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

/**
 * Confluent's compatibility levels, checked with Avro's own {@link SchemaCompatibility}. Input: a
 * candidate schema and the subject's existing schemas (oldest first). Output: the list of
 * incompatibilities (empty = compatible). BACKWARD: the candidate (reader) reads data written with
 * the latest schema; FORWARD: the latest (reader) reads data written with the candidate; FULL: both;
 * the *_TRANSITIVE levels check every earlier version, not only the latest.
 */
public enum CompatibilityLevel {
    NONE(false, false, false),
    BACKWARD(true, false, false),
    BACKWARD_TRANSITIVE(true, false, true),
    FORWARD(false, true, false),
    FORWARD_TRANSITIVE(false, true, true),
    FULL(true, true, false),
    FULL_TRANSITIVE(true, true, true);

    private final boolean backward;
    private final boolean forward;
    private final boolean transitive;

    CompatibilityLevel(boolean backward, boolean forward, boolean transitive) {
        this.backward = backward;
        this.forward = forward;
        this.transitive = transitive;
    }

    /** The new schema must read data written with the old ones. */
    public boolean backward() {
        return backward;
    }

    /** The old schemas must read data written with the new one. */
    public boolean forward() {
        return forward;
    }

    /** Checked against every earlier version instead of the latest only. */
    public boolean transitive() {
        return transitive;
    }

    /** Parses a level name case-insensitively; empty when null or unknown (for callers that answer with their own error). */
    public static java.util.Optional<CompatibilityLevel> tryParse(String name) {
        if (name == null) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(valueOf(name.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return java.util.Optional.empty();
        }
    }

    /** Every level name, for validators and error messages. */
    public static String[] names() {
        return java.util.Arrays.stream(values()).map(Enum::name).toArray(String[]::new);
    }

    /** Parses a level name case-insensitively; unknown names fail naming the allowed ones. */
    public static CompatibilityLevel parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("Unknown compatibility level '" + name + "'; allowed: "
                    + java.util.Arrays.toString(values()), e);
        }
    }

    /** Incompatibilities of {@code candidate} against {@code existingOldestFirst}; empty when compatible. */
    public List<String> incompatibilities(Schema candidate, List<Schema> existingOldestFirst) {
        List<String> problems = new ArrayList<>();
        int n = existingOldestFirst.size();
        for (int i = transitive ? 0 : Math.max(0, n - 1); i < n; i++) {
            Schema existing = existingOldestFirst.get(i);
            String against = i == n - 1 ? "the latest schema" : "schema #" + (i + 1);
            if (backward) {
                describe(SchemaCompatibility.checkReaderWriterCompatibility(candidate, existing), candidate,
                        "BACKWARD: new schema cannot read data written with " + against, problems);
            }
            if (forward) {
                describe(SchemaCompatibility.checkReaderWriterCompatibility(existing, candidate), existing,
                        "FORWARD: " + against + " cannot read data written with the new schema", problems);
            }
        }
        return problems;
    }

    private static void describe(SchemaPairCompatibility result, Schema reader, String what, List<String> problems) {
        if (result.getType() == SchemaCompatibilityType.COMPATIBLE) {
            return;
        }
        for (Incompatibility inc : result.getResult().getIncompatibilities()) {
            problems.add(what + ": " + describe(inc, reader));
        }
    }

    /** One incompatibility as text, naming the field path, e.g. {@code TYPE_MISMATCH at /fields/2/type (field bootId): ...}. */
    public static String describe(Incompatibility inc, Schema reader) {
        String field = fieldPath(reader, inc.getLocation());
        return inc.getType() + " at " + inc.getLocation() + (field.isEmpty() ? "" : " (field " + field + ")")
                + ": " + inc.getMessage();
    }

    /** Translates Avro's JSON-pointer location (/fields/2/type/items/fields/0) into field names (artifacts.name). */
    static String fieldPath(Schema schema, String location) {
        List<String> names = new ArrayList<>();
        String[] tokens = location == null ? new String[0] : location.split("/");
        Schema current = schema;
        try {
            for (int i = 0; i < tokens.length && current != null; i++) {
                switch (tokens[i]) {
                    case "fields" -> {
                        Schema.Field field = current.getFields().get(Integer.parseInt(tokens[++i]));
                        names.add(field.name());
                        current = field.schema();
                    }
                    case "items" -> current = current.getElementType();
                    case "values" -> current = current.getValueType();
                    default -> {
                        if (current.getType() == Schema.Type.UNION && tokens[i].matches("\\d+")) {
                            current = current.getTypes().get(Integer.parseInt(tokens[i]));
                        }
                    }
                }
            }
        } catch (RuntimeException e) {
            // A location we cannot follow: the raw location is still in the message.
        }
        return String.join(".", names);
    }
}
