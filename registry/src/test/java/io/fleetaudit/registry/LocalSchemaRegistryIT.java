package io.fleetaudit.registry;

import static io.fleetaudit.registry.RegistryHttp.JSON;
import static io.fleetaudit.registry.RegistryHttp.record;
import static io.fleetaudit.registry.RegistryHttp.schemaBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import io.fleetaudit.registry.RegistryHttp.Answer;
import io.fleetaudit.testkit.KafkaBrokerExtension;

/**
 * The registry as a process talks to it: register, fetch, latest, versions, config and compatibility; 404 and
 * 409 error bodies; schemas kept across a restart on the same topic; two instances on one topic seeing each
 * other's schemas, also under concurrent registrations; the store topic's shape; the main entry point.
 */
class LocalSchemaRegistryIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final String V1 = record("Ping", "{\"name\":\"at\",\"type\":\"long\"}");
    private static final String V2 = record("Ping", "{\"name\":\"at\",\"type\":\"long\"}",
            "{\"name\":\"from\",\"type\":\"string\",\"default\":\"?\"}");
    private static final String V3_INCOMPATIBLE = record("Ping", "{\"name\":\"at\",\"type\":\"string\"}");

    @Test
    void shouldRegisterFetchAndCheckCompatibility() {
        try (LocalSchemaRegistry registry = LocalSchemaRegistry.start(KAFKA.bootstrapServers(), "127.0.0.1", 0)) {
            assertThat(registry.url()).startsWith("http://127.0.0.1:").endsWith(":" + registry.port());
            RegistryHttp http = new RegistryHttp(registry.url());
            String subject = KAFKA.uniqueName("pings") + "-value";

            int id1 = register(http, subject, V1);
            int id2 = register(http, subject, V2);
            assertThat(register(http, subject, V1)).as("idempotent").isEqualTo(id1);
            assertThat(id2).isGreaterThan(id1);
            assertThat(http.get("/subjects/" + subject + "/versions").json().toString()).isEqualTo("[1,2]");
            assertThat(http.get("/subjects/" + subject + "/versions/latest").json().get("id").asInt()).isEqualTo(id2);
            assertThat(http.get("/schemas/ids/" + id1).json().get("schema").asText()).contains("\"name\":\"Ping\"");
            assertThat(http.get("/config").json().get("compatibilityLevel").asText()).isEqualTo("BACKWARD");
            assertThat(http.post("/compatibility/subjects/" + subject + "/versions/latest", schemaBody(V3_INCOMPATIBLE))
                    .json().get("is_compatible").asBoolean()).isFalse();

            Answer notFound = http.get("/subjects/" + KAFKA.uniqueName("nobody") + "/versions/latest");
            assertThat(notFound.status()).isEqualTo(404);
            assertThat(notFound.errorCode()).isEqualTo(40401);
            assertThat(notFound.json().get("message").asText()).contains("not found");

            Answer incompatible = http.post("/subjects/" + subject + "/versions", schemaBody(V3_INCOMPATIBLE));
            assertThat(incompatible.status()).isEqualTo(409);
            assertThat(incompatible.errorCode()).isEqualTo(409);
            assertThat(incompatible.json().get("message").asText())
                    .contains("incompatible with an earlier schema", "TYPE_MISMATCH");
            assertThat(http.get("/subjects/" + subject + "/versions").json().toString())
                    .as("a refused schema leaves no version behind").isEqualTo("[1,2]");
        }
    }

    @Test
    void shouldKeepSchemasAndConfigAcrossARestart() {
        String topic = KAFKA.uniqueName("schemas-restart");
        String subject = KAFKA.uniqueName("restart");
        int id1;
        int id2;
        try (LocalSchemaRegistry first = start(topic)) {
            RegistryHttp http = new RegistryHttp(first.url());
            id1 = register(http, subject, V1);
            id2 = register(http, subject, V2);
            http.put("/config/" + subject, JSON.createObjectNode().put("compatibility", "FULL_TRANSITIVE"));
            http.delete("/subjects/" + subject + "/versions/2");
        }
        try (LocalSchemaRegistry second = start(topic)) {
            RegistryHttp http = new RegistryHttp(second.url());
            assertThat(http.get("/subjects/" + subject + "/versions/1").json().get("id").asInt()).isEqualTo(id1);
            assertThat(http.get("/subjects/" + subject + "/versions").json().toString()).isEqualTo("[1]");
            assertThat(http.get("/subjects/" + subject + "/versions/2?deleted=true").json().get("id").asInt())
                    .isEqualTo(id2);
            assertThat(http.get("/schemas/ids/" + id2).status()).isEqualTo(200);
            assertThat(http.get("/config/" + subject).json().get("compatibilityLevel").asText())
                    .isEqualTo("FULL_TRANSITIVE");
            assertThat(register(http, subject, V1)).as("same schema, same id after restart").isEqualTo(id1);
            String v3 = record("Ping", "{\"name\":\"at\",\"type\":\"long\"}",
                    "{\"name\":\"seq\",\"type\":\"long\",\"default\":0}");
            int id3 = register(http, subject, v3);
            assertThat(id3).as("ids are not reused after a restart").isGreaterThan(id2);
            assertThat(http.get("/subjects/" + subject + "/versions").json().toString()).isEqualTo("[1,3]");
        }
    }

    @Test
    void shouldShareOneTopicBetweenTwoInstances() {
        String topic = KAFKA.uniqueName("schemas-shared");
        try (LocalSchemaRegistry a = start(topic); LocalSchemaRegistry b = start(topic)) {
            RegistryHttp httpA = new RegistryHttp(a.url());
            RegistryHttp httpB = new RegistryHttp(b.url());
            String subjectA = KAFKA.uniqueName("from-a");
            String subjectB = KAFKA.uniqueName("from-b");

            int idA = register(httpA, subjectA, V1);
            // An id lookup that misses syncs with the topic first, so a deserializer on B finds A's schema at once.
            assertThat(httpB.get("/schemas/ids/" + idA).json().get("schema").asText()).contains("Ping");
            int idB = register(httpB, subjectB, V2);
            assertThat(idB).isNotEqualTo(idA);
            assertThat(register(httpB, subjectB + "-again", V1)).as("B reuses A's id for A's schema").isEqualTo(idA);

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(httpA.get("/subjects/" + subjectB + "/versions/latest").json().get("id").asInt())
                        .isEqualTo(idB);
                assertThat(httpA.get("/subjects").json().toString()).isEqualTo(httpB.get("/subjects").json().toString());
            });
        }
    }

    @Test
    void shouldConvergeWhenTwoInstancesRegisterConcurrently() throws Exception {
        String topic = KAFKA.uniqueName("schemas-race");
        List<String> subjects = List.of(KAFKA.uniqueName("race-1"), KAFKA.uniqueName("race-2"));
        Map<String, Integer> idBySchema = new HashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (LocalSchemaRegistry a = start(topic); LocalSchemaRegistry b = start(topic)) {
            List<RegistryHttp> clients = List.of(new RegistryHttp(a.url()), new RegistryHttp(b.url()));
            List<Future<Map.Entry<String, Integer>>> results = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                // Both instances race for the same subjects; half the schemas are shared by both sides.
                String schema = record("Race", "{\"name\":\"f" + (i % 6) + "\",\"type\":\"int\",\"default\":0}");
                RegistryHttp client = clients.get(i % 2);
                String subject = subjects.get((i / 2) % 2);
                results.add(pool.submit(() -> Map.entry(schema, register(client, subject, schema))));
            }
            for (Future<Map.Entry<String, Integer>> result : results) {
                Map.Entry<String, Integer> entry = result.get(60, TimeUnit.SECONDS);
                Integer previous = idBySchema.putIfAbsent(entry.getKey(), entry.getValue());
                assertThat(previous == null || previous.equals(entry.getValue()))
                        .as("one schema, one id, whichever instance answered").isTrue();
            }
            assertThat(Set.copyOf(idBySchema.values())).as("distinct schemas, distinct ids").hasSize(6);

            Map<String, String> viewA = view(clients.get(0), subjects);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(view(clients.get(1), subjects)).isEqualTo(view(clients.get(0), subjects)));
            for (Map.Entry<String, Integer> entry : idBySchema.entrySet()) {
                for (RegistryHttp client : clients) {
                    assertThat(client.get("/schemas/ids/" + entry.getValue()).json().get("schema").asText())
                            .isEqualTo(new org.apache.avro.Schema.Parser().parse(entry.getKey()).toString());
                }
            }
            try (LocalSchemaRegistry restarted = start(topic)) {
                assertThat(view(new RegistryHttp(restarted.url()), subjects)).as("replay gives the same state")
                        .isEqualTo(viewA);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shouldCreateACompactedSinglePartitionTopicAndRefuseADeleteTopic() throws Exception {
        String topic = KAFKA.uniqueName("schemas-shape");
        try (LocalSchemaRegistry registry = start(topic); Admin admin = KAFKA.adminClient()) {
            assertThat(registry.topic()).isEqualTo(topic);
            assertThat(admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()).hasSize(1);
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            assertThat(admin.describeConfigs(List.of(resource)).all().get().get(resource)
                    .get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).isEqualTo("compact");
        }
        String deleteTopic = KAFKA.uniqueName("schemas-delete-policy");
        try (Admin admin = KAFKA.adminClient()) {
            admin.createTopics(List.of(new NewTopic(deleteTopic, 1, (short) 1)
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, "delete")))).all().get();
        }
        assertThatThrownBy(() -> start(deleteTopic)).hasMessageContaining("cleanup.policy=delete")
                .hasMessageContaining("must be 'compact'");
    }

    @Test
    void shouldRunFromMainUntilStoppedAndPrintTheUrl() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CompletableFuture<Void> stop = new CompletableFuture<>();
        Map<String, Object> props = Map.of(RegistryConfig.BOOTSTRAP_SERVERS, KAFKA.bootstrapServers(),
                RegistryConfig.LISTENERS, "http://127.0.0.1:0",
                RegistryConfig.TOPIC, KAFKA.uniqueName("schemas-main"));
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> LocalSchemaRegistryMain.run(props,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                stop));
        await().atMost(Duration.ofSeconds(30)).until(() -> out.toString(StandardCharsets.UTF_8).contains("ready at"));
        String url = out.toString(StandardCharsets.UTF_8).replaceAll("(?s).*ready at (http://\\S+).*", "$1");
        assertThat(new RegistryHttp(url).get("/subjects").json().isArray()).isTrue();

        stop.complete(null);
        assertThat(exit.get(30, TimeUnit.SECONDS)).isEqualTo(LocalSchemaRegistryMain.OK);
        assertThatThrownBy(() -> new RegistryHttp(url).get("/subjects")).as("listener closed").isInstanceOf(Exception.class);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void shouldStopCleanlyOnSigterm() throws Exception {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"),
                LocalSchemaRegistryMain.class.getName(),
                RegistryConfig.BOOTSTRAP_SERVERS + "=" + KAFKA.bootstrapServers(), "port=0",
                RegistryConfig.TOPIC + "=" + KAFKA.uniqueName("schemas-sigterm"))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String ready = out.readLine(); // blocks until the child prints; fails below if it died instead
            assertThat(ready).as("first line of the child").isNotNull().contains("ready at http://127.0.0.1:");
            String url = ready.replaceAll(".*ready at (http://\\S+).*", "$1");
            assertThat(new RegistryHttp(url).get("/schemas/types").status()).isEqualTo(200);

            // Process.destroy() would also send SIGTERM but closes our end of the pipes; kill leaves them readable.
            assertThat(new ProcessBuilder("kill", "-TERM", Long.toString(process.pid())).start()
                    .waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("exits after SIGTERM").isTrue();
            assertThat(out.readLine()).as("closed by the shutdown hook").isEqualTo("fleet-audit registry stopped");
        } finally {
            process.destroyForcibly();
        }
    }

    private static LocalSchemaRegistry start(String topic) {
        return LocalSchemaRegistry.start(new RegistryConfig(Map.of(RegistryConfig.BOOTSTRAP_SERVERS,
                KAFKA.bootstrapServers(), RegistryConfig.TOPIC, topic, RegistryConfig.PORT, 0)));
    }

    private static int register(RegistryHttp http, String subject, String schema) {
        Answer answer = http.post("/subjects/" + subject + "/versions", schemaBody(schema));
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        return answer.json().get("id").asInt();
    }

    /** subject/version -> id:deleted, for comparing two instances. */
    private static Map<String, String> view(RegistryHttp http, List<String> subjects) {
        Map<String, String> view = new TreeMap<>();
        for (String subject : subjects) {
            for (JsonNode version : http.get("/subjects/" + subject + "/versions?deleted=true").json()) {
                JsonNode value = http.get("/subjects/" + subject + "/versions/" + version.asInt() + "?deleted=true")
                        .json();
                view.put(subject + "/" + version.asInt(), value.get("id").asText());
            }
        }
        return view;
    }
}
