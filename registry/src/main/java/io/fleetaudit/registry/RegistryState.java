package io.fleetaudit.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

import io.fleetaudit.registry.StoreRecords.SchemaKey;
import io.fleetaudit.registry.StoreRecords.SchemaValue;

/**
 * The registry's in-memory view, rebuilt by applying the store topic's records in offset order. Input: schema
 * and config records (a null value is a tombstone); output: lookups by subject, version, id and schema text.
 * Conflicting writes from several instances are resolved first-writer-wins, identically in every instance
 * because all of them apply the same log in the same order: a record that would bind a taken version to
 * another schema, a taken id to another schema, or a schema to a second id is rejected.
 * Thread-safe (one reader thread applies, HTTP threads read).
 */
final class RegistryState {

    /** What applying a schema record did. */
    enum Outcome { APPLIED, CONFLICT }

    private final Map<String, TreeMap<Integer, SchemaValue>> subjects = new TreeMap<>();
    private final Map<Integer, String> schemaById = new HashMap<>();
    private final Map<String, Integer> idBySchema = new HashMap<>();
    private final Map<String, CompatibilityLevel> subjectLevels = new HashMap<>();
    private CompatibilityLevel globalLevel;
    private int maxId;

    synchronized Outcome applySchema(SchemaKey key, SchemaValue value) {
        TreeMap<Integer, SchemaValue> versions = subjects.get(key.subject());
        if (value == null) {
            if (versions != null) {
                SchemaValue removed = versions.remove(key.version());
                if (versions.isEmpty()) {
                    subjects.remove(key.subject());
                }
                if (removed != null) {
                    forgetIdIfUnused(removed.id());
                }
            }
            return Outcome.APPLIED;
        }
        SchemaValue existing = versions == null ? null : versions.get(key.version());
        if (existing != null && (existing.id() != value.id() || !existing.schema().equals(value.schema()))) {
            return Outcome.CONFLICT;
        }
        String boundSchema = schemaById.get(value.id());
        if (boundSchema != null && !boundSchema.equals(value.schema())) {
            return Outcome.CONFLICT;
        }
        Integer boundId = idBySchema.get(value.schema());
        if (boundId != null && boundId != value.id()) {
            return Outcome.CONFLICT;
        }
        if (existing == null && !value.deleted() && versions != null && versions.values().stream()
                .anyMatch(v -> !v.deleted() && v.id() == value.id())) {
            return Outcome.CONFLICT; // the same schema registered twice in one subject by racing instances
        }
        subjects.computeIfAbsent(key.subject(), s -> new TreeMap<>()).put(key.version(), value);
        schemaById.put(value.id(), value.schema());
        idBySchema.put(value.schema(), value.id());
        maxId = Math.max(maxId, value.id());
        return Outcome.APPLIED;
    }

    synchronized void applyConfig(String subject, CompatibilityLevel level) {
        if (subject == null) {
            globalLevel = level;
        } else if (level == null) {
            subjectLevels.remove(subject);
        } else {
            subjectLevels.put(subject, level);
        }
    }

    /** Subjects with at least one live version (or any version when {@code includeDeleted}). */
    synchronized List<String> subjects(boolean includeDeleted) {
        List<String> names = new ArrayList<>();
        subjects.forEach((subject, versions) -> {
            if (includeDeleted || versions.values().stream().anyMatch(v -> !v.deleted())) {
                names.add(subject);
            }
        });
        return names;
    }

    /** Every version of the subject, soft-deleted ones included, oldest first; empty when unknown. */
    synchronized List<SchemaValue> versions(String subject) {
        TreeMap<Integer, SchemaValue> versions = subjects.get(subject);
        return versions == null ? List.of() : List.copyOf(versions.values());
    }

    synchronized Optional<SchemaValue> version(String subject, int version) {
        TreeMap<Integer, SchemaValue> versions = subjects.get(subject);
        return Optional.ofNullable(versions == null ? null : versions.get(version));
    }

    synchronized Optional<String> schemaById(int id) {
        return Optional.ofNullable(schemaById.get(id));
    }

    synchronized Optional<Integer> idOf(String canonicalSchema) {
        return Optional.ofNullable(idBySchema.get(canonicalSchema));
    }

    /** Every (subject, version) that uses the id, oldest subject/version first. */
    synchronized List<SchemaValue> usages(int id) {
        List<SchemaValue> usages = new ArrayList<>();
        subjects.values().forEach(versions -> versions.values().stream()
                .filter(v -> v.id() == id).forEach(usages::add));
        return usages;
    }

    synchronized int maxId() {
        return maxId;
    }

    synchronized int schemaCount() {
        return schemaById.size();
    }

    synchronized Optional<CompatibilityLevel> subjectLevel(String subject) {
        return Optional.ofNullable(subjectLevels.get(subject));
    }

    synchronized Optional<CompatibilityLevel> globalLevel() {
        return Optional.ofNullable(globalLevel);
    }

    private void forgetIdIfUnused(int id) {
        boolean used = subjects.values().stream().anyMatch(vs -> vs.values().stream().anyMatch(v -> v.id() == id));
        if (!used) {
            String schema = schemaById.remove(id);
            if (schema != null && Objects.equals(idBySchema.get(schema), id)) {
                idBySchema.remove(schema);
            }
        }
    }
}
