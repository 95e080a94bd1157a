package io.fleetaudit.registry;

import io.fleetaudit.schemas.registry.CompatibilityLevel;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;

import org.apache.avro.Schema;
import org.apache.avro.AvroRuntimeException;

import io.fleetaudit.registry.StoreRecords.ConfigKey;
import io.fleetaudit.registry.StoreRecords.Proposal;
import io.fleetaudit.registry.StoreRecords.ProposalKey;
import io.fleetaudit.registry.StoreRecords.SchemaKey;
import io.fleetaudit.registry.StoreRecords.SchemaValue;

/**
 * The registry's operations, independent of HTTP: register, look up, list, delete, configure and check
 * compatibility. Input: subjects, version specs ("latest", "-1" or 1..2^31-1) and schema requests; output: store
 * values, or a {@link RegistryException} carrying Confluent's error code. Reads are served from the local state;
 * writes are serialized per instance, written to the store and returned once applied. Schemas are compared in
 * Avro's canonical JSON ({@code Schema.toString()}: whitespace and attribute order do not matter).
 */
final class SchemaRegistryService {

    private final RegistryState state;
    private final KafkaStore store;
    private final RegistryMetrics metrics;
    private final ReentrantLock writeLock = new ReentrantLock();

    SchemaRegistryService(RegistryState state, KafkaStore store, RegistryMetrics metrics) {
        this.state = state;
        this.store = store;
        this.metrics = metrics;
    }

    /**
     * Registers the schema under the subject (idempotent) and returns its global id. The registration is
     * written as a proposal that every instance decides identically when it reads it (see {@link RegistryState});
     * the decided version is then written as a schema record and the proposal tombstoned, so compaction keeps
     * exactly the decided records.
     */
    int register(String subject, SchemaRequest request) {
        Schema schema = parse(request);
        String canonical = schema.toString();
        writeLock.lock();
        try {
            store.sync();
            List<SchemaValue> all = state.versions(subject);
            Optional<SchemaValue> same = all.stream()
                    .filter(v -> !v.deleted() && v.schema().equals(canonical)).findFirst();
            if (same.isPresent()) {
                metrics.registration("existing");
                return same.get().id();
            }
            // Refuse early without writing; the reader re-checks, since another instance may write in between.
            throwIfIncompatible(subject, CompatibilityChecker.check(state.effectiveLevel(subject), schema,
                    state.live(all)));
            String proposal = UUID.randomUUID().toString();
            ProposalKey proposalKey = new ProposalKey(proposal);
            state.await(proposal);
            RegistryState.Decision decision;
            try {
                store.write(proposalKey, StoreRecords.value(new Proposal(subject, canonical)));
            } finally {
                decision = state.takeDecision(proposal).orElse(null);
            }
            if (decision instanceof RegistryState.Registered registered) {
                SchemaValue value = registered.value();
                store.write(new SchemaKey(subject, value.version()), StoreRecords.value(value));
                if (state.version(subject, value.version()).filter(value::equals).isEmpty()) {
                    store.writeAndForget(proposalKey, null);
                    throw RegistryException.storeError("Concurrent registration under subject '" + subject
                            + "' by another registry instance took version " + value.version() + "; retry", null);
                }
            }
            store.writeAndForget(proposalKey, null);
            if (decision instanceof RegistryState.Incompatible incompatible) {
                throwIfIncompatible(subject, incompatible.messages());
            }
            if (decision == null) {
                throw RegistryException.storeError("The registration of subject '" + subject
                        + "' was written but not decided by the store reader", null);
            }
            SchemaValue value = decision instanceof RegistryState.Registered r ? r.value()
                    : ((RegistryState.Existing) decision).value();
            metrics.registration(decision instanceof RegistryState.Registered ? "new" : "existing");
            return value.id();
        } finally {
            writeLock.unlock();
        }
    }

    private void throwIfIncompatible(String subject, List<String> messages) {
        if (!messages.isEmpty()) {
            metrics.registration("incompatible");
            throw RegistryException.incompatible("Schema being registered is incompatible with an earlier "
                    + "schema for subject \"" + subject + "\", details: " + messages);
        }
    }

