package io.fleetaudit.cli.fleetfile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/fleet.schema.json (for editors) must describe exactly the file the parser accepts. */
class FleetSchemaTest {
    private static final JsonNode SCHEMA = read();

    private static JsonNode read() {
        try {
            return new ObjectMapper().readTree(Path.of("..", "docs", "fleet.schema.json").toFile());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> keys(JsonNode object) {
        List<String> out = new ArrayList<>();
        object.path("properties").fieldNames().forEachRemaining(out::add);
        assertThat(object.path("additionalProperties").asBoolean(true)).as("unknown keys are errors in the schema too").isFalse();
        return out;
    }

    @Test
    void shouldAllowExactlyTheKeysTheParserAllows() {
        JsonNode defs = SCHEMA.path("$defs");
        assertThat(keys(SCHEMA)).containsExactlyElementsOf(FleetFileParser.TOP_KEYS);
        assertThat(keys(defs.path("service"))).containsExactlyElementsOf(FleetFileParser.SERVICE_KEYS);
        assertThat(keys(defs.path("artifact"))).containsExactlyElementsOf(FleetFileParser.ARTIFACT_KEYS);
        assertThat(keys(defs.path("service").path("properties").path("rollout"))).containsExactlyElementsOf(FleetFileParser.ROLLOUT_KEYS);
        assertThat(keys(defs.path("flag"))).containsExactlyElementsOf(FleetFileParser.FLAG_KEYS);
    }

    @Test
    void shouldAcceptTheSameDigestsAsTheParser() {
        Pattern schema = Pattern.compile(SCHEMA.path("$defs").path("digest").path("pattern").asText());
        List<String> samples = List.of("sha256:" + "a".repeat(64), "sha256:" + "A".repeat(64), "sha256:abc", "sha512:" + "b".repeat(128),
                "registry.example.com:5000/team/app@sha256:" + "c".repeat(64), "app:latest", "ami-0123456789abcdef0", "ami-01234567",
                "ami-xyz", "md5:abcd", "");
        for (String d : samples) {
            assertThat(schema.matcher(d).find()).as(d).isEqualTo(Digests.checkArtifactDigest(d) == null);
        }
    }
}
