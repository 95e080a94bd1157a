package io.fleetaudit.registry;

import io.fleetaudit.schemas.registry.CompatibilityLevel;
import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The records of the {@code _schemas} topic, in the same JSON shapes Confluent Schema Registry writes
 * (key {@code {"keytype":"SCHEMA","subject":..,"version":..,"magic":1}}, value
 * {@code {"subject","version","id","schema","deleted"}}; key {@code {"keytype":"CONFIG","subject":..,"magic":0}},
 * value {@code {"compatibilityLevel":..}}). Input/output: bytes. Keys are written field by field in a fixed
 * order so two instances produce identical key bytes and log compaction keeps one record per key.
 */
final class StoreRecords {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A record key of the store topic. */
    sealed interface Key permits SchemaKey, ConfigKey, ProposalKey, OtherKey {
    }

    /**
     * A registration request (unique id); every reader turns it into a version and id the same way, in log
     * order, so racing instances never hand out one version or id twice. Tombstoned once its outcome is
     * written as a {@link SchemaKey} record.
     */
    record ProposalKey(String proposal) implements Key {
    }

    /** What a proposal asks for. */
    record Proposal(String subject, String schema) {
    }

    /** One version of one subject. */
    record SchemaKey(String subject, int version) implements Key {
    }

    /** Compatibility config of a subject, or the global one when {@code subject} is null. */
    record ConfigKey(String subject) implements Key {
    }

    /** A key type this registry does not use (NOOP, MODE, ... written by other registries): skipped. */
    record OtherKey(String keytype) implements Key {
    }

    /** A registered schema version. */
    record SchemaValue(String subject, int version, int id, String schema, boolean deleted) {
        SchemaValue withDeleted(boolean nowDeleted) {
            return new SchemaValue(subject, version, id, schema, nowDeleted);
        }
    }

    private StoreRecords() {
    }

    static byte[] key(Key key) {
        ObjectNode node = JSON.createObjectNode();
        if (key instanceof SchemaKey schemaKey) {
            node.put("keytype", "SCHEMA").put("subject", schemaKey.subject()).put("version", schemaKey.version())
                    .put("magic", 1);
        } else if (key instanceof ConfigKey configKey) {
            node.put("keytype", "CONFIG").put("subject", configKey.subject()).put("magic", 0);
        } else if (key instanceof ProposalKey proposalKey) {
            node.put("keytype", "SCHEMA_PROPOSAL").put("proposal", proposalKey.proposal()).put("magic", 0);
        } else {
            throw new IllegalArgumentException("not written by this registry: " + key);
        }
        return bytes(node);
    }

    static byte[] value(SchemaValue value) {
        ObjectNode node = JSON.createObjectNode().put("subject", value.subject()).put("version", value.version())
                .put("id", value.id()).put("schema", value.schema()).put("deleted", value.deleted());
        return bytes(node);
    }

    static byte[] value(Proposal proposal) {
        return bytes(JSON.createObjectNode().put("subject", proposal.subject()).put("schema", proposal.schema()));
    }

    static byte[] value(CompatibilityLevel level) {
        return bytes(JSON.createObjectNode().put("compatibilityLevel", level.name()));
    }

    /** Decodes a key; throws {@link IllegalArgumentException} for bytes that are not a store key. */
    static Key parseKey(byte[] bytes) {
        JsonNode node = tree(bytes);
        String keytype = node.path("keytype").asText("");
        return switch (keytype) {
            case "SCHEMA" -> new SchemaKey(requiredText(node, "subject"), requiredInt(node, "version"));
            case "CONFIG" -> new ConfigKey(node.hasNonNull("subject") ? node.get("subject").asText() : null);
            case "SCHEMA_PROPOSAL" -> new ProposalKey(requiredText(node, "proposal"));
            default -> new OtherKey(keytype);
        };
    }

    static SchemaValue parseSchemaValue(SchemaKey key, byte[] bytes) {
        JsonNode node = tree(bytes);
        // The key is authoritative for subject and version: compaction works on it.
        return new SchemaValue(key.subject(), key.version(), requiredInt(node, "id"), requiredText(node, "schema"),
                node.path("deleted").asBoolean(false));
    }

    static Proposal parseProposal(byte[] bytes) {
        JsonNode node = tree(bytes);
        return new Proposal(requiredText(node, "subject"), requiredText(node, "schema"));
    }

    static CompatibilityLevel parseConfigValue(byte[] bytes) {
        String level = requiredText(tree(bytes), "compatibilityLevel");
        return CompatibilityLevel.tryParse(level)
                .orElseThrow(() -> new IllegalArgumentException("unknown compatibilityLevel " + level));
    }

    private static JsonNode tree(byte[] bytes) {
        try {
            JsonNode node = JSON.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException("not a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
    }

    private static String requiredText(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("missing text field '" + field + "'");
        }
        return value.asText();
    }

    private static int requiredInt(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.canConvertToInt()) {
            throw new IllegalArgumentException("missing int field '" + field + "'");
        }
        return value.asInt();
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
