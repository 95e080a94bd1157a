package io.fleetaudit.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetaudit.contracts.Artifact;
import io.fleetaudit.contracts.Heartbeat;
import io.fleetaudit.schemas.fixtures.Contracts;
import io.fleetaudit.schemas.registry.MockSchemaRegistryClient;
import io.fleetaudit.schemas.registry.SchemaRegistryClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SpecificAvroSerdeTest {

    private static final String SCOPE = "serde-test";
    private static final String TOPIC = "fleet.heartbeats.v1";
    private final SchemaRegistryClient registry = MockSchemaRegistryClient.forScope(SCOPE);

    @AfterEach
    void drop() {
        MockSchemaRegistryClient.dropScope(SCOPE);
    }

    private static Map<String, Object> cfg(Object... kv) {
        Map<String, Object> map = new HashMap<>();
        map.put("schema.registry.url", "mock://" + SCOPE);
        for (int i = 0; i < kv.length; i += 2) {
            map.put((String) kv[i], kv[i + 1]);
        }
        return map;
    }

    @Test
    void shouldWriteMagicByteThenBigEndianIdThenAvroBinary() {
        // Push ids past one byte so that the id's byte order is visible.
        for (int i = 0; i < 300; i++) {
            registry.register("filler-" + i, SchemaBuilder.record("F" + i).fields().requiredInt("x").endRecord());
        }
        SpecificAvroSerde<Artifact> serde = Serdes2.avro(Artifact.class, cfg());

        byte[] bytes = serde.serializer().serialize("t", Artifact.newBuilder().setName("smars").build());

        int id = registry.getLatest("t-value").id();
        assertThat(id).isEqualTo(301);
        // 0x00 | 00 00 01 2d | "smars" = zigzag(5)=0x0a + 5 bytes | three null union branches 0x00
        assertThat(bytes).containsExactly(0x00, 0x00, 0x00, 0x01, 0x2d,
                0x0a, 's', 'm', 'a', 'r', 's', 0x00, 0x00, 0x00);
    }

    @Test
    void shouldWriteExactlyTheAvroEncodingOfTheRecordAfterTheHeader() throws IOException {
        Heartbeat heartbeat = Contracts.heartbeat();
        byte[] bytes = Serdes2.avro(Heartbeat.class, cfg()).serializer().serialize(TOPIC, heartbeat);

        assertThat(bytes).isEqualTo(expectedFrame(heartbeat));
        assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt())
                .isEqualTo(registry.lookup(TOPIC + "-value", Heartbeat.getClassSchema()).id());
    }

    /** What Avro's own writer makes of {@code heartbeat}, framed: the reference for the serializer's reused buffers. */
    private byte[] expectedFrame(Heartbeat heartbeat) throws IOException {
        int id = registry.lookup(TOPIC + "-value", Heartbeat.getClassSchema()).id();
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.write(new byte[] {0, (byte) (id >>> 24), (byte) (id >>> 16), (byte) (id >>> 8), (byte) id});
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(expected, null);
        new SpecificDatumWriter<>(Heartbeat.class).write(heartbeat, encoder);
        encoder.flush();
        return expected.toByteArray();
    }

    @Test
    void shouldWriteEachRecordAloneAfterALargeOneAndAfterAFailedOne() throws IOException {
        org.apache.kafka.common.serialization.Serializer<Heartbeat> serializer = Serdes2.avro(Heartbeat.class, cfg())
                .serializer();
        Heartbeat small = Contracts.heartbeat();
        java.util.List<io.fleetaudit.contracts.ConfigFile> files = new java.util.ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            files.add(io.fleetaudit.contracts.ConfigFile.newBuilder().setPath("/etc/app/conf.d/file-" + i + ".yaml")
                    .setSha256("%064d".formatted(i)).build());
        }
        Heartbeat large = Heartbeat.newBuilder(small).setConfigFiles(files).build();
        // A record that fails half-way through: Avro has buffered its first fields when it meets the null.
        Heartbeat broken = Heartbeat.newBuilder(small).build();
        broken.put("sentAt", null);

        byte[] first = serializer.serialize(TOPIC, small);
        byte[] big = serializer.serialize(TOPIC, large);
        assertThatThrownBy(() -> serializer.serialize(TOPIC, broken)).isInstanceOf(SerializationException.class);
        byte[] after = serializer.serialize(TOPIC, small);

        assertThat(big.length).isGreaterThan(64 * 1024);
        assertThat(big).isEqualTo(expectedFrame(large));
        assertThat(first).isEqualTo(expectedFrame(small)).isEqualTo(after);
    }

    @Test
    void shouldSerializeFromSeveralThreadsAtOnce() throws Exception {
        org.apache.kafka.common.serialization.Serializer<Heartbeat> serializer = Serdes2.avro(Heartbeat.class, cfg())
                .serializer();
        java.util.List<Heartbeat> heartbeats = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            heartbeats.add(Heartbeat.newBuilder(Contracts.heartbeat()).setNodeId("node-" + "x".repeat(i * 50))
                    .setSequence(i).build());
        }
        serializer.serialize(TOPIC, heartbeats.get(0)); // registers the schema before the threads start
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            java.util.List<java.util.concurrent.Future<Boolean>> results = new java.util.ArrayList<>();
            for (Heartbeat hb : heartbeats) {
                byte[] expected = expectedFrame(hb);
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 2_000; i++) {
                        if (!java.util.Arrays.equals(serializer.serialize(TOPIC, hb), expected)) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (java.util.concurrent.Future<Boolean> r : results) {
                assertThat(r.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shouldRoundTripEveryContractType() {
        for (SpecificRecord record : Contracts.all()) {
            @SuppressWarnings("unchecked")
            Class<SpecificRecord> type = (Class<SpecificRecord>) record.getClass();
            Serde<SpecificRecord> serde = Serdes2.avro(type, cfg());
            String topic = "round-trip." + type.getSimpleName();

            SpecificRecord back = serde.deserializer().deserialize(topic, serde.serializer().serialize(topic, record));

            assertThat(back).as(type.getSimpleName()).isEqualTo(record);
            assertThat(registry.getLatest(topic + "-value").schema()).isEqualTo(record.getSchema());
        }
    }

    @Test
    void shouldRegisterKeysUnderTheKeySubject() {
        Serde<Artifact> serde = Serdes2.avro(Artifact.class, cfg(), true);
        serde.serializer().serialize("keys", Contracts.artifact("1", "sha256:1"));
        assertThat(registry.getSubjects()).contains("keys-key").doesNotContain("keys-value");
    }

    @Test
    void shouldPassTombstonesThrough() {
        SpecificAvroSerde<Heartbeat> serde = Serdes2.avro(Heartbeat.class, cfg());
        assertThat(serde.serializer().serialize(TOPIC, null)).isNull();
        assertThat(serde.deserializer().deserialize(TOPIC, null)).isNull();
    }

    @Test
    void shouldReadDataFromAnOlderWriterWithDefaults() throws IOException {
        Schema older = withoutFields(Heartbeat.getClassSchema(), "stopping", "signature");
        int id = registry.register("old-value", older);
        GenericRecord old = convert(Contracts.heartbeat(), older);

        Heartbeat read = Serdes2.avro(Heartbeat.class, cfg()).deserializer().deserialize(TOPIC, frame(id, old, older));

        Heartbeat expected = Heartbeat.newBuilder(Contracts.heartbeat()).setStopping(false).setSignature(null).build();
        assertThat(read).isEqualTo(expected);
    }

    @Test
    void shouldReadDataFromANewerWriterIgnoringUnknownFields() throws IOException {
        Schema newer = withExtraField(Heartbeat.getClassSchema());
        int id = registry.register("new-value", newer);
        GenericRecord record = convert(Contracts.heartbeat(), newer);
        record.put("kernel", "6.1.0");

        Heartbeat read = Serdes2.avro(Heartbeat.class, cfg()).deserializer().deserialize(TOPIC, frame(id, record, newer));

        assertThat(read).isEqualTo(Contracts.heartbeat());
    }

    @Test
    void shouldDecodeArraysAsPlainLists() {
        SpecificAvroSerde<Heartbeat> serde = Serdes2.avro(Heartbeat.class, cfg());

        Heartbeat read = serde.deserializer().deserialize(TOPIC, serde.serializer().serialize(TOPIC, Contracts.heartbeat()));

        // Avro's fast reader would build GenericData.Array, whose equals fails on records holding an Instant.
        assertThat(read.getArtifacts()).isInstanceOf(java.util.ArrayList.class).isEqualTo(Contracts.heartbeat().getArtifacts());
        assertThat(read.getConfigFiles()).isInstanceOf(java.util.ArrayList.class);
    }

    @Test
    void shouldReadOnlyTheProjectedFields() {
        SpecificAvroSerde<Heartbeat> serde = Serdes2.avro(Heartbeat.class, cfg());
        Heartbeat hb = Contracts.heartbeat();
        byte[] bytes = serde.serializer().serialize(TOPIC, hb);

        GenericRecord identity = ((SpecificAvroDeserializer<Heartbeat>) serde.deserializer())
                .projection("nodeId", "environment", "sentAt").deserialize(TOPIC, bytes);

        assertThat(identity.getSchema().getFields()).extracting(Schema.Field::name)
                .containsExactly("nodeId", "environment", "sentAt");
        assertThat(identity.get("nodeId")).isEqualTo(hb.getNodeId());
        assertThat(identity.get("environment")).isEqualTo(hb.getEnvironment());
        assertThat(identity.get("sentAt")).isEqualTo(hb.getSentAt().toEpochMilli());
    }

    @Test
    void shouldNotReadPastTheLastProjectedField() {
        SpecificAvroSerde<Heartbeat> serde = Serdes2.avro(Heartbeat.class, cfg());
        SpecificAvroDeserializer<Heartbeat> de = (SpecificAvroDeserializer<Heartbeat>) serde.deserializer();
        Heartbeat hb = Contracts.heartbeat();
        byte[] bytes = serde.serializer().serialize(TOPIC, hb);
        // Only the leading fields, up to environment (the sixth): the labels and everything after them are cut off.
        byte[] leading = java.util.Arrays.copyOf(bytes, 5 + avroLength(hb.getNodeId(), hb.getInstanceId(), hb.getBootId(),
                hb.getHostname(), hb.getService(), hb.getEnvironment()));

        GenericRecord identity = de.projection("nodeId", "instanceId", "service", "environment").deserialize(TOPIC, leading);

        assertThat(identity.get("service")).isEqualTo(hb.getService());
        assertThat(identity.get("environment")).isEqualTo(hb.getEnvironment());
        // A field further on still needs the bytes up to it, and the full read needs them all.
        assertThatThrownBy(() -> de.projection("nodeId", "sentAt").deserialize(TOPIC, leading))
                .isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> de.deserialize(TOPIC, leading)).isInstanceOf(SerializationException.class);
    }

    /** Avro binary length of these leading fields: length-prefixed strings; hostname is ["null","string"] (branch 1). */
    private static int avroLength(String nodeId, String instanceId, String bootId, String hostname, String service,
                                 String environment) {
        int n = 1; // hostname's union branch index
        for (String s : new String[] {nodeId, instanceId, bootId, hostname, service, environment}) {
            n += 1 + s.getBytes(StandardCharsets.UTF_8).length; // short enough for a 1-byte zigzag length
        }
        return n;
    }

    @Test
    void shouldProjectOlderAndNewerWriters() throws IOException {
        Schema older = withoutFields(Heartbeat.getClassSchema(), "stopping", "signature");
        int oldId = registry.register("old-value", older);
        Schema newer = withExtraField(Heartbeat.getClassSchema());
        int newId = registry.register("new-value", newer);
        GenericRecord newRecord = convert(Contracts.heartbeat(), newer);
        newRecord.put("kernel", "6.1.0");
        SpecificAvroDeserializer<Heartbeat> de = (SpecificAvroDeserializer<Heartbeat>) Serdes2.avro(Heartbeat.class, cfg())
                .deserializer();
        var projection = de.projection("service", "stopping");

        GenericRecord fromOld = projection.deserialize(TOPIC, frame(oldId, convert(Contracts.heartbeat(), older), older));
        GenericRecord fromNew = projection.deserialize(TOPIC, frame(newId, newRecord, newer));

        assertThat(fromOld.get("service")).isEqualTo(Contracts.heartbeat().getService());
        assertThat(fromOld.get("stopping")).isEqualTo(false); // the reader's default
        assertThat(fromNew.get("service")).isEqualTo(Contracts.heartbeat().getService());
    }

    @Test
    void shouldRejectWhatAProjectionCannotRead() {
        SpecificAvroSerde<Heartbeat> serde = Serdes2.avro(Heartbeat.class, cfg());
        SpecificAvroDeserializer<Heartbeat> de = (SpecificAvroDeserializer<Heartbeat>) serde.deserializer();
        // Cut inside nodeId (the first field: a length byte and "router-8"), so even a projection of it cannot be read.
        byte[] truncated = java.util.Arrays.copyOf(serde.serializer().serialize(TOPIC, Contracts.heartbeat()), 9);

        assertThatThrownBy(() -> de.projection("nodeId", "kernel"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("No field 'kernel' in io.fleetaudit.contracts.Heartbeat");
        assertThatThrownBy(() -> de.projection("nodeId").deserialize(TOPIC, truncated))
                .isInstanceOf(SerializationException.class)
                .hasMessageStartingWith("Could not decode Avro value of topic " + TOPIC + " (9 bytes, writer schema id ")
                .hasMessageContaining("as io.fleetaudit.contracts.Heartbeat [nodeId]");
        assertThat(de.projection("nodeId").deserialize(TOPIC, null)).isNull();
    }

    @Test
    void shouldRejectTooShortRecords() {
        assertThatThrownBy(() -> Serdes2.avro(Heartbeat.class, cfg()).deserializer().deserialize(TOPIC, new byte[] {0, 0, 1}))
                .isInstanceOf(SerializationException.class)
                .hasMessage("Record value of 3 bytes for topic " + TOPIC
                        + " is too short for Confluent wire format (magic byte + 4-byte schema id + Avro data)");
    }

    @Test
    void shouldRejectAWrongMagicByte() {
        byte[] json = "{\"nodeId\":\"router-8\"}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> Serdes2.avro(Heartbeat.class, cfg()).deserializer().deserialize(TOPIC, json))
                .isInstanceOf(SerializationException.class)
                .hasMessage("Unknown magic byte 0x7b for topic " + TOPIC
                        + ": not Confluent wire format (a record value must start with 0x00)");
    }

    @Test
    void shouldRejectAnUnknownSchemaId() {
        byte[] bytes = {0, 0, 0, 0x27, 0x0f, 0x02, 0x41};
        assertThatThrownBy(() -> Serdes2.avro(Heartbeat.class, cfg()).deserializer().deserialize(TOPIC, bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageStartingWith("Unknown schema id 9999 for topic " + TOPIC + ": ")
                .hasMessageContaining("answered 404 (error_code 40403)");
    }

    @Test
    void shouldRejectAnUndecodablePayload() {
        SpecificAvroSerde<Heartbeat> serde = Serdes2.avro(Heartbeat.class, cfg());
        byte[] good = serde.serializer().serialize(TOPIC, Contracts.heartbeat());
        byte[] truncated = java.util.Arrays.copyOf(good, 20);

        assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, truncated))
                .isInstanceOf(SerializationException.class)
                .hasMessageStartingWith("Could not decode Avro value of topic " + TOPIC + " (20 bytes, writer schema id ")
                .hasMessageContaining("as io.fleetaudit.contracts.Heartbeat");
    }

    @Test
    void shouldRejectAWriterSchemaTheClassCannotRead() {
        Schema alien = SchemaBuilder.record("Heartbeat").namespace("io.fleetaudit.contracts").fields()
                .requiredInt("nodeId").endRecord();
        int id = registry.register("alien-value", alien);

        assertThatThrownBy(() -> Serdes2.avro(Heartbeat.class, cfg()).deserializer()
                .deserialize(TOPIC, new byte[] {0, 0, 0, 0, (byte) id, 0x02}))
                .isInstanceOf(SerializationException.class)
                .hasMessageStartingWith("Writer schema id " + id + " (io.fleetaudit.contracts.Heartbeat) of topic " + TOPIC
                        + " cannot be read as io.fleetaudit.contracts.Heartbeat: ")
                .hasMessageContaining("TYPE_MISMATCH");
    }

    @Test
    void shouldWorkWhenCreatedByClassName() {
        SpecificAvroSerializer<SpecificRecord> serializer = new SpecificAvroSerializer<>();
        serializer.configure(cfg(), false);
        SpecificAvroDeserializer<SpecificRecord> typed = new SpecificAvroDeserializer<>();
        typed.configure(cfg("specific.avro.value.type", "io.fleetaudit.contracts.Heartbeat"), false);
        SpecificAvroDeserializer<SpecificRecord> byWriterName = new SpecificAvroDeserializer<>();
        byWriterName.configure(cfg(), false);

        byte[] bytes = serializer.serialize(TOPIC, Contracts.heartbeat());

        assertThat(typed.deserialize(TOPIC, bytes)).isEqualTo(Contracts.heartbeat());
        assertThat(byWriterName.deserialize(TOPIC, bytes)).isEqualTo(Contracts.heartbeat());
    }

    @Test
    void shouldNameTheMissingClassWhenNoneIsConfiguredOrFound() {
        int id = registry.register("x-value", SchemaBuilder.record("Unknown").namespace("nowhere").fields().requiredInt("a").endRecord());
        SpecificAvroDeserializer<SpecificRecord> deserializer = new SpecificAvroDeserializer<>();
        deserializer.configure(cfg(), false);

        assertThatThrownBy(() -> deserializer.deserialize("x", new byte[] {0, 0, 0, 0, (byte) id, 0x02}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("No SpecificRecord class for writer schema nowhere.Unknown")
                .hasMessageContaining("specific.avro.value.type");
    }

    @Test
    void shouldLookUpTheIdWhenAutoRegisterIsOff() {
        SpecificAvroSerde<Heartbeat> serde = Serdes2.avro(Heartbeat.class, cfg("auto.register.schemas", false));

        assertThatThrownBy(() -> serde.serializer().serialize(TOPIC, Contracts.heartbeat()))
                .isInstanceOf(SerializationException.class)
                .hasMessageStartingWith("Could not look up subject " + TOPIC + "-value for io.fleetaudit.contracts.Heartbeat "
                        + "(auto.register.schemas=false: register the schema first): ")
                .hasMessageContaining("error_code 40401");

        int id = registry.register(TOPIC + "-value", Heartbeat.getClassSchema());
        byte[] bytes = serde.serializer().serialize(TOPIC, Contracts.heartbeat());
        assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(id);
        assertThat(registry.getVersions(TOPIC + "-value")).containsExactly(1);
    }

    @Test
    void shouldWriteWithTheLatestVersionWhenAsked() throws IOException {
        Schema latest = withExtraField(Heartbeat.getClassSchema());
        registry.register(TOPIC + "-value", Heartbeat.getClassSchema());
        int latestId = registry.register(TOPIC + "-value", latest);
        SpecificAvroSerde<Heartbeat> serde = Serdes2.avro(Heartbeat.class,
                cfg("auto.register.schemas", false, "use.latest.version", true));

        byte[] bytes = serde.serializer().serialize(TOPIC, Contracts.heartbeat());

        assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(latestId);
        GenericRecord asLatest = new GenericDatumReader<GenericRecord>(latest)
                .read(null, DecoderFactory.get().binaryDecoder(bytes, 5, bytes.length - 5, null));
        assertThat(asLatest.get("kernel")).hasToString("unknown");
        assertThat(asLatest.get("nodeId")).hasToString("router-8");
        assertThat(serde.deserializer().deserialize(TOPIC, bytes)).isEqualTo(Contracts.heartbeat());
    }

    @Test
    void shouldReuseTheLastEncodingOnlyForTheSameInstance() throws Exception {
        SpecificAvroSerde<Heartbeat> serde = Serdes2.avro(Heartbeat.class, cfg());
        Serializer<Heartbeat> reusing = serde.serializer().reusingLastEncoding();
        Heartbeat first = Contracts.heartbeat();

        byte[] toChangelog = reusing.serialize("app-store-changelog", first);
        byte[] toTopic = reusing.serialize(TOPIC, first);

        assertThat(toTopic).isSameAs(toChangelog).isEqualTo(serde.serializer().serialize(TOPIC, first));
        Heartbeat next = Heartbeat.newBuilder(first).setSequence(first.getSequence() + 1).build();
        byte[] nextBytes = reusing.serialize(TOPIC, next);
        assertThat(nextBytes).isEqualTo(serde.serializer().serialize(TOPIC, next)).isNotEqualTo(toTopic);
        Heartbeat equalCopy = Heartbeat.newBuilder(next).build();
        assertThat(reusing.serialize(TOPIC, equalCopy)).isNotSameAs(nextBytes).isEqualTo(nextBytes);
        // Each thread remembers its own last record.
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            assertThat(other.submit(() -> reusing.serialize(TOPIC, equalCopy)).get()).isNotSameAs(nextBytes);
        } finally {
            other.shutdownNow();
        }
        assertThat(reusing.serialize(TOPIC, null)).isNull();
    }

    @Test
    void shouldEncodeEachTimeWhenTheRecordIsConvertedToTheLatestVersion() throws IOException {
        registry.register(TOPIC + "-value", withExtraField(Heartbeat.getClassSchema()));
        SpecificAvroSerde<Heartbeat> serde = Serdes2.avro(Heartbeat.class,
                cfg("auto.register.schemas", false, "use.latest.version", true));
        Serializer<Heartbeat> reusing = serde.serializer().reusingLastEncoding();
        Heartbeat hb = Contracts.heartbeat();

        byte[] once = reusing.serialize(TOPIC, hb);

        assertThat(reusing.serialize(TOPIC, hb)).isNotSameAs(once).isEqualTo(once)
                .isEqualTo(serde.serializer().serialize(TOPIC, hb));
    }

    @Test
    void shouldPutAnotherSchemaIdIntoACopyOfAnEncoding() {
        byte[] encoded = {0, 0, 0, 0, 7, 42, 43};

        assertThat(ConfluentWireFormat.withSchemaId(encoded, 7)).isSameAs(encoded);
        assertThat(ConfluentWireFormat.withSchemaId(encoded, 0x01020304)).containsExactly(0, 1, 2, 3, 4, 42, 43);
        assertThat(encoded).containsExactly(0, 0, 0, 0, 7, 42, 43);
    }

    @Test
    void shouldRefuseALatestVersionThatCannotRepresentTheRecord() {
        Schema narrow = SchemaBuilder.record("Heartbeat").namespace("io.fleetaudit.contracts").fields()
                .requiredString("nodeId").requiredString("mandatoryNewThing").endRecord();
        registry.updateConfig("narrow-value", "NONE");
        registry.register("narrow-value", narrow);
        SpecificAvroSerde<Heartbeat> serde = Serdes2.avro(Heartbeat.class,
                cfg("auto.register.schemas", false, "use.latest.version", true));

        assertThatThrownBy(() -> serde.serializer().serialize("narrow", Contracts.heartbeat()))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("Latest schema of subject narrow-value (version 1, id ")
                .hasMessageContaining("cannot represent io.fleetaudit.contracts.Heartbeat")
                .hasMessageContaining("READER_FIELD_MISSING_DEFAULT_VALUE");
    }

    @Test
    void shouldFailFastOnInvalidConfig() {
        SpecificAvroSerde<Heartbeat> serde = new SpecificAvroSerde<>(Heartbeat.class);
        assertThatThrownBy(() -> serde.configure(cfg("basic.auth.credentials.source", "BEARER"), false))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("basic.auth.credentials.source").hasMessageContaining("URL, USER_INFO, SASL_INHERIT");
        assertThatThrownBy(() -> serde.configure(cfg("value.subject.name.strategy", "RecordNameStrategy"), false))
                .isInstanceOf(ConfigException.class).hasMessageContaining("only TopicNameStrategy is supported");
        assertThatThrownBy(() -> serde.configure(Map.of("bootstrap.servers", "localhost:9092"), false))
                .isInstanceOf(ConfigException.class).hasMessageContaining("schema.registry.url");
        assertThatThrownBy(() -> new SpecificAvroDeserializer<>().configure(
                cfg("specific.avro.value.type", "java.lang.String"), false))
                .isInstanceOf(ConfigException.class).hasMessageContaining("must be an Avro SpecificRecord class");
    }

    @Test
    void shouldWriteTheHeaderBigEndian() {
        assertThat(ConfluentWireFormat.header(0x01020304)).containsExactly(0, 1, 2, 3, 4);
        assertThat(ConfluentWireFormat.schemaId("t", false, new byte[] {0, (byte) 0x80, 0, 0, 1})).isEqualTo(0x80000001);
    }

    /** Re-expresses a specific record in another schema through Avro schema resolution. */
    private static GenericRecord convert(SpecificRecord record, Schema target) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<>(record.getSchema()).write(record, encoder);
        encoder.flush();
        return new GenericDatumReader<GenericRecord>(record.getSchema(), target)
                .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
    }

    private static byte[] frame(int id, GenericRecord record, Schema schema) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(ConfluentWireFormat.header(id));
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema, GenericData.get()).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    private static Schema withoutFields(Schema schema, String... names) throws IOException {
        ObjectNode json = (ObjectNode) new ObjectMapper().readTree(schema.toString());
        ArrayNode fields = (ArrayNode) json.get("fields");
        for (Iterator<com.fasterxml.jackson.databind.JsonNode> it = fields.iterator(); it.hasNext(); ) {
            if (java.util.List.of(names).contains(it.next().get("name").asText())) {
                it.remove();
            }
        }
        return new Schema.Parser().parse(json.toString());
    }

    private static Schema withExtraField(Schema schema) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode json = (ObjectNode) mapper.readTree(schema.toString());
        ((ArrayNode) json.get("fields")).addObject().put("name", "kernel").put("type", "string")
                .put("default", "unknown").put("doc", "Kernel release (added later).");
        return new Schema.Parser().parse(json.toString());
    }
}
