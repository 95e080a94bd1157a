package io.fleetaudit.streams.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetaudit.contracts.Artifact;
import io.fleetaudit.contracts.Declaration;
import io.fleetaudit.contracts.Heartbeat;
import io.fleetaudit.schemas.topics.HeartbeatPartitioner;
import io.fleetaudit.schemas.topics.TopicCatalogue;
import io.fleetaudit.streams.FleetAuditStreamsApp;
import io.fleetaudit.streams.detect.StoreNames;
import io.fleetaudit.testkit.Directories;
import io.fleetaudit.testkit.KafkaBrokerExtension;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The query API over two real streams instances in one JVM (own state dirs, own ports, one application id) on the
 * embedded broker: lists are merged across instances, paging walks the whole fleet once, a node owned by the other
 * instance is still answered, and the API is read-only, validated and optionally token-protected.
 */
class QueryServerIT {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final String NEW = "sha256:" + "a".repeat(64);
    private static final String OLD = "sha256:" + "0".repeat(64);
    private static final int SERVICES = 6;
    private static final int NODES_PER_SERVICE = 3;
    /** The input topics' count (the topic catalogue's default): heartbeats placed by service are detected in place. */
    private static final int DETECT_PARTITIONS = 6;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static final List<FleetAuditStreamsApp> APPS = new ArrayList<>();
    private static final List<QueryServer> SERVERS = new ArrayList<>();
    private static final List<Path> STATE_DIRS = new ArrayList<>();
    private static String env;
    private static String drifted;

