package io.fleetaudit.schemas.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * In-memory {@link SchemaRegistryClient} for unit tests, selected by {@code schema.registry.url=mock://<scope>}.
 * Input: the scope name; every client of one scope in this JVM sees the same registry. Output: the same
 * semantics and errors as a real registry: global ids (one id per distinct schema, shared across
 * subjects), versions per subject, compatibility (BACKWARD by default) checked with Avro's
 * SchemaCompatibility, and Confluent's error codes (40401, 40402, 40403, 409, 42203).
 */
public final class MockSchemaRegistryClient implements SchemaRegistryClient {

    private static final Map<String, Registry> SCOPES = new ConcurrentHashMap<>();

    private final String scope;
    private final Registry registry;

    private MockSchemaRegistryClient(String scope, Registry registry) {
        this.scope = scope;
        this.registry = registry;
    }

    /** A client of the registry of {@code scope}, created on first use. */
    public static MockSchemaRegistryClient forScope(String scope) {
        return new MockSchemaRegistryClient(scope, SCOPES.computeIfAbsent(scope, s -> new Registry()));
    }

    /** Forgets everything registered in {@code scope} (tests call it to start clean). */
    public static void dropScope(String scope) {
        SCOPES.remove(scope);
    }

    @Override
    public int register(String subject, Schema schema) {
        String request = "POST /subjects/" + subject + "/versions";
        synchronized (registry) {
            List<RegisteredSchema> versions = registry.subjects.computeIfAbsent(subject, s -> new ArrayList<>());
            Optional<RegisteredSchema> existing = find(versions, schema);
            if (existing.isPresent()) {
                return existing.get().id();
            }
            CompatibilityLevel level = CompatibilityLevel.parse(config(subject));
            List<String> problems = level.incompatibilities(schema, versions.stream().map(RegisteredSchema::schema).toList());
            if (!problems.isEmpty()) {
                if (versions.isEmpty()) {
                    registry.subjects.remove(subject);
                }
                throw error(409, SchemaRegistryException.INCOMPATIBLE_SCHEMA,
                        "Schema being registered is incompatible with an earlier schema for subject \"" + subject
                                + "\" (" + level + "), details: " + problems, request);
            }
            int id = registry.ids.computeIfAbsent(schema.toString(), text -> {
                int next = registry.schemas.size() + 1;
                registry.schemas.put(next, schema);
                return next;
            });
            versions.add(new RegisteredSchema(subject, versions.size() + 1, id, schema));
            return id;
        }
    }

    @Override
    public RegisteredSchema lookup(String subject, Schema schema) {
        String request = "POST /subjects/" + subject;
        synchronized (registry) {
            return find(versionsOf(subject, request), schema).orElseThrow(() ->
                    error(404, SchemaRegistryException.SCHEMA_NOT_FOUND, "Schema not found", request));
        }
    }

    @Override
    public Schema getSchemaById(int id) {
        synchronized (registry) {
            Schema schema = registry.schemas.get(id);
            if (schema == null) {
                throw error(404, SchemaRegistryException.SCHEMA_NOT_FOUND, "Schema " + id + " not found", "GET /schemas/ids/" + id);
            }
            return schema;
        }
    }

    @Override
    public RegisteredSchema getLatest(String subject) {
        synchronized (registry) {
            List<RegisteredSchema> versions = versionsOf(subject, "GET /subjects/" + subject + "/versions/latest");
            return versions.get(versions.size() - 1);
        }
    }

    @Override
    public RegisteredSchema getVersion(String subject, int version) {
        String request = "GET /subjects/" + subject + "/versions/" + version;
        synchronized (registry) {
            List<RegisteredSchema> versions = versionsOf(subject, request);
            if (version < 1 || version > versions.size()) {
                throw error(404, SchemaRegistryException.VERSION_NOT_FOUND, "Version " + version + " not found.", request);
            }
            return versions.get(version - 1);
        }
    }

    @Override
    public List<Integer> getVersions(String subject) {
        synchronized (registry) {
            return versionsOf(subject, "GET /subjects/" + subject + "/versions").stream().map(RegisteredSchema::version).toList();
        }
    }

    @Override
    public boolean testCompatibility(String subject, Schema schema) {
        synchronized (registry) {
            List<RegisteredSchema> versions = registry.subjects.getOrDefault(subject, List.of());
            return CompatibilityLevel.parse(config(subject))
                    .incompatibilities(schema, versions.stream().map(RegisteredSchema::schema).toList()).isEmpty();
        }
    }

    @Override
    public List<String> getSubjects() {
        synchronized (registry) {
            return List.copyOf(registry.subjects.keySet());
        }
    }

    @Override
    public String getConfig() {
        synchronized (registry) {
            return registry.globalLevel;
        }
    }

    @Override
    public String getConfig(String subject) {
        synchronized (registry) {
            return config(subject);
        }
    }

    @Override
    public String updateConfig(String subject, String compatibilityLevel) {
        CompatibilityLevel level;
        try {
            level = CompatibilityLevel.parse(compatibilityLevel);
        } catch (IllegalArgumentException e) {
            throw error(422, SchemaRegistryException.INVALID_COMPATIBILITY_LEVEL, e.getMessage(), "PUT /config/" + subject);
        }
        synchronized (registry) {
            registry.subjectLevels.put(subject, level.name());
            return level.name();
        }
    }

    @Override
    public void close() {
        // The registry belongs to the scope, not to this client.
    }

    @Override
    public String toString() {
        return "MockSchemaRegistryClient[mock://" + scope + "]";
    }

    private String config(String subject) {
        return registry.subjectLevels.getOrDefault(subject, registry.globalLevel);
    }

    private List<RegisteredSchema> versionsOf(String subject, String request) {
        List<RegisteredSchema> versions = registry.subjects.get(subject);
        if (versions == null || versions.isEmpty()) {
            throw error(404, SchemaRegistryException.SUBJECT_NOT_FOUND, "Subject '" + subject + "' not found.", request);
        }
        return versions;
    }

    private static Optional<RegisteredSchema> find(List<RegisteredSchema> versions, Schema schema) {
        String text = schema.toString();
        return versions.stream().filter(v -> v.schema().toString().equals(text)).findFirst();
    }

    private SchemaRegistryException error(int status, int code, String message, String request) {
        return SchemaRegistryException.answered("mock://" + scope, status, code, message, request, 1);
    }

    /** The shared state of one scope; guarded by its own monitor. */
    private static final class Registry {
        final Map<String, Integer> ids = new HashMap<>();
        final Map<Integer, Schema> schemas = new HashMap<>();
        final Map<String, List<RegisteredSchema>> subjects = new TreeMap<>();
        final Map<String, String> subjectLevels = new HashMap<>();
        final String globalLevel = CompatibilityLevel.BACKWARD.name();
    }
}
