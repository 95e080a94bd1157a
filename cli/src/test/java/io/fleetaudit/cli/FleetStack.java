package io.fleetaudit.cli;

import io.fleetaudit.contracts.Artifact;
import io.fleetaudit.contracts.Heartbeat;
import io.fleetaudit.registry.LocalSchemaRegistry;
import io.fleetaudit.schemas.topics.TopicCatalogue;
import io.fleetaudit.streams.FleetAuditStreamsApp;
import io.fleetaudit.testkit.Directories;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The real parts the CLI talks to, in one JVM: the local schema registry over HTTP, the streams app with the real
 * topology, and its query API; plus a heartbeat producer standing in for agents. Input: bootstrap servers and an
 * application id. Output: the CLI arguments that point at them.
 */
final class FleetStack implements AutoCloseable {
    final LocalSchemaRegistry registry;
    final FleetAuditStreamsApp streams;
    final TopicCatalogue topics;
    private final String bootstrap;
    private final KafkaProducer<String, Heartbeat> heartbeats;
    private final Path stateDir;

    FleetStack(String bootstrap, String applicationId) throws Exception {
        this.bootstrap = bootstrap;
        registry = LocalSchemaRegistry.start(bootstrap, "127.0.0.1", 0);
        Map<String, Object> props = new HashMap<>();
        props.put("bootstrap.servers", bootstrap);
        props.put("schema.registry.url", registry.url());
        props.put("application.id", applicationId);
        stateDir = Files.createTempDirectory("cli-it-state");
        props.put("state.dir", stateDir.toString());
        props.put("fleet.metrics.port", -1);
        props.put("commit.interval.ms", 100);
        props.put("fleet.query.port", 0);
        streams = new FleetAuditStreamsApp(props).start();
        streams.awaitRunning(Duration.ofSeconds(90));
        topics = TopicCatalogue.from(Map.of("bootstrap.servers", bootstrap, "schema.registry.url", registry.url()));
        heartbeats = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", bootstrap), new StringSerializer(),
                topics.heartbeats().valueSerde().serializer());
    }

    /** {@code --bootstrap-server B --schema-registry R} for Kafka verbs. */
    List<String> kafkaArgs() {
        return List.of("--bootstrap-server", bootstrap, "--schema-registry", registry.url());
    }

    /** {@code --api URL} for API verbs. */
    List<String> apiArgs() {
        return List.of("--api", apiUrl());
    }

    /** The query API the streams app started itself (fleet.query.port=0: any free port). */
    String apiUrl() {
        return "http://127.0.0.1:" + streams.queryPort();
    }

    void heartbeat(String env, String service, String node, String version, String digest, Map<String, String> flags) throws Exception {
        Heartbeat hb = Heartbeat.newBuilder().setNodeId(node).setInstanceId("i-" + node).setBootId("boot").setService(service)
                .setEnvironment(env).setArtifacts(List.of(Artifact.newBuilder().setName(service).setVersion(version).setDigest(digest).build()))
                .setFlags(flags).setAgentVersion("it").setSequence(System.nanoTime()).setSentAt(Instant.now()).setIntervalMs(60_000).build();
        heartbeats.send(new ProducerRecord<>(topics.heartbeats().name(), node, hb)).get(30, TimeUnit.SECONDS);
    }

    static String[] args(List<String> a, List<String> b, String... rest) {
        List<String> all = new ArrayList<>(List.of(rest));
        all.addAll(a);
        all.addAll(b);
        return all.toArray(String[]::new);
    }

    static Path write(Path dir, String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Override
    public void close() {
        heartbeats.close();
        streams.close();
        registry.close();
        Directories.deleteRecursively(stateDir);
    }
}
