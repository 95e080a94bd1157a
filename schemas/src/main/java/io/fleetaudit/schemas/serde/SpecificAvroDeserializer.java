package io.fleetaudit.schemas.serde;

import io.fleetaudit.schemas.registry.CompatibilityLevel;
import io.fleetaudit.schemas.registry.SchemaRegistryClient;
import io.fleetaudit.schemas.registry.SchemaRegistryClients;
import io.fleetaudit.schemas.registry.SchemaRegistryException;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Kafka {@link Deserializer} reading Confluent wire format into Avro {@link SpecificRecord}s. Input:
 * {@code 0x00}, a 4-byte big-endian schema id, Avro binary. Output: an instance of the configured
 * class (or, when none is configured, the generated class named like the writer schema), decoded with
 * {@link SpecificDatumReader}(writer schema, reader schema) so older and newer writers resolve; null
 * stays null. Writer schemas are fetched from the registry once per id. Bad bytes (too short, wrong
 * magic byte, unknown id, undecodable payload, incompatible writer) throw a {@link SerializationException}
 * naming the topic and the problem; registry failures are its cause.
 */
public class SpecificAvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {

    private Class<T> type;
    private SchemaRegistryClient client;
    private boolean ownsClient;
    private boolean isKey;
    private final Map<Integer, SpecificDatumReader<T>> readers = new ConcurrentHashMap<>();

    /** For use by class name ({@code value.deserializer}) with {@code specific.avro.value.type}. */
    public SpecificAvroDeserializer() {
        this(null, null);
    }

    public SpecificAvroDeserializer(Class<T> type) {
        this(type, null);
    }

    /** Uses {@code client} (shared, not closed by this deserializer) instead of creating one from the config. */
    public SpecificAvroDeserializer(Class<T> type, SchemaRegistryClient client) {
        this.type = type;
        this.client = client;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        configure(new AvroSerdeConfig(configs), isKey, null);
    }

    @SuppressWarnings("unchecked")
    void configure(AvroSerdeConfig config, boolean isKey, SchemaRegistryClient shared) {
        this.isKey = isKey;
        Class<?> configured = config.specificType(isKey);
        if (type == null && configured != null) {
            if (!SpecificRecord.class.isAssignableFrom(configured)) {
                throw new org.apache.kafka.common.config.ConfigException(
                        isKey ? AvroSerdeConfig.SPECIFIC_AVRO_KEY_TYPE : AvroSerdeConfig.SPECIFIC_AVRO_VALUE_TYPE,
                        configured.getName(), "must be an Avro SpecificRecord class");
            }
            type = (Class<T>) configured;
        }
        if (client == null) {
            client = shared != null ? shared : SchemaRegistryClients.create(config);
            ownsClient = shared == null;
        }
    }

    @Override
    public T deserialize(String topic, byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        if (client == null) {
            throw new IllegalStateException("SpecificAvroDeserializer used before configure(...)");
        }
        int id = ConfluentWireFormat.schemaId(topic, isKey, bytes);
        SpecificDatumReader<T> reader = readers.computeIfAbsent(id, key -> reader(topic, key));
        try {
            return reader.read(null, DecoderFactory.get().binaryDecoder(bytes, ConfluentWireFormat.HEADER_SIZE,
                    bytes.length - ConfluentWireFormat.HEADER_SIZE, null));
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("Could not decode Avro " + (isKey ? "key" : "value") + " of topic " + topic
                    + " (" + bytes.length + " bytes, writer schema id " + id + ") as " + reader.getExpected().getFullName()
                    + ": " + e, e);
        }
    }

    private SpecificDatumReader<T> reader(String topic, int id) {
        Schema writer;
        try {
            writer = client.getSchemaById(id);
        } catch (SchemaRegistryException e) {
            String why = e.isNotFound() ? "Unknown schema id " + id : "Could not fetch writer schema id " + id;
            throw new SerializationException(why + " for topic " + topic + ": " + e.getMessage(), e);
        }
        Class<?> target = type != null ? type : SpecificData.get().getClass(writer);
        if (target == null || !SpecificRecord.class.isAssignableFrom(target)) {
            throw new SerializationException("No SpecificRecord class for writer schema " + writer.getFullName() + " (id " + id
                    + ", topic " + topic + "): configure specific.avro." + (isKey ? "key" : "value") + ".type");
        }
        SpecificData model = ListArraysSpecificData.forClass(target);
        Schema readerSchema = model.getSchema(target);
        List<SchemaCompatibility.Incompatibility> problems = SchemaCompatibility
                .checkReaderWriterCompatibility(readerSchema, writer).getResult().getIncompatibilities();
        if (!problems.isEmpty()) {
            throw new SerializationException("Writer schema id " + id + " (" + writer.getFullName() + ") of topic " + topic
                    + " cannot be read as " + target.getName() + ": "
                    + problems.stream().map(p -> CompatibilityLevel.describe(p, readerSchema)).toList());
        }
        return new SpecificDatumReader<>(writer, readerSchema, model);
    }

    @Override
    public void close() {
        if (ownsClient && client != null) {
            client.close();
        }
    }
}
