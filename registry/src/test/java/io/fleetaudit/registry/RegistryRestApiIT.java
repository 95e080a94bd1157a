package io.fleetaudit.registry;

import static io.fleetaudit.registry.RegistryHttp.JSON;
import static io.fleetaudit.registry.RegistryHttp.record;
import static io.fleetaudit.registry.RegistryHttp.schemaBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fleetaudit.registry.RegistryHttp.Answer;
import io.fleetaudit.testkit.KafkaBrokerExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The REST layer against a real broker: Confluent's response shapes, content types, query parameters and error
 * bodies for each endpoint. One registry for the class; every test uses its own subjects.
 */
class RegistryRestApiIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final String V1 = record("User", "{\"name\":\"name\",\"type\":\"string\"}");
    private static final String V2_WITH_DEFAULT = record("User", "{\"name\":\"name\",\"type\":\"string\"}",
            "{\"name\":\"email\",\"type\":[\"null\",\"string\"],\"default\":null}");
    private static final String V2_NO_DEFAULT = record("User", "{\"name\":\"name\",\"type\":\"string\"}",
            "{\"name\":\"age\",\"type\":\"int\"}");

    private static LocalSchemaRegistry registry;
    private static RegistryHttp http;

    @BeforeAll
    static void start() {
        registry = LocalSchemaRegistry.start(new RegistryConfig(Map.of(
                RegistryConfig.BOOTSTRAP_SERVERS, KAFKA.bootstrapServers(),
                RegistryConfig.TOPIC, KAFKA.uniqueName("schemas-rest"),
                RegistryConfig.PORT, 0)));
        http = new RegistryHttp(registry.url());
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    @Test
    void shouldRegisterIdempotentlyAndAnswerInConfluentShapes() {
        String subject = KAFKA.uniqueName("orders") + "-value";
        String schema = record("Order", "{\"name\":\"name\",\"type\":\"string\"}");
        Answer registered = http.post("/subjects/" + subject + "/versions", schemaBody(schema));
        assertThat(registered.status()).isEqualTo(200);
        assertThat(registered.contentType()).isEqualTo("application/vnd.schemaregistry.v1+json");
        int id = registered.json().get("id").asInt();
        assertThat(registered.json().size()).as("register answers {\"id\":N}").isEqualTo(1);

        // Same schema with other whitespace and attribute order, plus the extra fields Confluent clients send.
        ObjectNode again = schemaBody("{ \"namespace\": \"test\", \"name\": \"Order\", \"type\": \"record\", "
                + "\"fields\": [ {\"type\": \"string\", \"name\": \"name\"} ] }");
        again.put("schemaType", "AVRO").putArray("references");
        again.putNull("metadata");
        again.putNull("ruleSet");
        assertThat(http.post("/subjects/" + subject + "/versions?normalize=false", again).json().get("id").asInt())
                .isEqualTo(id);

        String canonical = new Schema.Parser().parse(schema).toString();
        assertThat(http.get("/subjects").json()).extracting(JsonNode::asText).contains(subject);
        assertThat(http.get("/subjects/" + subject + "/versions").json().toString()).isEqualTo("[1]");
        for (String version : List.of("1", "latest", "-1")) {
            JsonNode byVersion = http.get("/subjects/" + subject + "/versions/" + version + "?deleted=false").json();
            assertThat(byVersion.get("subject").asText()).isEqualTo(subject);
            assertThat(byVersion.get("version").asInt()).isEqualTo(1);
            assertThat(byVersion.get("id").asInt()).isEqualTo(id);
            assertThat(byVersion.get("schema").asText()).isEqualTo(canonical);
        }
        Answer raw = http.get("/subjects/" + subject + "/versions/1/schema");
        assertThat(raw.text()).isEqualTo(canonical);

        assertThat(http.get("/schemas/ids/" + id).json())
                .isEqualTo(JSON.createObjectNode().put("schema", canonical));
        assertThat(http.get("/schemas/ids/" + id + "?subject=" + subject).json().get("schema").asText())
                .isEqualTo(canonical);
        assertThat(http.get("/schemas/ids/" + id + "/schema").text()).isEqualTo(canonical);
        assertThat(http.get("/schemas/ids/" + id + "/versions").json().toString())
                .isEqualTo("[{\"subject\":\"" + subject + "\",\"version\":1}]");
        assertThat(http.get("/schemas/ids/" + id + "/subjects").json().toString()).isEqualTo("[\"" + subject + "\"]");

        JsonNode lookup = http.post("/subjects/" + subject + "?normalize=true&deleted=false", again).json();
        assertThat(lookup.get("subject").asText()).isEqualTo(subject);
        assertThat(lookup.get("version").asInt()).isEqualTo(1);
        assertThat(lookup.get("id").asInt()).isEqualTo(id);
        assertThat(lookup.get("schema").asText()).isEqualTo(canonical);
    }

    @Test
    void shouldGiveTheSameSchemaTheSameIdInEverySubjectAndNewVersionsNewIds() {
        String a = KAFKA.uniqueName("a");
        String b = KAFKA.uniqueName("b");
        String shared = record("Shared", "{\"name\":\"name\",\"type\":\"string\"}");
        String sharedV2 = record("Shared", "{\"name\":\"name\",\"type\":\"string\"}",
                "{\"name\":\"email\",\"type\":[\"null\",\"string\"],\"default\":null}");
        int idA = http.post("/subjects/" + a + "/versions", schemaBody(shared)).json().get("id").asInt();
        int idB = http.post("/subjects/" + b + "/versions", schemaBody(shared)).json().get("id").asInt();
        assertThat(idB).isEqualTo(idA);

        int idA2 = http.post("/subjects/" + a + "/versions", schemaBody(sharedV2)).json().get("id").asInt();
        assertThat(idA2).isNotEqualTo(idA);
        assertThat(http.get("/subjects/" + a + "/versions").json().toString()).isEqualTo("[1,2]");
        assertThat(http.get("/subjects/" + a + "/versions/latest").json().get("id").asInt()).isEqualTo(idA2);
        assertThat(http.get("/schemas/ids/" + idA + "/versions").json()).hasSize(2);
    }

    @Test
    void shouldAcceptConfluentContentTypesAndRejectOthers() {
        String subject = KAFKA.uniqueName("ct");
        for (String type : List.of("application/json", "application/vnd.schemaregistry+json",
                "application/vnd.schemaregistry.v1+json; charset=utf-8")) {
            assertThat(http.post("/subjects/" + subject + "/versions", schemaBody(V1), type).status())
                    .as(type).isEqualTo(200);
        }
        Answer rejected = http.post("/subjects/" + subject + "/versions", schemaBody(V1), "text/plain");
        assertThat(rejected.status()).isEqualTo(415);
        assertThat(rejected.errorCode()).isEqualTo(415);
        assertThat(rejected.json().get("message").asText()).contains("application/vnd.schemaregistry.v1+json");
    }

    @Test
    void shouldAnswerConfluentErrorBodies() {
        String missing = KAFKA.uniqueName("missing");
        assertError(http.get("/subjects/" + missing + "/versions"), 404, 40401, "Subject '" + missing + "' not found");
        assertError(http.get("/subjects/" + missing + "/versions/latest"), 404, 40401, "not found");
        assertError(http.post("/subjects/" + missing, schemaBody(V1)), 404, 40401, "not found");
        assertError(http.delete("/subjects/" + missing), 404, 40401, "not found");
        assertError(http.get("/schemas/ids/987654"), 404, 40403, "Schema not found");

        String subject = KAFKA.uniqueName("errors");
        http.post("/subjects/" + subject + "/versions", schemaBody(V1));
        assertError(http.get("/subjects/" + subject + "/versions/99"), 404, 40402, "Version 99 not found");
        assertError(http.get("/subjects/" + subject + "/versions/0"), 422, 42202, "not a valid version");
        assertError(http.get("/subjects/" + subject + "/versions/abc"), 422, 42202, "not a valid version");
        assertError(http.post("/subjects/" + subject, schemaBody(V2_WITH_DEFAULT)), 404, 40403, "Schema not found");
        assertError(http.post("/subjects/" + subject + "/versions", schemaBody("not json")), 422, 42201,
                "Invalid schema");
        assertError(http.post("/subjects/" + subject + "/versions", schemaBody("{\"type\":\"record\"}")), 422, 42201,
                "Invalid schema");
        assertError(http.post("/subjects/" + subject + "/versions", JSON.createObjectNode()), 422, 42201, "no 'schema'");
        assertError(http.post("/subjects/" + subject + "/versions",
                        schemaBody("syntax = \"proto3\";").put("schemaType", "PROTOBUF")), 422, 42201,
                "schemaType PROTOBUF is not supported by this local registry (AVRO only)");
        ObjectNode withReference = schemaBody(V1);
        withReference.putArray("references").addObject().put("name", "x").put("subject", "y").put("version", 1);
        assertError(http.post("/subjects/" + subject + "/versions", withReference), 422, 42201, "references");
        assertError(http.post("/subjects/" + subject + "/versions", "{not json"), 400, 400, "Malformed JSON");

        Answer incompatible = http.post("/subjects/" + subject + "/versions", schemaBody(V2_NO_DEFAULT));
        assertError(incompatible, 409, 409, "Schema being registered is incompatible with an earlier schema for subject \""
                + subject + "\"");
        assertThat(incompatible.json().get("message").asText()).contains("READER_FIELD_MISSING_DEFAULT_VALUE", "age");

        assertError(http.put("/config/" + subject, JSON.createObjectNode().put("compatibility", "SIDEWAYS")), 422,
                42203, "Invalid compatibility level 'SIDEWAYS'");
        assertError(http.get("/config/" + subject), 404, 40408, "does not have subject-level compatibility");
        assertError(http.get("/nothing/here"), 404, 404, "Not Found");
        assertError(http.put("/subjects/" + subject + "/versions", schemaBody(V1)), 405, 405, "Method Not Allowed");
    }

    @Test
    void shouldCheckCompatibilityAndHonourPerSubjectLevels() {
        String subject = KAFKA.uniqueName("compat");
        String base = "/compatibility/subjects/" + subject + "/versions/";
        // Nothing registered yet: anything is compatible with "latest" (as Confluent answers).
        assertThat(http.post(base + "latest", schemaBody(V1)).json().get("is_compatible").asBoolean()).isTrue();
        assertError(http.post(base + "1", schemaBody(V1)), 404, 40402, "Version 1 not found");

        http.post("/subjects/" + subject + "/versions", schemaBody(V1));
        JsonNode bad = http.post(base + "latest?verbose=true", schemaBody(V2_NO_DEFAULT)).json();
        assertThat(bad.get("is_compatible").asBoolean()).isFalse();
        assertThat(bad.get("messages").toString()).contains("READER_FIELD_MISSING_DEFAULT_VALUE", "oldSchemaVersion: 1",
                "compatibility: 'BACKWARD'");
        assertThat(http.post(base + "1", schemaBody(V2_WITH_DEFAULT)).json().get("is_compatible").asBoolean()).isTrue();
        assertThat(http.post("/compatibility/subjects/" + subject + "/versions", schemaBody(V2_WITH_DEFAULT))
                .json().get("is_compatible").asBoolean()).isTrue();

        // FORWARD: the old schema must read the new data, so dropping a field without default in v1 is refused.
        assertThat(http.put("/config/" + subject, JSON.createObjectNode().put("compatibility", "forward")).json())
                .isEqualTo(JSON.createObjectNode().put("compatibility", "FORWARD"));
        assertThat(http.get("/config/" + subject).json().get("compatibilityLevel").asText()).isEqualTo("FORWARD");
        String dropsName = record("User", "{\"name\":\"other\",\"type\":[\"null\",\"string\"],\"default\":null}");
        assertThat(http.post(base + "latest", schemaBody(dropsName)).json().get("is_compatible").asBoolean()).isFalse();
        assertThat(http.post(base + "latest", schemaBody(V2_NO_DEFAULT)).json().get("is_compatible").asBoolean())
                .as("adding a field is forward compatible").isTrue();

        // NONE lets the incompatible version in; the subject-level config can then be removed again.
        http.put("/config/" + subject, JSON.createObjectNode().put("compatibilityLevel", "NONE"));
        assertThat(http.post("/subjects/" + subject + "/versions", schemaBody(dropsName)).status()).isEqualTo(200);
        assertThat(http.delete("/config/" + subject).json().get("compatibilityLevel").asText()).isEqualTo("NONE");
        assertThat(http.get("/config/" + subject + "?defaultToGlobal=true").json().get("compatibilityLevel").asText())
                .isEqualTo("BACKWARD");
        assertThat(http.get("/config").json().get("compatibilityLevel").asText()).isEqualTo("BACKWARD");
    }

    @Test
    void shouldSoftDeleteThenPermanentlyDelete() {
        String subject = KAFKA.uniqueName("deleted");
        String other = KAFKA.uniqueName("keeps-id");
        int id = http.post("/subjects/" + subject + "/versions", schemaBody(V1)).json().get("id").asInt();
        assertThat(http.post("/subjects/" + other + "/versions", schemaBody(V1)).json().get("id").asInt()).isEqualTo(id);
        http.post("/subjects/" + subject + "/versions", schemaBody(V2_WITH_DEFAULT));

        assertThat(http.delete("/subjects/" + subject + "/versions/2").json().asInt()).isEqualTo(2);
        assertThat(http.get("/subjects/" + subject + "/versions").json().toString()).isEqualTo("[1]");
        assertThat(http.get("/subjects/" + subject + "/versions?deleted=true").json().toString()).isEqualTo("[1,2]");
        assertThat(http.get("/subjects/" + subject + "/versions/2?deleted=true").status()).isEqualTo(200);

        assertThat(http.delete("/subjects/" + subject).json().toString()).isEqualTo("[1]");
        assertThat(http.get("/subjects").json()).extracting(JsonNode::asText).doesNotContain(subject);
        assertThat(http.get("/subjects?deleted=true").json()).extracting(JsonNode::asText).contains(subject);
        assertError(http.get("/subjects/" + subject + "/versions/latest"), 404, 40401, "not found");
        assertThat(http.get("/schemas/ids/" + id).status()).as("ids stay resolvable after a soft delete").isEqualTo(200);
        assertThat(http.post("/subjects/" + subject + "?lookupDeletedSchema=true", schemaBody(V1)).json()
                .get("version").asInt()).isEqualTo(1);
        assertError(http.delete("/subjects/" + subject), 404, 40404, "was soft deleted");

        assertThat(http.delete("/subjects/" + subject + "?permanent=true").json().toString()).isEqualTo("[1,2]");
        assertThat(http.get("/subjects?deleted=true").json()).extracting(JsonNode::asText).doesNotContain(subject);

        // The schema is still used by another subject: its id keeps resolving, and a new registration reuses it.
        assertThat(http.get("/schemas/ids/" + id).status()).isEqualTo(200);
        assertThat(http.post("/subjects/" + subject + "/versions", schemaBody(V1)).json().get("id").asInt()).isEqualTo(id);
        assertThat(http.get("/subjects/" + subject + "/versions").json().toString()).isEqualTo("[1]");
        assertError(http.delete("/subjects/" + other + "?permanent=true"), 404, 40405, "was not deleted first");
    }

    @Test
    void shouldListTypesAndAnswerTheRoot() {
        assertThat(http.get("/schemas/types").json().toString()).isEqualTo("[\"AVRO\"]");
        assertThat(http.get("/").json().isObject()).isTrue();
        assertThat(http.get("/mode").json().get("mode").asText()).isEqualTo("READWRITE");
    }

    @Test
    void shouldChangeTheGlobalLevelOnItsOwnRegistryAndCountRequests() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (LocalSchemaRegistry own = LocalSchemaRegistry.start(new RegistryConfig(Map.of(
                RegistryConfig.BOOTSTRAP_SERVERS, KAFKA.bootstrapServers(),
                RegistryConfig.TOPIC, KAFKA.uniqueName("schemas-global"),
                RegistryConfig.PORT, 0,
                RegistryConfig.COMPATIBILITY_LEVEL, "full")), meters)) {
            RegistryHttp ownHttp = new RegistryHttp(own.url());
            assertThat(ownHttp.get("/config").json().get("compatibilityLevel").asText()).isEqualTo("FULL");
            assertThat(ownHttp.put("/config", JSON.createObjectNode().put("compatibility", "NONE")).json()
                    .get("compatibility").asText()).isEqualTo("NONE");
            assertThat(ownHttp.get("/config").json().get("compatibilityLevel").asText()).isEqualTo("NONE");
            assertThat(ownHttp.delete("/config").json().get("compatibilityLevel").asText()).isEqualTo("NONE");
            assertThat(ownHttp.get("/config").json().get("compatibilityLevel").asText()).isEqualTo("FULL");

            String subject = KAFKA.uniqueName("counted");
            ownHttp.post("/subjects/" + subject + "/versions", schemaBody(V1));
            ownHttp.post("/subjects/" + subject + "/versions", schemaBody(V1));
            ownHttp.get("/subjects/" + subject + "/versions/9");

            // The server records a request's timer once the exchange is done, i.e. after the client has its answer.
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(meters.find(RegistryMetrics.REQUESTS).tags("method", "GET", "route", "/config", "status",
                        "200").timer()).isNotNull().extracting(t -> t.count()).isEqualTo(3L);
                assertThat(meters.find(RegistryMetrics.REQUESTS)
                        .tags("route", "/subjects/{subject}/versions/{version}", "status", "404").timer())
                        .isNotNull().extracting(t -> t.count()).isEqualTo(1L);
            });
            assertThat(meters.get(RegistryMetrics.REGISTRATIONS).tag("outcome", "new").counter().count())
                    .isEqualTo(1.0);
            assertThat(meters.get(RegistryMetrics.REGISTRATIONS).tag("outcome", "existing").counter().count())
                    .isEqualTo(1.0);
            assertThat(meters.get(RegistryMetrics.SCHEMAS).tag("topic", own.topic()).gauge().value()).isEqualTo(1.0);
            assertThat(meters.get(RegistryMetrics.STORE_UP).tag("topic", own.topic()).gauge().value()).isEqualTo(1.0);
        }
        assertThat(meters.find(RegistryMetrics.SCHEMAS).gauges()).as("closing unbinds the gauges").isEmpty();
    }

    private static void assertError(Answer answer, int status, int errorCode, String messagePart) {
        assertThat(answer.status()).as(answer.text()).isEqualTo(status);
        assertThat(answer.contentType()).isEqualTo("application/vnd.schemaregistry.v1+json");
        assertThat(answer.errorCode()).as(answer.text()).isEqualTo(errorCode);
        assertThat(answer.json().get("message").asText()).contains(messagePart);
    }
}
