package io.fleetaudit.schemas.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetaudit.schemas.registry.CompatibilityLevel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.SchemaParseException;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.api.Test;

/**
 * Keeps the contracts evolvable: every schema in src/main/avro must stay BACKWARD (new reader reads
 * old data) and FORWARD (old reader reads new data) compatible with the last released copy in
 * src/test/resources/released/v1, and every field must say what it means. Releasing a new version
 * means copying the .avsc files into a new released/vN folder and pointing RELEASED at it.
 */
class ContractSchemaEvolutionTest {

    private static final Path CURRENT = Path.of("src/main/avro");
    private static final Path RELEASED = Path.of("src/test/resources/released/v1");

    @Test
    void everyReleasedContractStillExists() throws IOException {
        Map<String, Schema> current = parseAll(CURRENT);
        Map<String, Schema> released = parseAll(RELEASED);

        assertThat(current.keySet()).as("contracts in %s", CURRENT).containsAll(released.keySet());
        assertThat(released).as("released copy").isNotEmpty();
    }

    @Test
    void everyContractIsBackwardAndForwardCompatibleWithItsReleasedCopy() throws IOException {
        Map<String, Schema> current = parseAll(CURRENT);
        Map<String, Schema> released = parseAll(RELEASED);
        List<String> problems = new ArrayList<>();

        released.forEach((file, old) -> {
            Schema now = current.get(file);
            if (now != null) {
                CompatibilityLevel.FULL.incompatibilities(now, List.of(old)).forEach(p -> problems.add(file + ": " + p));
            }
        });

        assertThat(problems).as("incompatible changes against %s (add fields with defaults; never rename or "
                + "retype; add enum symbols only with a default)", RELEASED).isEmpty();
    }

    @Test
    void theGuardCatchesABreakingChange() throws IOException {
        Schema old = parseAll(RELEASED).get("Heartbeat.avsc");
        String breaking = old.toString().replace("{\"name\":\"bootId\",\"type\":\"string\"",
                "{\"name\":\"bootId\",\"type\":\"long\"");
        assertThat(breaking).isNotEqualTo(old.toString());

        List<String> problems = CompatibilityLevel.FULL.incompatibilities(new Schema.Parser().parse(breaking), List.of(old));

        assertThat(problems).isNotEmpty().anySatisfy(p -> assertThat(p).contains("TYPE_MISMATCH").contains("bootId"));
    }

    @Test
    void everyRecordEnumAndFieldHasADoc() throws IOException {
        List<String> undocumented = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        parseAll(CURRENT).values().forEach(schema -> collectUndocumented(schema, seen, undocumented));

        assertThat(seen).contains("io.fleetaudit.contracts.Heartbeat", "io.fleetaudit.contracts.ConfigFile",
                "io.fleetaudit.contracts.Violation");
        assertThat(undocumented).as("add a non-blank \"doc\"").isEmpty();
    }

    @Test
    void generatedClassesCarryTheSchemasOfTheAvscFiles() throws IOException {
        for (Schema schema : parseAll(CURRENT).values()) {
            Class<?> generated = SpecificData.get().getClass(schema);
            assertThat(generated).as(schema.getFullName()).isNotNull();
            // Parsing canonical form: the generated schema adds avro.java.string props, otherwise identical.
            assertThat(SchemaNormalization.toParsingForm(SpecificData.get().getSchema(generated)))
                    .as(schema.getFullName()).isEqualTo(SchemaNormalization.toParsingForm(schema));
        }
    }

    private static void collectUndocumented(Schema schema, Set<String> seen, List<String> out) {
        switch (schema.getType()) {
            case RECORD -> {
                if (!seen.add(schema.getFullName())) {
                    return;
                }
                if (blank(schema.getDoc())) {
                    out.add("record " + schema.getFullName());
                }
                for (Schema.Field field : schema.getFields()) {
                    if (blank(field.doc())) {
                        out.add(schema.getFullName() + "." + field.name());
                    }
                    collectUndocumented(field.schema(), seen, out);
                }
            }
            case ENUM -> {
                if (seen.add(schema.getFullName()) && blank(schema.getDoc())) {
                    out.add("enum " + schema.getFullName());
                }
            }
            case ARRAY -> collectUndocumented(schema.getElementType(), seen, out);
            case MAP -> collectUndocumented(schema.getValueType(), seen, out);
            case UNION -> schema.getTypes().forEach(t -> collectUndocumented(t, seen, out));
            default -> {
            }
        }
    }

    private static boolean blank(String doc) {
        return doc == null || doc.isBlank();
    }

    /**
     * Parses every .avsc in {@code dir} (file name to its top-level schema). Files may reference types of
     * other files (Artifact), so files whose references are not yet known are retried after the others.
     */
    static Map<String, Schema> parseAll(Path dir) throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> p.toString().endsWith(".avsc")).sorted().toList();
        }
        Deque<Path> pending = new ArrayDeque<>(files);
        Map<String, String> texts = new LinkedHashMap<>();
        for (Path file : files) {
            texts.put(file.getFileName().toString(), Files.readString(file));
        }
        List<Path> order = new ArrayList<>();
        int stalls = 0;
        while (!pending.isEmpty()) {
            Path next = pending.poll();
            Schema.Parser parser = new Schema.Parser();
            try {
                for (Path done : order) {
                    parser.parse(texts.get(done.getFileName().toString()));
                }
                parser.parse(texts.get(next.getFileName().toString()));
                order.add(next);
                stalls = 0;
            } catch (SchemaParseException e) {
                pending.add(next);
                if (++stalls > pending.size()) {
                    throw new IllegalStateException("Cannot parse " + next + " in " + dir + ": " + e.getMessage(), e);
                }
            }
        }
        Map<String, Schema> result = new LinkedHashMap<>();
        Schema.Parser parser = new Schema.Parser();
        for (Path file : order) {
            result.put(file.getFileName().toString(), parser.parse(texts.get(file.getFileName().toString())));
        }
        return result;
    }
}
