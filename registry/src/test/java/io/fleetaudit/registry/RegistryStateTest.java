package io.fleetaudit.registry;

import io.fleetaudit.schemas.registry.CompatibilityLevel;
import static org.assertj.core.api.Assertions.assertThat;

import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

import io.fleetaudit.registry.RegistryState.Decision;
import io.fleetaudit.registry.RegistryState.Existing;
import io.fleetaudit.registry.RegistryState.Incompatible;
import io.fleetaudit.registry.RegistryState.Registered;
import io.fleetaudit.registry.StoreRecords.Proposal;
import io.fleetaudit.registry.StoreRecords.SchemaKey;
import io.fleetaudit.registry.StoreRecords.SchemaValue;

class RegistryStateTest {

    private static final String A = canonical("{\"name\":\"a\",\"type\":\"string\"}");
    private static final String AB = canonical("{\"name\":\"a\",\"type\":\"string\"}",
            "{\"name\":\"b\",\"type\":\"int\",\"default\":0}");
    private static final String B_ONLY = canonical("{\"name\":\"b\",\"type\":\"int\"}");

    @Test
    void shouldReserveDistinctVersionsAndIdsForRacingProposals() {
        RegistryState state = new RegistryState(CompatibilityLevel.BACKWARD);
        Registered first = (Registered) decide(state, "p1", "s", A);
        Registered second = (Registered) decide(state, "p2", "s", AB);
        Registered sameSchemaOtherSubject = (Registered) decide(state, "p3", "t", A);
        Registered sameSchemaSameSubject = (Registered) decide(state, "p4", "s", A);

        assertThat(first.value()).isEqualTo(new SchemaValue("s", 1, 1, A, false));
        assertThat(second.value()).isEqualTo(new SchemaValue("s", 2, 2, AB, false));
        assertThat(sameSchemaOtherSubject.value()).isEqualTo(new SchemaValue("t", 1, 1, A, false));
        assertThat(sameSchemaSameSubject.value()).as("the racing writer writes the identical record")
                .isEqualTo(first.value());
        assertThat(state.versions("s")).as("reservations are not visible until written").isEmpty();
    }

    @Test
    void shouldAnswerExistingAndRefuseIncompatibleOnceRecorded() {
        RegistryState state = new RegistryState(CompatibilityLevel.BACKWARD);
        Registered first = (Registered) decide(state, "p1", "s", A);
        record(state, "p1", first.value());

        assertThat(decide(state, "p2", "s", A)).isEqualTo(new Existing(first.value()));
        Decision refused = decide(state, "p3", "s", B_ONLY);
        assertThat(refused).isInstanceOf(Incompatible.class);
        assertThat(((Incompatible) refused).messages()).anySatisfy(m -> assertThat(m).contains("oldSchemaVersion: 1"));

        state.applyConfig("s", CompatibilityLevel.NONE);
        assertThat(decide(state, "p4", "s", B_ONLY)).isInstanceOf(Registered.class);
    }

    @Test
    void shouldSoftDeleteKeepIdsAndNotReuseIdsAfterAPermanentDelete() {
        RegistryState state = new RegistryState(CompatibilityLevel.NONE);
        SchemaValue v1 = ((Registered) decide(state, "p1", "s", A)).value();
        record(state, "p1", v1);
        SchemaValue v2 = ((Registered) decide(state, "p2", "s", B_ONLY)).value();
        record(state, "p2", v2);

        assertThat(state.applySchema(new SchemaKey("s", 2), v2.withDeleted(true))).isTrue();
        assertThat(state.subjects(false)).containsExactly("s");
        assertThat(state.schemaById(v2.id())).contains(B_ONLY);
        assertThat(state.applySchema(new SchemaKey("s", 2), null)).isTrue();
        assertThat(state.schemaById(v2.id())).as("no version uses it any more").isEmpty();

        SchemaValue next = ((Registered) decide(state, "p3", "s", AB)).value();
        assertThat(next.id()).as("max id seen + 1").isEqualTo(v2.id() + 1);
        assertThat(next.version()).isEqualTo(2);
    }

    @Test
    void shouldIgnoreASchemaRecordContradictingTheRegisteredOne() {
        RegistryState state = new RegistryState(CompatibilityLevel.NONE);
        SchemaValue v1 = ((Registered) decide(state, "p1", "s", A)).value();
        record(state, "p1", v1);

        assertThat(state.applySchema(new SchemaKey("s", 1), new SchemaValue("s", 1, 7, B_ONLY, false))).isFalse();
        assertThat(state.applySchema(new SchemaKey("t", 1), new SchemaValue("t", 1, v1.id(), B_ONLY, false)))
                .as("id already bound to another schema").isFalse();
        assertThat(state.version("s", 1)).contains(v1);
        assertThat(state.subjects(true)).containsExactly("s");
    }

    @Test
    void shouldFollowTheGlobalLevelUntilTheSubjectHasItsOwn() {
        RegistryState state = new RegistryState(CompatibilityLevel.BACKWARD);
        assertThat(state.effectiveLevel("s")).isEqualTo(CompatibilityLevel.BACKWARD);
        state.applyConfig(null, CompatibilityLevel.FULL);
        assertThat(state.effectiveLevel("s")).isEqualTo(CompatibilityLevel.FULL);
        state.applyConfig("s", CompatibilityLevel.NONE);
        assertThat(state.effectiveLevel("s")).isEqualTo(CompatibilityLevel.NONE);
        state.applyConfig("s", null);
        state.applyConfig(null, null);
        assertThat(state.effectiveLevel("s")).isEqualTo(CompatibilityLevel.BACKWARD);
    }

    private static Decision decide(RegistryState state, String proposal, String subject, String schema) {
        state.await(proposal);
        state.applyProposal(proposal, new Proposal(subject, schema));
        return state.takeDecision(proposal).orElseThrow();
    }

    /** What the writer does after a decision: write the schema record, tombstone the proposal. */
    private static void record(RegistryState state, String proposal, SchemaValue value) {
        assertThat(state.applySchema(new SchemaKey(value.subject(), value.version()), value)).isTrue();
        state.applyProposal(proposal, null);
    }

    private static String canonical(String... fields) {
        return new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"R\",\"fields\":[" + String.join(",", fields)
                + "]}").toString();
    }
}