    @BeforeAll
    static void startTwoInstances() throws Exception {
        env = environmentCoveringAllPartitions(KAFKA.uniqueName("qenv").replace('.', '-').toLowerCase());
        String appId = KAFKA.uniqueName("query-it");
        String registry = "mock://" + appId;
        for (int i = 0; i < 2; i++) {
            int port = freePort();
            Path stateDir = Files.createTempDirectory("query-it-" + i);
            STATE_DIRS.add(stateDir);
            Map<String, Object> props = new HashMap<>();
            props.put("bootstrap.servers", KAFKA.bootstrapServers());
            props.put("schema.registry.url", registry);
            props.put("application.id", appId);
            props.put("state.dir", stateDir.toString());
            props.put("application.server", "127.0.0.1:" + port);
            props.put("fleet.metrics.port", -1);
            props.put("fleet.detect.partitions", DETECT_PARTITIONS);
            props.put("commit.interval.ms", 100);
            FleetAuditStreamsApp app = new FleetAuditStreamsApp(props).start();
            APPS.add(app);
            Map<String, Object> q = new HashMap<>();
            q.put(QueryConfig.PORT, port);
            q.put(QueryConfig.APPLICATION_SERVER, "127.0.0.1:" + port);
            SERVERS.add(new QueryServer(app.streams(), new QueryConfig(q)).start());
        }
        for (FleetAuditStreamsApp app : APPS) {
            app.awaitRunning(Duration.ofSeconds(90));
        }
        TopicCatalogue topics = APPS.get(0).topics();
        Map<String, Object> p = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        Map<String, Object> placed = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(),
                ProducerConfig.PARTITIONER_CLASS_CONFIG, HeartbeatPartitioner.class.getName());
        Instant now = Instant.now();
        drifted = "n-" + env + "-svc2-1";
        try (KafkaProducer<String, Declaration> decl = new KafkaProducer<>(p, new StringSerializer(), topics.declarations().valueSerde().serializer());
             KafkaProducer<String, Heartbeat> hb = new KafkaProducer<>(placed, new StringSerializer(), topics.heartbeats().valueSerde().serializer())) {
            for (int s = 0; s < SERVICES; s++) {
                String service = "svc" + s;
                decl.send(new ProducerRecord<>(topics.declarations().name(), env + "/" + service, Declaration.newBuilder().setService(service)
                        .setEnvironment(env).setArtifacts(List.of(artifact("2.0", NEW))).setCheckFlags(false).setGitCommit("c0ffee")
                        .setAuthor("it").setDeclaredAt(now).build())).get();
            }
            decl.flush();
            for (int s = 0; s < SERVICES; s++) {
                for (int n = 0; n < NODES_PER_SERVICE; n++) {
                    String node = "n-" + env + "-svc" + s + "-" + n;
                    boolean old = node.equals(drifted);
                    hb.send(new ProducerRecord<>(topics.heartbeats().name(), node, Heartbeat.newBuilder().setNodeId(node).setInstanceId("i-" + node)
                            .setBootId("b").setService("svc" + s).setEnvironment(env).setArtifacts(List.of(old ? artifact("1.0", OLD) : artifact("2.0", NEW)))
                            .setAgentVersion("it").setSequence(1).setSentAt(Instant.now()).setIntervalMs(60_000).build())).get();
                }
            }
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(get(0, "/api/v1/nodes?environment=" + env + "&limit=1000").path("items")).hasSize(SERVICES * NODES_PER_SERVICE));
    }

    /**
     * The services' keys spread over every detect partition (the default partitioner's murmur2, as Kafka Streams and
     * queryMetadataForKey use it), so both instances own some of them whatever partitions each is assigned. A random
     * environment name alone put all six in one instance's partitions in about 1 run of 32.
     */
    private static String environmentCoveringAllPartitions(String base) {
        for (int attempt = 0; ; attempt++) {
            String candidate = base + "-" + attempt;
            Set<Integer> partitions = new TreeSet<>();
            for (int s = 0; s < SERVICES; s++) {
                byte[] key = (candidate + "/svc" + s).getBytes(StandardCharsets.UTF_8);
                partitions.add(Utils.toPositive(Utils.murmur2(key)) % DETECT_PARTITIONS);
            }
            if (partitions.size() == DETECT_PARTITIONS) {
                return candidate;
            }
        }
    }

    @AfterAll
    static void stop() {
        SERVERS.forEach(QueryServer::close);
        APPS.forEach(FleetAuditStreamsApp::close);
        STATE_DIRS.forEach(Directories::deleteRecursively);
    }

    @Test
    void shouldSpreadServicesOverBothInstances() {
        // The services cover every partition (see environmentCoveringAllPartitions); wait out a rebalance in progress.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Set<Integer> owners = new TreeSet<>();
            for (int s = 0; s < SERVICES; s++) {
                owners.add(owner("svc" + s));
            }
            assertThat(owners).as("both instances own some services, so routing is exercised").containsExactly(0, 1);
        });
    }

    @Test
    void shouldAnswerANodeOwnedByTheOtherInstance() throws Exception {
        for (int s = 0; s < SERVICES; s++) {
            String service = "svc" + s;
            int other = 1 - owner(service);
            String node = "n-" + env + "-" + service + "-0";
            JsonNode routed = get(other, "/api/v1/nodes/" + node + "?service=" + service + "&environment=" + env);
            assertThat(routed.path("nodeId").asText()).isEqualTo(node);
            assertThat(routed.path("service").asText()).isEqualTo(service);
            JsonNode fannedOut = get(other, "/api/v1/nodes/" + node);
            assertThat(fannedOut.path("nodeId").asText()).isEqualTo(node);
            assertThat(fannedOut.path("lastSeen").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        }
        assertThat(status(0, "GET", "/api/v1/nodes/no-such-node")).isEqualTo(404);
        assertThat(status(1, "GET", "/api/v1/nodes/no-such-node?service=svc0&environment=" + env)).isEqualTo(404);
    }

    @Test
    void shouldPageThroughTheWholeFleetOnceInKeyOrderFromEitherInstance() throws Exception {
        for (int i = 0; i < 2; i++) {
            List<String> seen = new ArrayList<>();
            String cursor = null;
            int pages = 0;
            do {
                JsonNode page = get(i, "/api/v1/nodes?environment=" + env + "&limit=4" + (cursor == null ? "" : "&cursor=" + cursor));
                page.path("items").forEach(n -> seen.add(n.path("nodeId").asText()));
                cursor = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asText();
                pages++;
            } while (cursor != null && pages < 50);
            assertThat(seen).hasSize(SERVICES * NODES_PER_SERVICE).doesNotHaveDuplicates().isSorted();
            assertThat(pages).isBetween(5, 6);
        }
    }

    @Test
    void shouldFilterByStateAndShowTheDriftedNodeAndItsAlert() throws Exception {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode page = get(1, "/api/v1/nodes?environment=" + env + "&state=drifted");
            assertThat(page.path("items")).singleElement().satisfies(n -> {
                assertThat(n.path("nodeId").asText()).isEqualTo(drifted);
                assertThat(n.path("violations").get(0).path("rule").asText()).isEqualTo("ARTIFACT_DRIFT");
            });
            JsonNode alerts = get(0, "/api/v1/alerts?status=firing&environment=" + env);
            assertThat(alerts.path("items")).anySatisfy(a -> {
                assertThat(a.path("rule").asText()).isEqualTo("ARTIFACT_DRIFT");
                assertThat(a.path("nodeId").asText()).isEqualTo(drifted);
                assertThat(a.path("status").asText()).isEqualTo("FIRING");
            });
        });
        // Heartbeats may beat their declaration through the repartition topics (UNDECLARED_SERVICE fires, then resolves):
        // whatever is there, the status filter must hold.
        assertThat(get(0, "/api/v1/alerts?status=firing&environment=" + env).path("items")).allSatisfy(a -> assertThat(a.path("status").asText()).isEqualTo("FIRING"));
        assertThat(get(1, "/api/v1/alerts?status=resolved&environment=" + env).path("items"))
                .allSatisfy(a -> assertThat(a.path("status").asText()).isEqualTo("RESOLVED"))
                .noneSatisfy(a -> assertThat(a.path("rule").asText()).isEqualTo("ARTIFACT_DRIFT"));
    }

    @Test
    void shouldSummariseDeclaredVersusRunningPerService() throws Exception {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode items = get(0, "/api/v1/services?environment=" + env).path("items");
            assertThat(items).hasSize(SERVICES);
            JsonNode svc2 = items.get(2);
            assertThat(svc2.path("service").asText()).isEqualTo("svc2");
            assertThat(svc2.path("nodes").asInt()).isEqualTo(NODES_PER_SERVICE);
            assertThat(svc2.path("states").path("OK").asInt()).isEqualTo(2);
            assertThat(svc2.path("states").path("DRIFTED").asInt()).isEqualTo(1);
            assertThat(svc2.path("declared").path("gitCommit").asText()).isEqualTo("c0ffee");
            assertThat(svc2.path("running")).anySatisfy(r -> {
                assertThat(r.path("digest").asText()).isEqualTo(OLD);
                assertThat(r.path("nodes").asInt()).isEqualTo(1);
                assertThat(r.path("matches").asText()).isEqualTo("undeclared");
            });
            assertThat(svc2.path("running")).anySatisfy(r -> {
                assertThat(r.path("digest").asText()).isEqualTo(NEW);
                assertThat(r.path("matches").asText()).isEqualTo("declared");
            });
        });
    }

    @Test
    void shouldRejectWritesBadParametersAndUnknownPaths() throws Exception {
        assertThat(status(0, "POST", "/api/v1/nodes")).isEqualTo(405);
        assertThat(status(0, "DELETE", "/api/v1/nodes/x")).isEqualTo(405);
        assertThat(body(0, "/api/v1/nodes?limit=0")).contains("'limit' must be a whole number from 1 to 1000");
        assertThat(status(0, "GET", "/api/v1/nodes?limit=0")).isEqualTo(400);
        assertThat(body(0, "/api/v1/nodes?state=BOGUS")).contains("parameter 'state' must be one of");
        assertThat(body(0, "/api/v1/nodes?serivce=x")).contains("unknown parameter 'serivce'");
        assertThat(body(0, "/api/v1/alerts?status=burning")).contains("parameter 'status' must be one of [firing, resolved, all]");
        assertThat(status(0, "GET", "/api/v1/nope")).isEqualTo(404);
        assertThat(status(0, "GET", "/healthz")).isEqualTo(200);
    }

    @Test
    void shouldRequireTheBearerTokenWhenConfigured() throws Exception {
        Map<String, Object> q = Map.of(QueryConfig.PORT, 0, QueryConfig.TOKEN, "s3cret-token");
        try (QueryServer guarded = new QueryServer(APPS.get(0).streams(), new QueryConfig(q)).start()) {
            URI uri = URI.create(guarded.url() + "/api/v1/nodes?environment=" + env);
            assertThat(HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
            assertThat(HTTP.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer wrong").build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode()).isEqualTo(401);
            HttpResponse<String> ok = HTTP.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer s3cret-token").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(HTTP.send(HttpRequest.newBuilder(URI.create(guarded.url() + "/healthz")).build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode()).as("health checks need no token").isEqualTo(200);
            assertThat(guarded.url()).startsWith("http://127.0.0.1:");
        }
    }

    private static int owner(String service) {
        KafkaStreams streams = APPS.get(0).streams();
        KeyQueryMetadata md = streams.queryMetadataForKey(StoreNames.NODE_STATUS, env + "/" + service, new StringSerializer());
        int port = md.activeHost().port();
        return SERVERS.get(0).port() == port ? 0 : 1;
    }

    private static Artifact artifact(String version, String digest) {
        return Artifact.newBuilder().setName("app").setVersion(version).setDigest(digest).build();
    }

    private static JsonNode get(int instance, String path) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(SERVERS.get(instance).url() + path)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + " -> " + r.body()).isEqualTo(200);
        return AvroJson.MAPPER.readTree(r.body());
    }

    private static String body(int instance, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(SERVERS.get(instance).url() + path)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static int status(int instance, String method, String path) throws IOException, InterruptedException {
        HttpRequest r = HttpRequest.newBuilder(URI.create(SERVERS.get(instance).url() + path)).method(method, HttpRequest.BodyPublishers.noBody()).build();
        return HTTP.send(r, HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

}
