package io.fleetaudit.agent.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetaudit.agent.publish.AvroHeartbeats;
import io.fleetaudit.agent.publish.HeartbeatSerializer;
import io.fleetaudit.schemas.registry.MockSchemaRegistryClient;
import io.fleetaudit.schemas.serde.ConfluentWireFormat;
import io.fleetaudit.schemas.serde.SpecificAvroDeserializer;
import io.fleetaudit.schemas.serde.SpecificAvroSerializer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.apache.avro.SchemaNormalization;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HeartbeatEncoderTest {
  private static final String TOPIC = "fleet.heartbeats.v1";
  private final String scope = "encoder-" + UUID.randomUUID();
  private final Map<String, Object> cfg = Map.of("schema.registry.url", "mock://" + scope);

  @AfterEach
  void drop() {
    MockSchemaRegistryClient.dropScope(scope);
  }

  @Test
  void shouldEmbedExactlyTheSchemaTextTheJavaSerializerRegisters() {
    // SpecificAvroSerializer registers record.getSchema(), i.e. Heartbeat.getClassSchema(), as its toString().
    assertThat(HeartbeatEncoder.SCHEMA_TEXT)
        .as("agent/src/main/resources/io/fleetaudit/agent/model/Heartbeat.avsc.json must be "
            + "io.fleetaudit.contracts.Heartbeat.getClassSchema().toString(); regenerate it and check HeartbeatEncoder")
        .isEqualTo(io.fleetaudit.contracts.Heartbeat.getClassSchema().toString());
  }

  @Test
  void shouldFailWhenTheHeartbeatSchemaChanges() {
    long fingerprint = SchemaNormalization.parsingFingerprint64(io.fleetaudit.contracts.Heartbeat.getClassSchema());
    assertThat(fingerprint)
        .as("Heartbeat.avsc changed (fingerprint %d): HeartbeatEncoder writes the Avro encoding by hand. Update "
            + "HeartbeatEncoder and the agent's Heartbeat model for the new fields/types/order, the embedded schema "
            + "text (Heartbeat.avsc.json), then this fingerprint", fingerprint)
        .isEqualTo(EXPECTED_FINGERPRINT);
  }

  private static final long EXPECTED_FINGERPRINT = -8377739380507052098L;

  @Test
  void shouldWriteTheSameBytesAsTheJavaSerializerForVariedHeartbeats() {
    Random random = new Random(20121108);
    List<Heartbeat> cases = new ArrayList<>(List.of(minimal(), full()));
    for (int i = 0; i < 300; i++) {
      cases.add(randomHeartbeat(random));
    }
    try (SpecificAvroSerializer<io.fleetaudit.contracts.Heartbeat> java =
             new SpecificAvroSerializer<>(io.fleetaudit.contracts.Heartbeat.class);
         HeartbeatSerializer agent = new HeartbeatSerializer();
         SpecificAvroDeserializer<io.fleetaudit.contracts.Heartbeat> reader =
             new SpecificAvroDeserializer<>(io.fleetaudit.contracts.Heartbeat.class)) {
      java.configure(cfg, false);
      agent.configure(cfg, false);
      reader.configure(cfg, false);
      for (Heartbeat h : cases) {
        io.fleetaudit.contracts.Heartbeat avro = AvroHeartbeats.toAvro(h);
        byte[] expected = java.serialize(TOPIC, avro);
        int id = ConfluentWireFormat.schemaId(TOPIC, false, expected);
        assertThat(HeartbeatEncoder.encode(id, h)).as("encoder bytes of %s", h).isEqualTo(expected);
        byte[] actual = agent.serialize(TOPIC, h);
        assertThat(actual).as("serializer bytes of %s", h).isEqualTo(expected);
        assertThat(reader.deserialize(TOPIC, actual)).isEqualTo(avro);
      }
    }
  }

  @Test
  void shouldLookUpTheIdWhenAutoRegistrationIsOff() {
    Map<String, Object> lookup = Map.of("schema.registry.url", "mock://" + scope, "auto.register.schemas", "false");
    try (HeartbeatSerializer agent = new HeartbeatSerializer()) {
      agent.configure(lookup, false);
      assertThatThrownBy(() -> agent.serialize(TOPIC, minimal()))
          .isInstanceOf(SerializationException.class)
          .hasMessageContaining("Could not look up subject " + TOPIC + "-value")
          .hasMessageContaining("register the schema first");
    }
    int id = MockSchemaRegistryClient.forScope(scope).register(TOPIC + "-value",
        io.fleetaudit.contracts.Heartbeat.getClassSchema());
    try (HeartbeatSerializer agent = new HeartbeatSerializer()) {
      agent.configure(lookup, false);
      assertThat(ConfluentWireFormat.schemaId(TOPIC, false, agent.serialize(TOPIC, full()))).isEqualTo(id);
    }
  }

  @Test
  void shouldWriteWithTheLatestSchemaWhenAsked() {
    int id = MockSchemaRegistryClient.forScope(scope).register(TOPIC + "-value",
        io.fleetaudit.contracts.Heartbeat.getClassSchema());
    Map<String, Object> latest = Map.of("schema.registry.url", "mock://" + scope, "auto.register.schemas", "false",
        "use.latest.version", "true");
    try (HeartbeatSerializer agent = new HeartbeatSerializer()) {
      agent.configure(latest, false);
      byte[] bytes = agent.serialize(TOPIC, full());
      assertThat(ConfluentWireFormat.schemaId(TOPIC, false, bytes)).isEqualTo(id);
      assertThat(bytes).isEqualTo(HeartbeatEncoder.encode(id, full()));
    }
  }

  @Test
  void shouldEncodeVarintsAtTheirBoundaries() {
    // sequence is the 14th field; check a few values against Avro's own encoder through the Java serializer
    for (long v : new long[] {0, 1, -1, 63, -64, 64, -65, 8191, 8192, Integer.MAX_VALUE, Integer.MIN_VALUE,
        Long.MAX_VALUE, Long.MIN_VALUE}) {
      Heartbeat h = Heartbeat.newBuilder(minimal()).setSequence(v).setIntervalMs(-v).setConfigFilesOmitted((int) v).build();
      try (SpecificAvroSerializer<io.fleetaudit.contracts.Heartbeat> java =
               new SpecificAvroSerializer<>(io.fleetaudit.contracts.Heartbeat.class)) {
        java.configure(cfg, false);
        byte[] expected = java.serialize(TOPIC, AvroHeartbeats.toAvro(h));
        assertThat(HeartbeatEncoder.encode(ConfluentWireFormat.schemaId(TOPIC, false, expected), h))
            .as("value %d", v).isEqualTo(expected);
      }
    }
  }

  static Heartbeat minimal() {
    return Heartbeat.newBuilder().setNodeId("n").setInstanceId("").setBootId("b").setService("s").setEnvironment("e")
        .setAgentVersion("v").setSentAt(Instant.EPOCH).build();
  }

  static Heartbeat full() {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("region", "eu-west-1");
    labels.put("rack", "r\u00e9gion \u65e5\u672c \ud83d\ude80");
    return Heartbeat.newBuilder().setNodeId("node-\u00fc").setInstanceId("i-0123456789abcdef").setBootId("boot")
        .setHostname("host.example").setService("smars").setEnvironment("prod").setLabels(labels)
        .setArtifacts(List.of(new Artifact("smars", "2012.08.01", "sha256:" + "ab".repeat(32), null),
            new Artifact("broken", null, null, "permission denied: /opt/x")))
        .setConfigHash("sha256:" + "cd".repeat(32))
        .setConfigFiles(List.of(new ConfigFile("/etc/a", "sha256:" + "00".repeat(32), null),
            new ConfigFile("/etc/b", null, "missing: no such file or directory")))
        .setConfigFilesOmitted(Integer.MAX_VALUE).setFlags(Map.of("checkout.v2", "true"))
        .setAgentVersion("1.0.0").setSequence(Long.MAX_VALUE).setSentAt(Instant.ofEpochMilli(1_343_827_800_123L))
        .setIntervalMs(3_600_000L).setStopping(true).build();
  }

  private static Heartbeat randomHeartbeat(Random r) {
    List<Artifact> artifacts = new ArrayList<>();
    for (int i = r.nextInt(4) == 0 ? 0 : r.nextInt(6); i > 0; i--) {
      boolean failed = r.nextInt(3) == 0;
      artifacts.add(new Artifact(text(r), failed ? null : maybe(r), failed ? null : maybe(r), failed ? text(r) : null));
    }
    List<ConfigFile> files = new ArrayList<>();
    for (int i = r.nextInt(3) == 0 ? 0 : r.nextInt(200); i > 0; i--) {
      files.add(new ConfigFile("/" + text(r), maybe(r), maybe(r)));
    }
    return Heartbeat.newBuilder().setNodeId(text(r)).setInstanceId(text(r)).setBootId(text(r)).setHostname(maybe(r))
        .setService(text(r)).setEnvironment(text(r)).setLabels(map(r)).setArtifacts(artifacts).setConfigHash(maybe(r))
        .setConfigFiles(files).setConfigFilesOmitted(r.nextInt(3) == 0 ? r.nextInt() : r.nextInt(1000))
        .setFlags(map(r)).setAgentVersion(text(r)).setSequence(r.nextBoolean() ? r.nextLong() : r.nextInt(100_000))
        .setSentAt(Instant.ofEpochMilli(r.nextBoolean() ? r.nextLong() / 1000 : 1_700_000_000_000L + r.nextInt()))
        .setIntervalMs(r.nextBoolean() ? r.nextLong() : 10_000L).setStopping(r.nextBoolean()).build();
  }

  private static Map<String, String> map(Random r) {
    Map<String, String> m = new HashMap<>();
    for (int i = r.nextInt(3) == 0 ? 0 : r.nextInt(20); i > 0; i--) {
      m.put(text(r), text(r));
    }
    return m;
  }

  private static String maybe(Random r) {
    return r.nextInt(4) == 0 ? null : text(r);
  }

  private static final String[] ALPHABETS = {"abcdefghijklmnopqrstuvwxyz0123456789._-/",
      "\u00e9\u00fc\u00df\u65e5\u672c\u8a9e\u0416\u05d0", "\ud83d\ude80\ud83c\udf89", "\"\\\n\t\u0000 "};

  private static String text(Random r) {
    int len = r.nextInt(10) == 0 ? r.nextInt(300) : r.nextInt(20);
    StringBuilder b = new StringBuilder();
    while (b.length() < len) {
      String alphabet = ALPHABETS[r.nextInt(ALPHABETS.length)];
      if (alphabet.charAt(0) == '\ud83d') {
        int k = r.nextInt(2) * 2; // keep surrogate pairs together
        b.append(alphabet, k, k + 2);
      } else {
        b.append(alphabet.charAt(r.nextInt(alphabet.length())));
      }
    }
    return b.toString();
  }
}
