package io.fleetaudit.schemas.registry;

import java.util.List;
import org.apache.avro.Schema;

/**
 * A client of a Confluent-compatible schema registry. Input: subjects (TopicNameStrategy:
 * {@code <topic>-value}, {@code <topic>-key}) and Avro schemas. Output: schema ids, versions,
 * schemas and compatibility answers as the Confluent REST API defines them. Failures are
 * {@link SchemaRegistryException}s carrying the HTTP status and Confluent error code. Implementations
 * are thread-safe and cache what cannot change (an id's schema, a schema's id under a subject).
 */
public interface SchemaRegistryClient extends AutoCloseable {

    /** Registers {@code schema} under {@code subject} (POST /subjects/{s}/versions) and returns its id; idempotent. */
    int register(String subject, Schema schema);

    /** The registration of {@code schema} under {@code subject} (POST /subjects/{s}); 404 if it was never registered there. */
    RegisteredSchema lookup(String subject, Schema schema);

    /**
     * Registers the schema given as its JSON text (exactly the text to register, e.g. {@code Schema.toString()})
     * and returns its id, like {@link #register(String, Schema)}. The REST client sends the text without parsing
     * it, so a caller never loads Avro's schema parser (and Jackson databind with it); the default parses it.
     */
    default int registerText(String subject, String schemaText) {
        return register(subject, new Schema.Parser().parse(schemaText));
    }

    /** The id of the schema given as its JSON text under {@code subject}, like {@link #lookup(String, Schema)}{@code .id()}. */
    default int lookupIdText(String subject, String schemaText) {
        return lookup(subject, new Schema.Parser().parse(schemaText)).id();
    }

    /** The schema with this global id (GET /schemas/ids/{id}); fetched once, then cached. */
    Schema getSchemaById(int id);

    /** The latest version of {@code subject} (GET /subjects/{s}/versions/latest). */
    RegisteredSchema getLatest(String subject);

    /** One version of {@code subject} (GET /subjects/{s}/versions/{v}). */
    RegisteredSchema getVersion(String subject, int version);

    /** Version numbers of {@code subject} (GET /subjects/{s}/versions), ascending. */
    List<Integer> getVersions(String subject);

    /**
     * Whether {@code schema} may be registered after the latest version of {@code subject} under the
     * subject's compatibility level (POST /compatibility/subjects/{s}/versions/latest). A subject
     * without versions accepts any schema.
     */
    boolean testCompatibility(String subject, Schema schema);

    /** All subjects (GET /subjects), sorted. */
    List<String> getSubjects();

    /** The global compatibility level (GET /config), e.g. BACKWARD. */
    String getConfig();

    /** The compatibility level in force for {@code subject} (GET /config/{s}), falling back to the global one. */
    String getConfig(String subject);

    /** Sets the compatibility level of {@code subject} (PUT /config/{s}); returns the level now in force. */
    String updateConfig(String subject, String compatibilityLevel);

    /** Releases connections; cached answers are dropped. */
    @Override
    void close();
}
