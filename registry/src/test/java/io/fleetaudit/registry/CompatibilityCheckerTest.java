package io.fleetaudit.registry;

import io.fleetaudit.schemas.registry.CompatibilityLevel;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

import io.fleetaudit.registry.CompatibilityChecker.Version;

class CompatibilityCheckerTest {

    private static final Schema V1 = schema("{\"name\":\"a\",\"type\":\"string\"}");
    private static final Schema ADDS_WITH_DEFAULT = schema("{\"name\":\"a\",\"type\":\"string\"}",
            "{\"name\":\"b\",\"type\":\"int\",\"default\":0}");
    private static final Schema ADDS_WITHOUT_DEFAULT = schema("{\"name\":\"a\",\"type\":\"string\"}",
            "{\"name\":\"b\",\"type\":\"int\"}");
    private static final Schema DROPS_A = schema("{\"name\":\"b\",\"type\":\"int\",\"default\":0}");

    @Test
    void shouldAcceptAnythingUnderNoneOrWithoutPreviousVersions() {
        assertThat(CompatibilityChecker.check(CompatibilityLevel.NONE, DROPS_A, List.of(new Version(1, V1)))).isEmpty();
        assertThat(CompatibilityChecker.check(CompatibilityLevel.FULL_TRANSITIVE, DROPS_A, List.of())).isEmpty();
    }

    @Test
    void shouldRefuseANewFieldWithoutDefaultUnderBackward() {
        List<String> messages = CompatibilityChecker.check(CompatibilityLevel.BACKWARD, ADDS_WITHOUT_DEFAULT,
                List.of(new Version(1, V1)));
        assertThat(messages).anySatisfy(m -> assertThat(m).contains("READER_FIELD_MISSING_DEFAULT_VALUE",
                "cannot read data written with version 1"));
        assertThat(messages).contains("{oldSchemaVersion: 1}", "{compatibility: 'BACKWARD'}");
        assertThat(CompatibilityChecker.check(CompatibilityLevel.BACKWARD, ADDS_WITH_DEFAULT,
                List.of(new Version(1, V1)))).isEmpty();
    }

    @Test
    void shouldCheckTheOtherDirectionUnderForwardAndBothUnderFull() {
        // Adding a field without default: old readers ignore it (forward ok), new reader lacks a default (backward not).
        assertThat(CompatibilityChecker.check(CompatibilityLevel.FORWARD, ADDS_WITHOUT_DEFAULT,
                List.of(new Version(1, V1)))).isEmpty();
        assertThat(CompatibilityChecker.check(CompatibilityLevel.FULL, ADDS_WITHOUT_DEFAULT,
                List.of(new Version(1, V1)))).isNotEmpty();
        // Dropping a field the old schema needs (no default there): backward ok, forward not.
        assertThat(CompatibilityChecker.check(CompatibilityLevel.BACKWARD, DROPS_A, List.of(new Version(1, V1))))
                .isEmpty();
        assertThat(CompatibilityChecker.check(CompatibilityLevel.FORWARD, DROPS_A, List.of(new Version(1, V1))))
                .anySatisfy(m -> assertThat(m).contains("version 1 cannot read data written with the new schema"));
    }

    @Test
    void shouldCompareWithEveryLiveVersionOnlyWhenTransitive() {
        // v1 {a}, v2 {b} (allowed under NONE earlier); candidate {a, b?} is backward-compatible with v2 only if b has a
        // default, and with v1 only if a... make the candidate read v2 but not v1.
        Schema v2 = schema("{\"name\":\"b\",\"type\":\"int\"}");
        Schema candidate = schema("{\"name\":\"b\",\"type\":\"int\"}", "{\"name\":\"c\",\"type\":\"int\",\"default\":1}");
        List<Version> history = List.of(new Version(1, V1), new Version(2, v2));
        assertThat(CompatibilityChecker.check(CompatibilityLevel.BACKWARD, candidate, history)).isEmpty();
        assertThat(CompatibilityChecker.check(CompatibilityLevel.BACKWARD_TRANSITIVE, candidate, history))
                .contains("{oldSchemaVersion: 1}");
    }

    private static Schema schema(String... fields) {
        return new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"R\",\"fields\":[" + String.join(",", fields)
                + "]}");
    }
}
