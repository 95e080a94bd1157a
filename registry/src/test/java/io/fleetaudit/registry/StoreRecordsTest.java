package io.fleetaudit.registry;

import io.fleetaudit.schemas.registry.CompatibilityLevel;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.fleetaudit.registry.StoreRecords.ConfigKey;
import io.fleetaudit.registry.StoreRecords.OtherKey;
import io.fleetaudit.registry.StoreRecords.Proposal;
import io.fleetaudit.registry.StoreRecords.ProposalKey;
import io.fleetaudit.registry.StoreRecords.SchemaKey;
import io.fleetaudit.registry.StoreRecords.SchemaValue;

class StoreRecordsTest {

    @Test
    void shouldWriteConfluentShapedKeysByteForByte() {
        // Compaction works on key bytes: every instance must produce exactly these.
        assertThat(text(StoreRecords.key(new SchemaKey("orders-value", 3))))
                .isEqualTo("{\"keytype\":\"SCHEMA\",\"subject\":\"orders-value\",\"version\":3,\"magic\":1}");
        assertThat(text(StoreRecords.key(new ConfigKey(null))))
                .isEqualTo("{\"keytype\":\"CONFIG\",\"subject\":null,\"magic\":0}");
        assertThat(text(StoreRecords.key(new ConfigKey("orders-value"))))
                .isEqualTo("{\"keytype\":\"CONFIG\",\"subject\":\"orders-value\",\"magic\":0}");
    }

    @Test
    void shouldRoundTripEveryRecordKind() {
        SchemaKey key = new SchemaKey("s", 2);
        SchemaValue value = new SchemaValue("s", 2, 9, "\"string\"", true);
        assertThat(StoreRecords.parseKey(StoreRecords.key(key))).isEqualTo(key);
        assertThat(StoreRecords.parseSchemaValue(key, StoreRecords.value(value))).isEqualTo(value);
        assertThat(text(StoreRecords.value(value)))
                .isEqualTo("{\"subject\":\"s\",\"version\":2,\"id\":9,\"schema\":\"\\\"string\\\"\",\"deleted\":true}");

        ProposalKey proposalKey = new ProposalKey("p-1");
        assertThat(StoreRecords.parseKey(StoreRecords.key(proposalKey))).isEqualTo(proposalKey);
        Proposal proposal = new Proposal("s", "\"int\"");
        assertThat(StoreRecords.parseProposal(StoreRecords.value(proposal))).isEqualTo(proposal);

        assertThat(StoreRecords.parseKey(StoreRecords.key(new ConfigKey(null)))).isEqualTo(new ConfigKey(null));
        assertThat(StoreRecords.parseConfigValue(StoreRecords.value(CompatibilityLevel.FULL)))
                .isEqualTo(CompatibilityLevel.FULL);
    }

    @Test
    void shouldSkipOtherKeyTypesAndRejectGarbage() {
        assertThat(StoreRecords.parseKey("{\"keytype\":\"NOOP\",\"magic\":0}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(new OtherKey("NOOP"));
        assertThatThrownBy(() -> StoreRecords.parseKey("not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> StoreRecords.parseKey("{\"keytype\":\"SCHEMA\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("subject");
        assertThatThrownBy(() -> StoreRecords.parseConfigValue(
                "{\"compatibilityLevel\":\"SIDEWAYS\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SIDEWAYS");
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
