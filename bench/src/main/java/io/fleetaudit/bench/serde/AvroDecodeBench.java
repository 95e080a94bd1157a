package io.fleetaudit.bench.serde;

import io.fleetaudit.contracts.Artifact;
import io.fleetaudit.contracts.ConfigFile;
import io.fleetaudit.contracts.Heartbeat;
import io.fleetaudit.schemas.registry.MockSchemaRegistryClient;
import io.fleetaudit.schemas.serde.SpecificAvroDeserializer;
import io.fleetaudit.schemas.serde.SpecificAvroSerializer;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Decoding cost of one heartbeat in Confluent wire format, in one JVM: Avro's standard {@code SpecificDatumReader}
 * from the registry's writer schema to the class's schema (the baseline: what the serde did before, {@link #standardReader}), the serde's deserializer (Avro's fast reader), and the serde's projection
 * of the five identity fields the streams app keys heartbeats on. Reports ns per decode and ratios to the baseline
 * measured in the same round.
 * <p>Usage: AvroDecodeBench [files=2: config files in the heartbeat, the bench fleet's shape; 100 = an agent's default
 * report] [decodes=1000000] [rounds=5]
 */
public final class AvroDecodeBench {
    private static final String TOPIC = "fleet.heartbeats.v1";
    private static final String DIGEST = "sha256:" + "0123456789abcdef".repeat(4);

    private AvroDecodeBench() {
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> a = new HashMap<>();
        for (String s : args) {
            int eq = s.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("arguments are key=value, got " + s);
            }
            a.put(s.substring(0, eq), s.substring(eq + 1));
        }
        int files = Integer.parseInt(a.getOrDefault("files", "2"));
        int n = Integer.parseInt(a.getOrDefault("decodes", "1000000"));
        int rounds = Integer.parseInt(a.getOrDefault("rounds", "5"));
        Map<String, Object> cfg = Map.of("schema.registry.url", "mock://avro-decode-bench");
        try (SpecificAvroSerializer<Heartbeat> ser = new SpecificAvroSerializer<>(Heartbeat.class);
             SpecificAvroDeserializer<Heartbeat> de = new SpecificAvroDeserializer<>(Heartbeat.class)) {
            ser.configure(cfg, false);
            de.configure(cfg, false);
            byte[] bytes = ser.serialize(TOPIC, heartbeat(files));
            SpecificDatumReader<Heartbeat> standard = standardReader();
            Deserializer<GenericRecord> identity = de.projection(io.fleetaudit.streams.detect.HeartbeatValidator.IDENTITY_FIELDS);
            // The keying step's projection before it stopped after its last field: with sentAt (near the end of the
            // schema) it still reads (skips) everything before that, as the earlier projection did.
            Deserializer<GenericRecord> identityToSentAt = de.projection("nodeId", "instanceId", "service", "environment",
                    "sentAt");
            if (!de.deserialize(TOPIC, bytes).equals(standard.read(null, decoder(bytes)))) {
                throw new IllegalStateException("the fast reader and the standard reader disagree");
            }
            System.out.printf("standard reader = SpecificDatumReader with a SpecificData subclass, as the serde read before%n");
            System.out.printf("heartbeat with %d config files: %,d bytes; %,d decodes per round%n", files, bytes.length, n);
            for (int round = 1; round <= rounds; round++) {
                long sink = 0;
                long t0 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    sink += standard.read(null, decoder(bytes)).getSequence();
                }
                long t1 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    sink += de.deserialize(TOPIC, bytes).getSequence();
                }
                long t2 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    sink += ((String) identity.deserialize(TOPIC, bytes).get("nodeId")).length();
                }
                long t3 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    sink += ((String) identityToSentAt.deserialize(TOPIC, bytes).get("nodeId")).length();
                }
                long t4 = System.nanoTime();
                double base = (t1 - t0) / (double) n;
                double fast = (t2 - t1) / (double) n;
                double projected = (t3 - t2) / (double) n;
                double toSentAt = (t4 - t3) / (double) n;
                System.out.printf("round %d: standard reader %.0f ns, serde (fast reader) %.0f ns = %.2fx, identity projection "
                        + "%.0f ns = %.2fx (to sentAt, as before: %.0f ns; leading fields only %.2fx of that)%s%n", round,
                        base, fast, fast / base, projected, projected / base, toSentAt, projected / toSentAt,
                        sink == 42 ? " " : "");
            }
        } finally {
            MockSchemaRegistryClient.dropScope("avro-decode-bench");
        }
    }

    /**
     * What the serde did before it moved to the fast reader: a SpecificDatumReader from the writer schema as the
     * registry returns it (parsed from its text) to the class's schema, with a SpecificData subclass that builds
     * ArrayLists and carries the class's conversions (as the serde's ListArraysSpecificData does). The subclass is what
     * made it slow: Avro's standard reader with the plain SpecificData model decodes as fast as the fast reader.
     */
    public static SpecificDatumReader<Heartbeat> standardReader() {
        Schema writer = new Schema.Parser().parse(Heartbeat.getClassSchema().toString());
        SpecificData model = new SpecificData(Heartbeat.class.getClassLoader()) {
            @Override
            public Object newArray(Object old, int size, Schema schema) {
                return new ArrayList<>(size);
            }
        };
        SpecificData.getForClass(Heartbeat.class).getConversions().forEach(model::addLogicalTypeConversion);
        return new SpecificDatumReader<>(writer, Heartbeat.getClassSchema(), model);
    }

    private static org.apache.avro.io.BinaryDecoder decoder(byte[] bytes) {
        return DecoderFactory.get().binaryDecoder(bytes, 5, bytes.length - 5, null);
    }

    private static Heartbeat heartbeat(int files) {
        List<ConfigFile> configFiles = new ArrayList<>();
        for (int i = 0; i < files; i++) {
            configFiles.add(ConfigFile.newBuilder().setPath("/etc/app/f" + i + ".conf").setSha256(DIGEST).build());
        }
        return Heartbeat.newBuilder().setNodeId("node-000123").setInstanceId("i-0123456789").setBootId("boot-1234-5678")
                .setHostname("host-123").setService("svc-12").setEnvironment("prod")
                .setLabels(Map.of("region", "us-east-1", "rack", "r12"))
                .setArtifacts(List.of(Artifact.newBuilder().setName("app").setVersion("2.0").setDigest(DIGEST).build()))
                .setConfigHash(DIGEST).setConfigFiles(configFiles).setConfigFilesOmitted(0)
                .setFlags(Map.of("f1", "on", "f2", "off")).setAgentVersion("1.0.0").setSequence(12)
                .setSentAt(Instant.parse("2026-11-27T10:00:00Z")).setIntervalMs(10_000).setStopping(false).build();
    }
}
