package io.fleetaudit.registry;

import io.fleetaudit.schemas.registry.CompatibilityLevel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import org.apache.avro.Schema;

import io.fleetaudit.registry.StoreRecords.Proposal;
import io.fleetaudit.registry.StoreRecords.SchemaKey;
import io.fleetaudit.registry.StoreRecords.SchemaValue;

/**
 * The registry's in-memory view, rebuilt by applying the store topic's records in offset order. Input:
 * registration proposals, schema records and config records (a null value is a tombstone); output: lookups by
 * subject, version, id and schema text. A proposal is decided here, the same way in every instance because all
 * of them apply the same log in the same order: the same live schema in the subject gives the existing version,
 * an incompatible one is refused, otherwise the next version and the schema's id (or max id + 1) are reserved
 * until the proposal's writer records the outcome as a schema record (the authoritative, compactable form)
 * and tombstones the proposal. Reservations keep racing proposals from taking one version or id twice.
 * Thread-safe: one reader thread applies, HTTP threads read.
 */
final class RegistryState {

    /** What a proposal turned into. */
    sealed interface Decision permits Registered, Existing, Incompatible {
    }

    /** A new version was assigned. */
    record Registered(SchemaValue value) implements Decision {
    }

    /** The subject already had this schema live. */
    record Existing(SchemaValue value) implements Decision {
    }

    /** Refused by the subject's compatibility level. */
    record Incompatible(List<String> messages) implements Decision {
    }

    private final CompatibilityLevel defaultLevel;
    private final Map<String, TreeMap<Integer, SchemaValue>> subjects = new TreeMap<>();
    private final Map<Integer, String> schemaById = new HashMap<>();
    private final Map<String, Integer> idBySchema = new HashMap<>();
    private final Map<Integer, Schema> parsed = new HashMap<>();
    private final Map<String, CompatibilityLevel> subjectLevels = new HashMap<>();
    private final Set<String> awaited = new HashSet<>();
    /** Versions and ids decided for proposals whose schema record has not been written yet, by proposal. */
    private final Map<String, SchemaValue> reservations = new HashMap<>();
    private final Map<String, Decision> decisions = new HashMap<>();
    private CompatibilityLevel globalLevel;
    private int maxId;

    RegistryState(CompatibilityLevel defaultLevel) {
        this.defaultLevel = defaultLevel;
    }

    /** The local writer wants the decision on this proposal (others' decisions are not kept). */
    synchronized void await(String proposal) {
        awaited.add(proposal);
    }

    /** The decision on an awaited proposal, once applied; removes it. */
    synchronized Optional<Decision> takeDecision(String proposal) {
        awaited.remove(proposal);
        return Optional.ofNullable(decisions.remove(proposal));
    }

    /** Decides a proposal (null = its tombstone, which ends the reservation). */
    synchronized void applyProposal(String proposalId, Proposal proposal) {
        if (proposal == null) {
            reservations.remove(proposalId);
            return;
        }
        Decision decision = decide(proposal);
        if (decision instanceof Registered registered) {
            reservations.put(proposalId, registered.value());
        }
        if (awaited.contains(proposalId)) {
            decisions.put(proposalId, decision);
        }
    }

