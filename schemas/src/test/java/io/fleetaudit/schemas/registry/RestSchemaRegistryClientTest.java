package io.fleetaudit.schemas.registry;

import static io.fleetaudit.schemas.registry.FakeRegistryServer.error;
import static io.fleetaudit.schemas.registry.FakeRegistryServer.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetaudit.contracts.Heartbeat;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RestSchemaRegistryClientTest {

    private static final String SUBJECT = "fleet.heartbeats.v1-value";
    private static final Schema SCHEMA = Heartbeat.getClassSchema();
    private static final String SCHEMA_JSON = new ObjectMapper().createObjectNode().put("schema", SCHEMA.toString()).toString();

    private FakeRegistryServer server;

    @BeforeEach
    void start() throws IOException {
        server = new FakeRegistryServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private RestSchemaRegistryClient client(String urls, Map<String, Object> extra) {
        Map<String, Object> cfg = new HashMap<>(extra);
        cfg.put("schema.registry.url", urls);
        cfg.putIfAbsent("schema.registry.retry.backoff.ms", 1L);
        cfg.putIfAbsent("schema.registry.retry.backoff.max.ms", 5L);
        return new RestSchemaRegistryClient(cfg);
    }

    private RestSchemaRegistryClient client() {
        return client(server.url(), Map.of());
    }

    @Test
    void shouldRegisterWithConfluentBodyAndContentTypeAndCacheTheId() throws Exception {
        server.on("POST /subjects/" + SUBJECT + "/versions", ok("{\"id\":42}"));
        RestSchemaRegistryClient client = client();

        assertThat(client.register(SUBJECT, SCHEMA)).isEqualTo(42);
        assertThat(client.register(SUBJECT, SCHEMA)).isEqualTo(42);

        assertThat(server.requests).hasSize(1);
        FakeRegistryServer.Request request = server.requests.get(0);
        assertThat(request.contentType()).isEqualTo("application/vnd.schemaregistry.v1+json");
        assertThat(new ObjectMapper().readTree(request.body())).isEqualTo(new ObjectMapper().readTree(SCHEMA_JSON));
        assertThat(request.body()).doesNotContain("schemaType");
        // The registered schema is known by id without another round trip.
        assertThat(client.getSchemaById(42)).isEqualTo(SCHEMA);
        assertThat(server.requests).hasSize(1);
    }

    @Test
    void shouldRegisterAndLookUpSchemaTextAsIsWithoutParsingIt() throws Exception {
        server.on("POST /subjects/" + SUBJECT + "/versions", ok("{\"id\":42}"));
        server.on("POST /subjects/" + SUBJECT, ok("{\"subject\":\"" + SUBJECT + "\",\"version\":3,\"id\":42}"));
        // Not parseable as Avro on purpose: the text is sent exactly as given (the host agent's path).
        String text = "{\"type\":\"record\",\"name\":\"X\",\"doc\":\"\u00e9 \\\" \\n\",\"fields\":[]}";
        RestSchemaRegistryClient client = client();

        assertThat(client.registerText(SUBJECT, text)).isEqualTo(42);
        assertThat(client.registerText(SUBJECT, text)).isEqualTo(42);
        assertThat(server.requests).hasSize(1);
        assertThat(new ObjectMapper().readTree(server.requests.get(0).body()).get("schema").asText()).isEqualTo(text);

        RestSchemaRegistryClient other = client();
        assertThat(other.lookupIdText(SUBJECT, text)).isEqualTo(42);
        assertThat(server.requests).hasSize(2);
        assertThat(server.requests.get(1).path()).isEqualTo("/subjects/" + SUBJECT);
        // Registering the Schema object sends the same text as registerText(schema.toString()).
        server.on("POST /subjects/other-value/versions", ok("{\"id\":43}"));
        RestSchemaRegistryClient third = client();
        third.register(SUBJECT, SCHEMA);
        third.registerText("other-value", SCHEMA.toString());
        assertThat(server.requests.get(3).body()).isEqualTo(server.requests.get(2).body());
    }

    @Test
    void shouldFetchEachSchemaIdOnce() {
        server.on("GET /schemas/ids/7", ok(SCHEMA_JSON));
        RestSchemaRegistryClient client = client();

        Schema first = client.getSchemaById(7);
        Schema second = client.getSchemaById(7);

        assertThat(first).isEqualTo(SCHEMA).isSameAs(second);
        assertThat(server.count("GET", "/schemas/ids/7")).isEqualTo(1);
    }

    @Test
    void shouldFetchAnIdOnceEvenWhenManyThreadsAskAtOnce() throws Exception {
        server.on("GET /schemas/ids/8", ok(SCHEMA_JSON));
        RestSchemaRegistryClient client = client();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Schema>> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(pool.submit(() -> {
                    go.await();
                    return client.getSchemaById(8);
                }));
            }
            go.countDown();
            for (Future<Schema> answer : answers) {
                assertThat(answer.get(30, TimeUnit.SECONDS)).isEqualTo(SCHEMA);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(server.count("GET", "/schemas/ids/8")).isEqualTo(1);
    }

    @Test
    void shouldReportSubjectNotFoundWithStatusErrorCodeAndRequest() {
        server.on("GET /subjects/" + SUBJECT + "/versions/latest", error(404, 40401, "Subject not found"));

        SchemaRegistryException e = catchThrowableOfType(SchemaRegistryException.class, () -> client().getLatest(SUBJECT));

        assertThat(e.status()).isEqualTo(404);
        assertThat(e.errorCode()).isEqualTo(40401);
        assertThat(e.registryMessage()).isEqualTo("Subject not found");
        assertThat(e).hasMessage("Schema registry " + server.url() + " answered 404 (error_code 40401): Subject not found"
                + " [GET /subjects/" + SUBJECT + "/versions/latest]");
        assertThat(server.requests).as("a 4xx is final: no retry").hasSize(1);
    }

    @Test
    void shouldReportIncompatibleSchemaAs409() {
        server.on("POST /subjects/" + SUBJECT + "/versions", error(409, 409,
                "Schema being registered is incompatible with an earlier schema for subject \"" + SUBJECT + "\""));

        SchemaRegistryException e = catchThrowableOfType(SchemaRegistryException.class, () -> client().register(SUBJECT, SCHEMA));

        assertThat(e.status()).isEqualTo(409);
        assertThat(e.errorCode()).isEqualTo(409);
        assertThat(e.getMessage()).startsWith("Schema registry " + server.url() + " answered 409 (error_code 409): "
                + "Schema being registered is incompatible").contains("for subject \"" + SUBJECT + "\"")
                .endsWith("[POST /subjects/" + SUBJECT + "/versions]");
    }

    @Test
    void shouldRetryA500AndSucceed() {
        server.on("POST /subjects/" + SUBJECT + "/versions", error(500, 50001, "Error in the backend data store"), ok("{\"id\":3}"));

        assertThat(client().register(SUBJECT, SCHEMA)).isEqualTo(3);
        assertThat(server.count("POST", "/subjects/" + SUBJECT + "/versions")).isEqualTo(2);
    }

    @Test
    void shouldGiveUpOnPersistent500WithStatusAfterBoundedRetries() {
        server.on("GET /schemas/ids/1", error(500, 50001, "Error in the backend data store"));
        RestSchemaRegistryClient client = client(server.url(), Map.of("schema.registry.max.retries", 2));

        SchemaRegistryException e = catchThrowableOfType(SchemaRegistryException.class, () -> client.getSchemaById(1));

        assertThat(e.status()).isEqualTo(500);
        assertThat(e.errorCode()).isEqualTo(50001);
        assertThat(e).hasMessage("Schema registry " + server.url() + " answered 500 (error_code 50001): "
                + "Error in the backend data store [GET /schemas/ids/1] after 3 attempts");
        assertThat(server.count("GET", "/schemas/ids/1")).isEqualTo(3);
    }

    @Test
    void shouldShowANonJsonErrorBody() {
        server.on("GET /subjects", new FakeRegistryServer.Response(502, "<html>Bad Gateway</html>"));
        RestSchemaRegistryClient client = client(server.url(), Map.of("schema.registry.max.retries", 0));

        assertThatThrownBy(client::getSubjects).isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("answered 502 (no error_code): <html>Bad Gateway</html>");
    }

    @Test
    void shouldNameEveryUrlTriedWhenNoneIsReachable() throws IOException {
        String dead1 = "http://127.0.0.1:" + freePort();
        String dead2 = "http://127.0.0.1:" + freePort();
        RestSchemaRegistryClient client = client(dead1 + "," + dead2, Map.of("schema.registry.max.retries", 1));

        SchemaRegistryException e = catchThrowableOfType(SchemaRegistryException.class, () -> client.getSchemaById(1));

        assertThat(e.status()).isEqualTo(SchemaRegistryException.NO_RESPONSE);
        assertThat(e.getMessage()).startsWith("No schema registry reachable for [GET /schemas/ids/1] after 4 attempts; tried ")
                .contains(dead1 + " (").contains(dead2 + " (").containsIgnoringCase("connect");
    }

    @Test
    void shouldFailOverFromADeadUrlToALiveOneAndStayThere() throws IOException {
        server.on("GET /subjects", ok("[\"b-value\",\"a-value\"]"));
        String dead = "http://127.0.0.1:" + freePort();
        RestSchemaRegistryClient client = client(dead + "," + server.url(), Map.of("schema.registry.max.retries", 0));

        assertThat(client.getSubjects()).containsExactly("a-value", "b-value");
        assertThat(client.getSubjects()).containsExactly("a-value", "b-value");
        assertThat(server.count("GET", "/subjects")).isEqualTo(2);
    }

    @Test
    void shouldFailOverOn5xxToTheNextUrl() throws IOException {
        try (FakeRegistryServer broken = new FakeRegistryServer()) {
            broken.on("GET /config", error(503, 50003, "Error while forwarding the request to the leader"));
            server.on("GET /config", ok("{\"compatibilityLevel\":\"FULL\"}"));
            RestSchemaRegistryClient client = client(broken.url() + "," + server.url(), Map.of("schema.registry.max.retries", 0));

            assertThat(client.getConfig()).isEqualTo("FULL");
            assertThat(broken.count("GET", "/config")).isEqualTo(1);
        }
    }

    @Test
    void shouldSendBasicAuthFromUserInfoAndNeverShowIt() {
        server.on("GET /subjects/x-value/versions/latest", error(401, 401, "Unauthorized"));
        RestSchemaRegistryClient client = client(server.url(),
                Map.of("basic.auth.credentials.source", "USER_INFO", "basic.auth.user.info", "fleet:s3cret"));

        SchemaRegistryException e = catchThrowableOfType(SchemaRegistryException.class, () -> client.getLatest("x-value"));

        String expected = "Basic " + Base64.getEncoder().encodeToString("fleet:s3cret".getBytes(StandardCharsets.UTF_8));
        assertThat(server.requests.get(0).authorization()).isEqualTo(expected);
        assertThat(e.status()).isEqualTo(401);
        assertThat(e.getMessage()).doesNotContain("s3cret").doesNotContain(expected.substring(6));
        assertThat(client.toString()).doesNotContain("s3cret").doesNotContain("fleet").contains(server.url());
    }

    @Test
    void shouldTakeBasicAuthFromTheUrlAndRedactIt() {
        server.on("GET /subjects", ok("[]"));
        String withUser = "http://fleet:s3cret@127.0.0.1:" + server.port();
        RestSchemaRegistryClient client = client(withUser, Map.of());

        assertThat(client.getSubjects()).isEmpty();

        assertThat(server.requests.get(0).authorization())
                .isEqualTo("Basic " + Base64.getEncoder().encodeToString("fleet:s3cret".getBytes(StandardCharsets.UTF_8)));
        assertThat(client.toString()).doesNotContain("s3cret").contains("http://127.0.0.1:" + server.port());
    }

    @Test
    void shouldInheritBasicAuthFromSaslJaasConfig() {
        server.on("GET /subjects", ok("[]"));
        RestSchemaRegistryClient client = client(server.url(), Map.of("basic.auth.credentials.source", "SASL_INHERIT",
                "sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"svc\" password=\"pw\";"));

        client.getSubjects();

        assertThat(server.requests.get(0).authorization())
                .isEqualTo("Basic " + Base64.getEncoder().encodeToString("svc:pw".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void shouldSendNoAuthorizationByDefault() {
        server.on("GET /subjects", ok("[]"));
        client().getSubjects();
        assertThat(server.requests.get(0).authorization()).isNull();
    }

    @Test
    void shouldReadLatestVersionAndCacheNumberedVersions() {
        String body = "{\"subject\":\"" + SUBJECT + "\",\"version\":2,\"id\":11,\"schema\":" + quoted(SCHEMA.toString()) + "}";
        server.on("GET /subjects/" + SUBJECT + "/versions/latest", ok(body));
        server.on("GET /subjects/" + SUBJECT + "/versions/2", ok(body));
        RestSchemaRegistryClient client = client();

        RegisteredSchema latest = client.getLatest(SUBJECT);
        assertThat(latest).isEqualTo(new RegisteredSchema(SUBJECT, 2, 11, SCHEMA));
        assertThat(client.getVersion(SUBJECT, 2)).isEqualTo(latest);
        assertThat(server.count("GET", "/subjects/" + SUBJECT + "/versions/2")).isZero();
    }

    @Test
    void shouldLookUpAndTestCompatibility() {
        server.on("POST /subjects/" + SUBJECT, ok("{\"subject\":\"" + SUBJECT + "\",\"version\":1,\"id\":5,\"schema\":"
                + quoted(SCHEMA.toString()) + "}"));
        server.on("POST /compatibility/subjects/" + SUBJECT + "/versions/latest", ok("{\"is_compatible\":false}"));
        server.on("POST /compatibility/subjects/new-value/versions/latest", error(404, 40401, "Subject 'new-value' not found."));
        RestSchemaRegistryClient client = client();

        assertThat(client.lookup(SUBJECT, SCHEMA).id()).isEqualTo(5);
        assertThat(client.testCompatibility(SUBJECT, SCHEMA)).isFalse();
        assertThat(client.testCompatibility("new-value", SCHEMA)).as("no versions: anything goes").isTrue();
    }

    @Test
    void shouldFallBackToGlobalConfigWhenSubjectHasNone() {
        server.on("GET /config/" + SUBJECT, error(404, 40408, "Subject '" + SUBJECT + "' does not have subject-level compatibility configured"));
        server.on("GET /config/other-value", ok("{\"compatibilityLevel\":\"NONE\"}"));
        server.on("GET /config", ok("{\"compatibilityLevel\":\"BACKWARD\"}"));
        server.on("PUT /config/other-value", ok("{\"compatibility\":\"FULL\"}"));
        RestSchemaRegistryClient client = client();

        assertThat(client.getConfig(SUBJECT)).isEqualTo("BACKWARD");
        assertThat(client.getConfig("other-value")).isEqualTo("NONE");
        assertThat(client.updateConfig("other-value", "full")).isEqualTo("FULL");
        assertThat(server.requests.get(server.requests.size() - 1).body()).isEqualTo("{\"compatibility\":\"FULL\"}");
    }

    @Test
    void shouldRejectANonAvroSchema() {
        server.on("GET /schemas/ids/9", ok("{\"schemaType\":\"PROTOBUF\",\"schema\":\"syntax = \\\"proto3\\\";\"}"));

        assertThatThrownBy(() -> client().getSchemaById(9)).isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("schema id 9 is a PROTOBUF schema, not Avro");
    }

    @Test
    void shouldEncodeSubjectsInPaths() {
        server.on("GET /subjects/a%20b%2Fc/versions", ok("[1,2]"));
        assertThat(client().getVersions("a b/c")).containsExactly(1, 2);
    }

    private static String quoted(String text) {
        return new ObjectMapper().getNodeFactory().textNode(text).toString();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
