package io.fleetaudit.registry;

import static io.fleetaudit.registry.RegistryHttp.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fleetaudit.contracts.Artifact;
import io.fleetaudit.contracts.ConfigFile;
import io.fleetaudit.contracts.Heartbeat;
import io.fleetaudit.contracts.Signature;
import io.fleetaudit.schemas.serde.SpecificAvroDeserializer;
import io.fleetaudit.schemas.serde.SpecificAvroSerializer;
import io.fleetaudit.testkit.KafkaBrokerExtension;

/**
 * Proof that our registry and our serde speak Confluent's protocol: Confluent's official Node.js client
 * ({@code @confluentinc/schemaregistry}, pinned in src/test/node/package-lock.json) runs against the local
 * registry over HTTP. A: bytes from our {@link SpecificAvroSerializer} are decoded by Confluent's
 * {@code AvroDeserializer}; B: bytes from Confluent's {@code AvroSerializer} (schema registered by Confluent's
 * client) are decoded by our {@link SpecificAvroDeserializer}, and are byte-identical to ours; C: a schema
 * Confluent's serializer auto-registers is served back correctly. Any wrong byte, field or endpoint fails.
 * Skipped only when {@code node} is not installed.
 */
class ConfluentNodeClientInteropIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final Path NODE_DIR = Path.of(System.getProperty("interop.node.dir", "src/test/node"));
    private static final byte[] SIGNATURE = {0, 1, (byte) 0x80, (byte) 0xff, 0x7f, 0x10, (byte) 0xc3, 0x28};

    private static LocalSchemaRegistry registry;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        Assumptions.assumeTrue(nodeInstalled(), "node is not installed (not on PATH): Confluent's Node.js client "
                + "cannot run, so the interop proof is skipped. Install Node.js 18+ and run `npm ci` in " + NODE_DIR);
        if (!Files.isDirectory(NODE_DIR.resolve("node_modules/@confluentinc/schemaregistry"))) {
            fail("@confluentinc/schemaregistry is not installed in " + NODE_DIR.toAbsolutePath()
                    + ": run `npm ci` there (mvn verify does it in pre-integration-test unless -Dinterop.npm.skip=true)");
        }
        registry = LocalSchemaRegistry.start(KAFKA.bootstrapServers(), "127.0.0.1", 0);
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void shouldLetConfluentsAvroDeserializerDecodeOurHeartbeatBytes() throws Exception {
        String topic = KAFKA.uniqueName("interop-java-to-node");
        byte[] payload;
        try (SpecificAvroSerializer<Heartbeat> serializer = new SpecificAvroSerializer<>(Heartbeat.class)) {
            serializer.configure(Map.of("schema.registry.url", registry.url()), false);
            payload = serializer.serialize(topic, heartbeat());
        }
        int id = registeredId(topic);
        assertThat(payload[0]).as("magic byte").isZero();
        assertThat(ByteBuffer.wrap(payload, 1, 4).getInt()).as("schema id in the header").isEqualTo(id);

        JsonNode out = node("decode", registry.url(), topic, Base64.getEncoder().encodeToString(payload));

        assertThat(out.get("magic").asInt()).isZero();
        assertThat(out.get("schemaId").asInt()).isEqualTo(id);
        assertThat(out.get("latestId").asInt()).isEqualTo(id);
        assertThat(out.get("latestVersion").asInt()).isEqualTo(1);
        JsonNode expected = canonical(heartbeatJson(false));
        JsonNode decoded = out.get("record");
        expected.fieldNames().forEachRemaining(field ->
                assertThat(decoded.get(field)).as("field %s decoded by Confluent's AvroDeserializer", field)
                        .isEqualTo(expected.get(field)));
        assertThat(decoded).isEqualTo(expected);
    }

    @Test
    void shouldDecodeHeartbeatBytesFromConfluentsAvroSerializer() throws Exception {
        String topic = KAFKA.uniqueName("interop-node-to-java");
        Path schemaFile = Files.writeString(tmp.resolve("heartbeat.avsc"), Heartbeat.getClassSchema().toString());
        Path recordFile = Files.writeString(tmp.resolve("heartbeat.json"),
                JSON.writeValueAsString(heartbeatJson(true)));

        JsonNode out = node("encode", registry.url(), topic, schemaFile.toString(), recordFile.toString());

        byte[] payload = Base64.getDecoder().decode(out.get("payload").asText());
        int id = registeredId(topic);
        assertThat(out.get("registeredId").asInt()).as("id Confluent's client got from POST .../versions")
                .isEqualTo(id);
        assertThat(payload[0]).as("magic byte").isZero();
        assertThat(ByteBuffer.wrap(payload, 1, 4).getInt()).as("schema id in the header").isEqualTo(id);

        Heartbeat decoded;
        try (SpecificAvroDeserializer<Heartbeat> deserializer = new SpecificAvroDeserializer<>(Heartbeat.class)) {
            deserializer.configure(Map.of("schema.registry.url", registry.url()), false);
            decoded = deserializer.deserialize(topic, payload);
        }
        Heartbeat expected = heartbeat();
        assertThat(decoded.getNodeId()).isEqualTo(expected.getNodeId());
        assertThat(decoded.getArtifacts()).isEqualTo(expected.getArtifacts());
        assertThat(decoded.getConfigFiles()).isEqualTo(expected.getConfigFiles());
        assertThat(decoded.getLabels()).isEqualTo(expected.getLabels());
        assertThat(decoded.getFlags()).isEqualTo(expected.getFlags());
        assertThat(decoded.getSentAt()).isEqualTo(expected.getSentAt());
        assertThat(decoded.getSignature().getValue()).isEqualTo(ByteBuffer.wrap(SIGNATURE));
        assertThat(decoded).as("every field").isEqualTo(expected);

        // Same schema, same id, same record: Confluent's bytes must equal ours exactly.
        try (SpecificAvroSerializer<Heartbeat> serializer = new SpecificAvroSerializer<>(Heartbeat.class)) {
            serializer.configure(Map.of("schema.registry.url", registry.url()), false);
            assertThat(serializer.serialize(topic, expected)).isEqualTo(payload);
        }
    }

    @Test
    void shouldServeSchemasConfluentsSerializerAutoRegisters() throws Exception {
        String topic = KAFKA.uniqueName("interop-autoregister");

        JsonNode out = node("autoregister", registry.url(), topic);

        int id = registeredId(topic);
        assertThat(out.get("schemaId").asInt()).isEqualTo(id);
        assertThat(out.get("latestId").asInt()).isEqualTo(id);
        assertThat(out.get("versions").toString()).isEqualTo("[1]");
        byte[] payload = Base64.getDecoder().decode(out.get("payload").asText());
        assertThat(payload[0]).isZero();
        assertThat(ByteBuffer.wrap(payload, 1, 4).getInt()).isEqualTo(id);

        Schema writer = new Schema.Parser().parse(
                new RegistryHttp(registry.url()).get("/schemas/ids/" + id).json().get("schema").asText());
        GenericRecord record = new GenericDatumReader<GenericRecord>(writer).read(null,
                DecoderFactory.get().binaryDecoder(payload, 5, payload.length - 5, null));
        assertThat(record.get("nodeId").toString()).isEqualTo("node-auto");
        assertThat(((Number) record.get("sequence")).longValue()).isEqualTo(42L);
        assertThat(record.get("stopping")).isEqualTo(true);
    }

    private static Heartbeat heartbeat() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("region", "us-east-1");
        labels.put("rack", "r7");
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("power_peg", "false");
        flags.put("smars.routing", "v2");
        return Heartbeat.newBuilder()
                .setNodeId("smars-08").setInstanceId("i-0abc8").setBootId("b00t-8").setHostname("smars-08.nyse")
                .setService("smars").setEnvironment("prod")
                .setLabels(labels)
                .setArtifacts(List.of(
                        Artifact.newBuilder().setName("smars").setVersion("2012.08.01")
                                .setDigest("sha256:" + "ab".repeat(32)).setError(null).build(),
                        Artifact.newBuilder().setName("power-peg").setVersion(null).setDigest(null)
                                .setError("collector timed out: é✓").build()))
                .setConfigHash("sha256:" + "cd".repeat(32))
                .setConfigFiles(List.of(
                        ConfigFile.newBuilder().setPath("/etc/smars/flags.conf").setSha256("sha256:" + "ef".repeat(32))
                                .setError(null).build(),
                        ConfigFile.newBuilder().setPath("/etc/smars/secret.conf").setSha256(null)
                                .setError("permission denied").build()))
                .setConfigFilesOmitted(3)
                .setFlags(flags)
                .setAgentVersion("0.1.0")
                .setSequence(1_234_567_890_123L)
                .setSentAt(Instant.ofEpochMilli(1_343_828_460_123L))
                .setIntervalMs(15_000L)
                .setStopping(true)
                .setSignature(Signature.newBuilder().setKeyId("node-key-8").setAlgorithm("Ed25519")
                        .setValue(ByteBuffer.wrap(SIGNATURE)).build())
                .build();
    }

    /** The heartbeat as avsc represents it (unions unwrapped, longs as numbers); bytes as base64 or {"$bytes"}. */
    private static ObjectNode heartbeatJson(boolean bytesAsObject) {
        Heartbeat hb = heartbeat();
        ObjectNode json = JSON.createObjectNode()
                .put("nodeId", hb.getNodeId()).put("instanceId", hb.getInstanceId()).put("bootId", hb.getBootId())
                .put("hostname", hb.getHostname()).put("service", hb.getService())
                .put("environment", hb.getEnvironment());
        ObjectNode labels = json.putObject("labels");
        hb.getLabels().forEach(labels::put);
        ArrayNode artifacts = json.putArray("artifacts");
        for (Artifact a : hb.getArtifacts()) {
            artifacts.addObject().put("name", a.getName()).put("version", a.getVersion()).put("digest", a.getDigest())
                    .put("error", a.getError());
        }
        json.put("configHash", hb.getConfigHash());
        ArrayNode files = json.putArray("configFiles");
        for (ConfigFile f : hb.getConfigFiles()) {
            files.addObject().put("path", f.getPath()).put("sha256", f.getSha256()).put("error", f.getError());
        }
        json.put("configFilesOmitted", hb.getConfigFilesOmitted());
        ObjectNode flags = json.putObject("flags");
        hb.getFlags().forEach(flags::put);
        json.put("agentVersion", hb.getAgentVersion()).put("sequence", hb.getSequence())
                .put("sentAt", hb.getSentAt().toEpochMilli()).put("intervalMs", hb.getIntervalMs())
                .put("stopping", hb.getStopping());
        ObjectNode signature = json.putObject("signature").put("keyId", hb.getSignature().getKeyId())
                .put("algorithm", hb.getSignature().getAlgorithm());
        String base64 = Base64.getEncoder().encodeToString(SIGNATURE);
        if (bytesAsObject) {
            signature.putObject("value").put("$bytes", base64);
        } else {
            signature.put("value", base64);
        }
        return json;
    }

    /** Re-parsed so numbers get the same node types as parsed output (int vs long). */
    private static JsonNode canonical(JsonNode json) throws IOException {
        return JSON.readTree(JSON.writeValueAsString(json));
    }

    private static int registeredId(String topic) {
        RegistryHttp.Answer latest = new RegistryHttp(registry.url()).get("/subjects/" + topic + "-value/versions/latest");
        assertThat(latest.status()).as(latest.text()).isEqualTo(200);
        return latest.json().get("id").asInt();
    }

    private static JsonNode node(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("node", "interop.mjs"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(NODE_DIR.toFile()).start();
        process.getOutputStream().close();
        // Output is one short JSON line; read both streams after exit (they fit in the pipe buffers).
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("node " + args[0] + " did not finish within 90 s");
        }
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(process.exitValue()).as("node %s failed:%n%s%n%s", args[0], stderr, stdout).isZero();
        String[] lines = stdout.split("\n");
        return JSON.readTree(lines[lines.length - 1]);
    }

    private static boolean nodeInstalled() {
        try {
            Process process = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            return process.waitFor(20, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