    private Decision decide(Proposal proposal) {
        List<SchemaValue> all = versions(proposal.subject());
        Optional<SchemaValue> same = all.stream()
                .filter(v -> !v.deleted() && v.schema().equals(proposal.schema())).findFirst();
        if (same.isPresent()) {
            return new Existing(same.get());
        }
        Optional<SchemaValue> racing = reservations.values().stream()
                .filter(v -> v.subject().equals(proposal.subject()) && v.schema().equals(proposal.schema()))
                .findFirst();
        if (racing.isPresent()) {
            return new Registered(racing.get()); // both writers then write the same, identical schema record
        }
        Schema schema = new Schema.Parser().parse(proposal.schema());
        List<String> messages = CompatibilityChecker.check(effectiveLevel(proposal.subject()), schema, live(all));
        if (!messages.isEmpty()) {
            return new Incompatible(messages);
        }
        int id = Optional.ofNullable(idBySchema.get(proposal.schema()))
                .or(() -> reservations.values().stream().filter(v -> v.schema().equals(proposal.schema()))
                        .map(SchemaValue::id).findFirst())
                .orElseGet(() -> Math.max(maxId, reservations.values().stream().mapToInt(SchemaValue::id).max()
                        .orElse(0)) + 1);
        int lastVersion = Math.max(all.isEmpty() ? 0 : all.get(all.size() - 1).version(),
                reservations.values().stream().filter(v -> v.subject().equals(proposal.subject()))
                        .mapToInt(SchemaValue::version).max().orElse(0));
        return new Registered(new SchemaValue(proposal.subject(), lastVersion + 1, id, proposal.schema(), false));
    }

    /**
     * Applies a schema record: the final form of a decided proposal, a soft delete (same value, deleted=true)
     * or a permanent delete (null). A record contradicting what is already there is ignored (returns false).
     */
    synchronized boolean applySchema(SchemaKey key, SchemaValue value) {
        TreeMap<Integer, SchemaValue> versions = subjects.get(key.subject());
        if (value == null) {
            SchemaValue removed = versions == null ? null : versions.remove(key.version());
            if (versions != null && versions.isEmpty()) {
                subjects.remove(key.subject());
            }
            if (removed != null) {
                forgetIdIfUnused(removed.id());
            }
            return true;
        }
        SchemaValue existing = versions == null ? null : versions.get(key.version());
        if (existing != null && (existing.id() != value.id() || !existing.schema().equals(value.schema()))) {
            return false;
        }
        String boundSchema = schemaById.get(value.id());
        Integer boundId = idBySchema.get(value.schema());
        if ((boundSchema != null && !boundSchema.equals(value.schema()))
                || (boundId != null && boundId != value.id())) {
            return false;
        }
        put(value);
        return true;
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

    /** Every (subject, version) that uses the id, by subject then version. */
    synchronized List<SchemaValue> usages(int id) {
        List<SchemaValue> usages = new ArrayList<>();
        subjects.values().forEach(versions -> versions.values().stream()
                .filter(v -> v.id() == id).forEach(usages::add));
        return usages;
    }

    synchronized int schemaCount() {
        return schemaById.size();
    }

    synchronized Optional<CompatibilityLevel> subjectLevel(String subject) {
        return Optional.ofNullable(subjectLevels.get(subject));
    }

    synchronized CompatibilityLevel globalLevel() {
        return globalLevel == null ? defaultLevel : globalLevel;
    }

    synchronized CompatibilityLevel effectiveLevel(String subject) {
        return subjectLevels.getOrDefault(subject, globalLevel());
    }

    /** The live versions of a subject, parsed, oldest first (for compatibility checks). */
    synchronized List<CompatibilityChecker.Version> live(List<SchemaValue> values) {
        List<CompatibilityChecker.Version> live = new ArrayList<>();
        for (SchemaValue value : values) {
            if (!value.deleted()) {
                Schema schema = parsed.computeIfAbsent(value.id(), id -> new Schema.Parser().parse(value.schema()));
                live.add(new CompatibilityChecker.Version(value.version(), schema));
            }
        }
        return live;
    }

    private void put(SchemaValue value) {
        subjects.computeIfAbsent(value.subject(), s -> new TreeMap<>()).put(value.version(), value);
        schemaById.put(value.id(), value.schema());
        idBySchema.put(value.schema(), value.id());
        maxId = Math.max(maxId, value.id());
    }

    private void forgetIdIfUnused(int id) {
        boolean used = subjects.values().stream().anyMatch(vs -> vs.values().stream().anyMatch(v -> v.id() == id));
        if (!used) {
            String schema = schemaById.remove(id);
            parsed.remove(id);
            if (schema != null && Objects.equals(idBySchema.get(schema), id)) {
                idBySchema.remove(schema);
            }
        }
    }
}
