package io.fleetaudit.schemas.serde;

import io.fleetaudit.schemas.registry.SchemaRegistryClient;
import io.fleetaudit.schemas.registry.SchemaRegistryClients;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka {@link Serde} for Avro {@link SpecificRecord}s in Confluent's wire format, pairing
 * {@link SpecificAvroSerializer} and {@link SpecificAvroDeserializer} over one registry client.
 * Input: {@code new SpecificAvroSerde<>(Heartbeat.class)} then {@code configure(cfg, isKey)} with
 * Confluent's keys. Output: bytes a Confluent deserializer reads, and records from bytes a Confluent
 * serializer wrote.
 */
public class SpecificAvroSerde<T extends SpecificRecord> implements Serde<T> {

    private final SpecificAvroSerializer<T> serializer;
    private final SpecificAvroDeserializer<T> deserializer;
    private final SchemaRegistryClient sharedClient;
    private SchemaRegistryClient ownClient;

    /** For use by class name (e.g. {@code default.value.serde}) with {@code specific.avro.value.type}. */
    public SpecificAvroSerde() {
        this(null, null);
    }

    public SpecificAvroSerde(Class<T> type) {
        this(type, null);
    }

    /** Uses {@code client} (shared, not closed by this serde) instead of creating one from the config. */
    public SpecificAvroSerde(Class<T> type, SchemaRegistryClient client) {
        this.sharedClient = client;
        this.serializer = new SpecificAvroSerializer<>(type, client);
        this.deserializer = new SpecificAvroDeserializer<>(type, client);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        AvroSerdeConfig config = new AvroSerdeConfig(configs);
        SchemaRegistryClient client = sharedClient;
        if (client == null) {
            ownClient = SchemaRegistryClients.create(config);
            client = ownClient;
        }
        serializer.configure(config, isKey, client);
        deserializer.configure(config, isKey, client);
    }

    @Override
    public SpecificAvroSerializer<T> serializer() {
        return serializer;
    }

    @Override
    public SpecificAvroDeserializer<T> deserializer() {
        return deserializer;
    }

    @Override
    public void close() {
        serializer.close();
        deserializer.close();
        if (ownClient != null) {
            ownClient.close();
        }
    }
}
