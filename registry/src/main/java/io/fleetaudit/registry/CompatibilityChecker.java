package io.fleetaudit.registry;

import io.fleetaudit.schemas.registry.CompatibilityLevel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

/**
 * Checks a candidate schema against a subject's live versions with Avro's own {@link SchemaCompatibility}.
 * Input: the level, the candidate and the live versions (oldest first); output: Confluent-style messages, empty
 * when compatible. BACKWARD = the candidate reads the old data; FORWARD = the old schemas read the candidate's
 * data; non-transitive levels compare with the latest version only.
 */
final class CompatibilityChecker {

    /** One live version of the subject. */
    record Version(int version, Schema schema) {
    }

    private CompatibilityChecker() {
    }

    static List<String> check(CompatibilityLevel level, Schema candidate, List<Version> liveOldestFirst) {
        if (level == CompatibilityLevel.NONE || liveOldestFirst.isEmpty()) {
            return List.of();
        }
        List<Version> targets = new ArrayList<>(level.transitive()
                ? liveOldestFirst
                : List.of(liveOldestFirst.get(liveOldestFirst.size() - 1)));
        Collections.reverse(targets);
        for (Version old : targets) {
            List<String> messages = new ArrayList<>();
            if (level.backward()) {
                describe(SchemaCompatibility.checkReaderWriterCompatibility(candidate, old.schema()),
                        "the new schema cannot read data written with version " + old.version(), messages);
            }
            if (level.forward()) {
                describe(SchemaCompatibility.checkReaderWriterCompatibility(old.schema(), candidate),
                        "version " + old.version() + " cannot read data written with the new schema", messages);
            }
            if (!messages.isEmpty()) {
                // Same trailer as Confluent's verbose answer, so tools that print it read naturally.
                messages.add("{oldSchemaVersion: " + old.version() + "}");
                messages.add("{oldSchema: '" + old.schema() + "'}");
                messages.add("{compatibility: '" + level.name() + "'}");
                return messages;
            }
        }
        return List.of();
    }

    private static void describe(SchemaPairCompatibility pair, String direction, List<String> out) {
        if (pair.getType() == SchemaCompatibilityType.COMPATIBLE) {
            return;
        }
        for (Incompatibility incompatibility : pair.getResult().getIncompatibilities()) {
            out.add("{errorType:'" + incompatibility.getType() + "', description:'" + direction + ": "
                    + incompatibility.getMessage() + " at path '" + incompatibility.getLocation() + "'"
                    + "', additionalInfo:'" + incompatibility.getMessage() + "'}");
        }
    }
}
