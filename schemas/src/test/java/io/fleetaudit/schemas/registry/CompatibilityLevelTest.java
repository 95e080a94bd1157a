package io.fleetaudit.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;

class CompatibilityLevelTest {

    private static final Schema A = SchemaBuilder.record("R").fields().requiredString("a").endRecord();
    private static final Schema AB_DEFAULT = SchemaBuilder.record("R").fields().requiredString("a")
            .name("b").type().intType().intDefault(0).endRecord();
    private static final Schema AB_REQUIRED = SchemaBuilder.record("R").fields().requiredString("a").requiredInt("b").endRecord();
    private static final Schema NOTHING = SchemaBuilder.record("R").fields().endRecord();

    @Test
    void backwardLetsTheNewReaderReadOldData() {
        assertThat(CompatibilityLevel.BACKWARD.incompatibilities(AB_DEFAULT, List.of(A))).isEmpty();
        assertThat(CompatibilityLevel.BACKWARD.incompatibilities(AB_REQUIRED, List.of(A)))
                .singleElement().asString().contains("READER_FIELD_MISSING_DEFAULT_VALUE").contains("/fields/1 (field b)");
    }

    @Test
    void forwardLetsTheOldReaderReadNewData() {
        assertThat(CompatibilityLevel.FORWARD.incompatibilities(AB_REQUIRED, List.of(A))).isEmpty();
        assertThat(CompatibilityLevel.FORWARD.incompatibilities(NOTHING, List.of(A))).isNotEmpty();
        assertThat(CompatibilityLevel.FULL.incompatibilities(AB_REQUIRED, List.of(A))).isNotEmpty();
        assertThat(CompatibilityLevel.NONE.incompatibilities(NOTHING, List.of(AB_REQUIRED))).isEmpty();
    }

    @Test
    void transitiveChecksEveryVersion() {
        // NOTHING -> A breaks BACKWARD; against the latest (AB_DEFAULT) alone, A is fine.
        assertThat(CompatibilityLevel.BACKWARD.incompatibilities(A, List.of(NOTHING, AB_DEFAULT))).isEmpty();
        assertThat(CompatibilityLevel.FORWARD_TRANSITIVE.incompatibilities(A, List.of(NOTHING, AB_DEFAULT))).isEmpty();
        assertThat(CompatibilityLevel.BACKWARD_TRANSITIVE.incompatibilities(AB_REQUIRED, List.of(A, AB_DEFAULT)))
                .hasSize(1).first().asString().contains("schema #1");
    }

    @Test
    void namesNestedFieldsFromAvroLocations() {
        Schema nested = SchemaBuilder.record("Outer").fields().name("items").type().array().items(A).noDefault()
                .name("opt").type().unionOf().nullType().and().type(AB_DEFAULT).endUnion().nullDefault().endRecord();
        assertThat(CompatibilityLevel.fieldPath(nested, "/fields/0/type/items/fields/0/type")).isEqualTo("items.a");
        assertThat(CompatibilityLevel.fieldPath(nested, "/fields/1/type/1/fields/1")).isEqualTo("opt.b");
        assertThat(CompatibilityLevel.fieldPath(nested, "/fields/9")).isEmpty();
    }
}
