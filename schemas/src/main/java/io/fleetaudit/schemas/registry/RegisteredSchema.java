package io.fleetaudit.schemas.registry;

import java.util.Objects;
import org.apache.avro.Schema;

/**
 * One registered version of a subject, as the registry answers {@code GET /subjects/{s}/versions/{v}}:
 * subject, version number, global schema id and the parsed Avro schema.
 */
public record RegisteredSchema(String subject, int version, int id, Schema schema) {
    public RegisteredSchema {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(schema, "schema");
    }
}
