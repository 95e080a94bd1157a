package io.fleetaudit.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MockSchemaRegistryClientTest {

    private static final String SCOPE = "mock-client-test";
    private static final Schema V1 = SchemaBuilder.record("Thing").namespace("t").fields()
            .requiredString("a").endRecord();
    private static final Schema V2 = SchemaBuilder.record("Thing").namespace("t").fields()
            .requiredString("a").name("b").type().stringType().stringDefault("x").endRecord();
    private static final Schema V3_BREAKING = SchemaBuilder.record("Thing").namespace("t").fields()
            .requiredString("a").requiredString("c").endRecord();

    @AfterEach
    void drop() {
        MockSchemaRegistryClient.dropScope(SCOPE);
    }

    @Test
    void shouldShareOneRegistryPerScope() {
        SchemaRegistryClient one = SchemaRegistryClients.create(Map.of("schema.registry.url", "mock://" + SCOPE));
        SchemaRegistryClient two = SchemaRegistryClients.create(Map.of("schema.registry.url", "mock://" + SCOPE));
        SchemaRegistryClient other = SchemaRegistryClients.create(Map.of("schema.registry.url", "mock://" + SCOPE + "-other"));

        int id = one.register("s-value", V1);

        assertThat(two.getSchemaById(id)).isEqualTo(V1);
        assertThat(catchThrowableOfType(SchemaRegistryException.class, () -> other.getSchemaById(id)).errorCode())
                .isEqualTo(SchemaRegistryException.SCHEMA_NOT_FOUND);
        MockSchemaRegistryClient.dropScope(SCOPE + "-other");
    }

    @Test
    void shouldAssignVersionsPerSubjectAndIdsPerSchema() {
        SchemaRegistryClient client = MockSchemaRegistryClient.forScope(SCOPE);

        int id1 = client.register("a-value", V1);
        int id1Again = client.register("a-value", V1);
        int id2 = client.register("a-value", V2);
        int sameSchemaOtherSubject = client.register("b-value", V1);

        assertThat(id1Again).isEqualTo(id1);
        assertThat(id2).isNotEqualTo(id1);
        assertThat(sameSchemaOtherSubject).isEqualTo(id1);
        assertThat(client.getVersions("a-value")).containsExactly(1, 2);
        assertThat(client.getLatest("a-value")).isEqualTo(new RegisteredSchema("a-value", 2, id2, V2));
        assertThat(client.getVersion("a-value", 1).id()).isEqualTo(id1);
        assertThat(client.lookup("b-value", V1)).isEqualTo(new RegisteredSchema("b-value", 1, id1, V1));
        assertThat(client.getSubjects()).containsExactly("a-value", "b-value");
    }

    @Test
    void shouldRejectBackwardIncompatibleSchemasWith409() {
        SchemaRegistryClient client = MockSchemaRegistryClient.forScope(SCOPE);
        client.register("a-value", V1);

        assertThat(client.testCompatibility("a-value", V2)).isTrue();
        assertThat(client.testCompatibility("a-value", V3_BREAKING)).isFalse();
        SchemaRegistryException e = catchThrowableOfType(SchemaRegistryException.class, () -> client.register("a-value", V3_BREAKING));
        assertThat(e.status()).isEqualTo(409);
        assertThat(e.getMessage()).startsWith("Schema registry mock://" + SCOPE + " answered 409 (error_code 409): "
                + "Schema being registered is incompatible with an earlier schema for subject \"a-value\"")
                .contains("READER_FIELD_MISSING_DEFAULT_VALUE");

        assertThat(client.updateConfig("a-value", "NONE")).isEqualTo("NONE");
        assertThat(client.register("a-value", V3_BREAKING)).isPositive();
        assertThat(client.getConfig("a-value")).isEqualTo("NONE");
        assertThat(client.getConfig()).isEqualTo("BACKWARD");
    }

    @Test
    void shouldAnswerConfluentErrorCodes() {
        SchemaRegistryClient client = MockSchemaRegistryClient.forScope(SCOPE);
        client.register("a-value", V1);

        assertThat(catchThrowableOfType(SchemaRegistryException.class, () -> client.getLatest("nope-value")).errorCode())
                .isEqualTo(SchemaRegistryException.SUBJECT_NOT_FOUND);
        assertThat(catchThrowableOfType(SchemaRegistryException.class, () -> client.getVersion("a-value", 5)).errorCode())
                .isEqualTo(SchemaRegistryException.VERSION_NOT_FOUND);
        assertThat(catchThrowableOfType(SchemaRegistryException.class, () -> client.lookup("a-value", V2)).errorCode())
                .isEqualTo(SchemaRegistryException.SCHEMA_NOT_FOUND);
        assertThat(catchThrowableOfType(SchemaRegistryException.class, () -> client.updateConfig("a-value", "SIDEWAYS")))
                .hasMessageContaining("error_code 42203").hasMessageContaining("BACKWARD_TRANSITIVE");
    }
}