    /** The version of the subject holding exactly this schema. */
    SchemaValue lookup(String subject, SchemaRequest request, boolean includeDeleted) {
        String canonical = parse(request).toString();
        List<SchemaValue> candidates = visible(subject, includeDeleted);
        return candidates.stream().filter(v -> v.schema().equals(canonical))
                .reduce((first, second) -> second)
                .orElseThrow(() -> RegistryException.schemaNotFound("no version of subject '" + subject
                        + "' has this schema"));
    }

    List<String> subjects(boolean includeDeleted) {
        return state.subjects(includeDeleted);
    }

    List<Integer> versions(String subject, boolean includeDeleted) {
        return visible(subject, includeDeleted).stream().map(SchemaValue::version).toList();
    }

    SchemaValue version(String subject, String versionSpec, boolean includeDeleted) {
        int requested = parseVersion(versionSpec);
        List<SchemaValue> candidates = visible(subject, includeDeleted);
        if (requested == -1) {
            return candidates.get(candidates.size() - 1);
        }
        return candidates.stream().filter(v -> v.version() == requested).findFirst()
                .orElseThrow(() -> RegistryException.versionNotFound(subject, requested));
    }

    /** The schema text for a global id; syncs once with the store before answering 40403. */
    String schemaById(int id) {
        Optional<String> schema = state.schemaById(id);
        if (schema.isEmpty()) {
            store.sync(); // another instance may have just registered it
            schema = state.schemaById(id);
        }
        return schema.orElseThrow(() -> RegistryException.schemaNotFound("no schema with id " + id));
    }

    /** Every (subject, version) using the id. */
    List<SchemaValue> usages(int id, boolean includeDeleted) {
        schemaById(id);
        return state.usages(id).stream().filter(v -> includeDeleted || !v.deleted()).toList();
    }

    List<Integer> deleteSubject(String subject, boolean permanent) {
        writeLock.lock();
        try {
            store.sync();
            List<SchemaValue> all = state.versions(subject);
            if (all.isEmpty()) {
                throw RegistryException.subjectNotFound(subject);
            }
            List<SchemaValue> live = all.stream().filter(v -> !v.deleted()).toList();
            if (!permanent) {
                if (live.isEmpty()) {
                    throw RegistryException.subjectSoftDeleted(subject);
                }
                for (SchemaValue value : live) {
                    store.write(new SchemaKey(subject, value.version()), StoreRecords.value(value.withDeleted(true)));
                }
                return live.stream().map(SchemaValue::version).toList();
            }
            if (!live.isEmpty()) {
                throw RegistryException.subjectNotSoftDeleted(subject);
            }
            for (SchemaValue value : all) {
                store.write(new SchemaKey(subject, value.version()), null);
            }
            return all.stream().map(SchemaValue::version).toList();
        } finally {
            writeLock.unlock();
        }
    }

    int deleteVersion(String subject, String versionSpec, boolean permanent) {
        int requested = parseVersion(versionSpec);
        writeLock.lock();
        try {
            store.sync();
            SchemaValue value = requested == -1
                    ? version(subject, versionSpec, false)
                    : visible(subject, true).stream().filter(v -> v.version() == requested).findFirst()
                            .orElseThrow(() -> RegistryException.versionNotFound(subject, requested));
            SchemaKey key = new SchemaKey(subject, value.version());
            if (!permanent) {
                if (value.deleted()) {
                    throw RegistryException.versionSoftDeleted(subject, value.version());
                }
                store.write(key, StoreRecords.value(value.withDeleted(true)));
            } else {
                if (!value.deleted()) {
                    throw RegistryException.versionNotSoftDeleted(subject, value.version());
                }
                store.write(key, null);
            }
            return value.version();
        } finally {
            writeLock.unlock();
        }
    }

    CompatibilityLevel globalLevel() {
        return state.globalLevel();
    }

    /** The subject's own level; with {@code defaultToGlobal}, the global one when the subject has none. */
    CompatibilityLevel subjectLevel(String subject, boolean defaultToGlobal) {
        Optional<CompatibilityLevel> level = state.subjectLevel(subject);
        if (level.isEmpty() && defaultToGlobal) {
            return globalLevel();
        }
        return level.orElseThrow(() -> RegistryException.subjectConfigNotFound(subject));
    }

    /** Sets the level of a subject, or the global level when {@code subject} is null. */
    CompatibilityLevel setLevel(String subject, String levelName) {
        CompatibilityLevel level = CompatibilityLevel.tryParse(levelName)
                .orElseThrow(() -> RegistryException.invalidCompatibilityLevel(levelName));
        writeLock.lock();
        try {
            store.write(new ConfigKey(subject), StoreRecords.value(level));
            return level;
        } finally {
            writeLock.unlock();
        }
    }

    /** Removes a subject's level (or resets the global one) and returns the level it had. */
    CompatibilityLevel deleteLevel(String subject) {
        writeLock.lock();
        try {
            store.sync();
            CompatibilityLevel previous = subject == null ? globalLevel() : subjectLevel(subject, false);
            store.write(new ConfigKey(subject), null);
            return previous;
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Checks the schema against one version of the subject, or with {@code versionSpec} null / "latest" against
     * what registration would check. Returns the incompatibility messages (empty = compatible).
     */
    List<String> checkCompatibility(String subject, String versionSpec, SchemaRequest request) {
        Schema schema = parse(request);
        CompatibilityLevel level = state.effectiveLevel(subject);
        int requested = versionSpec == null ? -1 : parseVersion(versionSpec);
        List<SchemaValue> live = state.versions(subject).stream().filter(v -> !v.deleted()).toList();
        if (requested == -1) {
            return CompatibilityChecker.check(level, schema, state.live(live));
        }
        SchemaValue target = live.stream().filter(v -> v.version() == requested).findFirst()
                .orElseThrow(() -> RegistryException.versionNotFound(subject, requested));
        return CompatibilityChecker.check(level, schema, state.live(List.of(target)));
    }

    boolean healthy() {
        return store.healthy();
    }

    /** The subject's versions a reader may see; 40401 when there are none. */
    private List<SchemaValue> visible(String subject, boolean includeDeleted) {
        List<SchemaValue> visible = state.versions(subject).stream()
                .filter(v -> includeDeleted || !v.deleted()).toList();
        if (visible.isEmpty()) {
            throw RegistryException.subjectNotFound(subject);
        }
        return visible;
    }

    /** "latest" and "-1" give -1; 1..2^31-1 as is; anything else is 42202. */
    static int parseVersion(String versionSpec) {
        if ("latest".equalsIgnoreCase(versionSpec) || "-1".equals(versionSpec)) {
            return -1;
        }
        try {
            int version = Integer.parseInt(versionSpec);
            if (version >= 1) {
                return version;
            }
        } catch (NumberFormatException e) {
            // falls through to the Confluent error below
        }
        throw RegistryException.invalidVersion(versionSpec);
    }

    static Schema parse(SchemaRequest request) {
        if (request.schemaType() != null && !"AVRO".equalsIgnoreCase(request.schemaType())) {
            throw RegistryException.invalidSchema("Invalid schema: schemaType " + request.schemaType()
                    + " is not supported by this local registry (AVRO only)");
        }
        if (request.hasReferences()) {
            throw RegistryException.invalidSchema("Invalid schema: schema references are not supported by this "
                    + "local registry; register a self-contained Avro schema");
        }
        if (request.schema() == null || request.schema().isBlank()) {
            throw RegistryException.invalidSchema("Invalid schema: the request has no 'schema'");
        }
        try {
            return new Schema.Parser().parse(request.schema());
        } catch (AvroRuntimeException e) { // SchemaParseException and friends
            throw RegistryException.invalidSchema("Invalid schema: " + e.getMessage());
        }
    }
}
