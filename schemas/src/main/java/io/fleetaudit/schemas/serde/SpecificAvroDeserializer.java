package io.fleetaudit.schemas.serde;

import io.fleetaudit.schemas.registry.CompatibilityLevel;
import io.fleetaudit.schemas.registry.SchemaRegistryClient;
import io.fleetaudit.schemas.registry.SchemaRegistryClients;
import io.fleetaudit.schemas.registry.SchemaRegistryException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.FastReaderBuilder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Kafka {@link Deserializer} reading Confluent wire format into Avro {@link SpecificRecord}s. Input:
 * {@code 0x00}, a 4-byte big-endian schema id, Avro binary. Output: an instance of the configured
 * class (or, when none is configured, the generated class named like the writer schema), decoded with
 * Avro's fast reader ({@link FastReaderBuilder}: one reader per (writer, reader) schema pair, built once; 0.46 x the
 * time {@code SpecificDatumReader} took with this serde's data model, see bench/run avro-decode) so older and newer
 * writers resolve; arrays are {@code ArrayList}s and null stays null. {@link #projection} reads only a few top-level
 * fields of the same values. Writer schemas are fetched from the registry once per id. Bad bytes (too short, wrong
 * magic byte, unknown id, undecodable payload, incompatible writer) throw a {@link SerializationException}
 * naming the topic and the problem; registry failures are its cause.
 */
public class SpecificAvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {

    private Class<T> type;
    private SchemaRegistryClient client;
    private boolean ownsClient;
    private boolean isKey;
    private final Map<Integer, Reader<T>> readers = new ConcurrentHashMap<>();

    /** A reader for one writer schema id, and the name of what it reads (for error messages). */
    private record Reader<D>(DatumReader<D> datumReader, String readsAs) {
    }

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
        return read(topic, bytes, readers, this::reader);
    }

    /**
     * A deserializer of the same values that decodes only {@code fields} (top-level fields of the configured class's
     * schema, resolved against each writer schema like the full read) into a {@link GenericRecord}, skips the fields
     * between them without building them, and does not read past the last of them at all (see leadingPart): the bytes
     * after it are not checked here. For routing or validating on a few leading identity fields (bench/run
     * avro-decode). Values are plain Avro (strings as {@code String}, timestamps as
     * epoch-millisecond {@code Long}). Same registry client, same errors, same cache per writer id.
     */
    public Deserializer<GenericRecord> projection(String... fields) {
        if (type == null) {
            throw new IllegalStateException("A projection needs the record class: construct with it or configure specific.avro."
                    + (isKey ? "key" : "value") + ".type");
        }
        Schema full = SpecificData.getForClass(type).getSchema(type);
        List<Schema.Field> kept = new ArrayList<>();
        for (String name : fields) {
            Schema.Field f = full.getField(name);
            if (f == null) {
                throw new IllegalArgumentException("No field '" + name + "' in " + full.getFullName());
            }
            kept.add(new Schema.Field(f, f.schema()));
        }
        Schema projected = Schema.createRecord(full.getName(), full.getDoc(), full.getNamespace(), false, kept);
        Map<Integer, Reader<GenericRecord>> projections = new ConcurrentHashMap<>();
        return (topic, bytes) -> read(topic, bytes, projections, (t, id) -> fastReader(t, id,
                leadingPart(writerSchema(t, id), projected), projected, new GenericData(),
                projected.getFullName() + " " + List.of(fields)));
    }

    /**
     * {@code writer} cut after the last field {@code projected} reads (by name or alias). Avro writes a record's fields
     * in order, so a reader resolved against the cut schema reads the leading bytes and stops: the fields after it are
     * neither read nor skipped (skipping them was most of a projection's cost when it read only leading fields).
     */
    private static Schema leadingPart(Schema writer, Schema projected) {
        if (writer.getType() != Schema.Type.RECORD) {
            return writer;
        }
        int last = -1;
        for (Schema.Field f : projected.getFields()) {
            List<String> names = new ArrayList<>(f.aliases());
            names.add(f.name());
            for (String name : names) {
                Schema.Field w = writer.getField(name);
                if (w != null) {
                    last = Math.max(last, w.pos());
                }
            }
        }
        if (last == writer.getFields().size() - 1) {
            return writer;
        }
        List<Schema.Field> kept = new ArrayList<>();
        for (Schema.Field f : writer.getFields().subList(0, last + 1)) {
            kept.add(new Schema.Field(f, f.schema()));
        }
        return Schema.createRecord(writer.getName(), writer.getDoc(), writer.getNamespace(), false, kept);
    }

    private <D> D read(String topic, byte[] bytes, Map<Integer, Reader<D>> cache,
                       java.util.function.BiFunction<String, Integer, Reader<D>> create) {
        if (bytes == null) {
            return null;
        }
        if (client == null) {
            throw new IllegalStateException("SpecificAvroDeserializer used before configure(...)");
        }
        int id = ConfluentWireFormat.schemaId(topic, isKey, bytes);
        Reader<D> reader = cache.computeIfAbsent(id, key -> create.apply(topic, key));
        try {
            return reader.datumReader().read(null, DecoderFactory.get().binaryDecoder(bytes, ConfluentWireFormat.HEADER_SIZE,
                    bytes.length - ConfluentWireFormat.HEADER_SIZE, null));
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("Could not decode Avro " + (isKey ? "key" : "value") + " of topic " + topic
                    + " (" + bytes.length + " bytes, writer schema id " + id + ") as " + reader.readsAs() + ": " + e, e);
        }
    }

    private Reader<T> reader(String topic, int id) {
        Schema writer = writerSchema(topic, id);
        Class<?> target = type != null ? type : SpecificData.get().getClass(writer);
        if (target == null || !SpecificRecord.class.isAssignableFrom(target)) {
            throw new SerializationException("No SpecificRecord class for writer schema " + writer.getFullName() + " (id " + id
                    + ", topic " + topic + "): configure specific.avro." + (isKey ? "key" : "value") + ".type");
        }
        SpecificData model = ListArraysSpecificData.forClass(target);
        return fastReader(topic, id, writer, model.getSchema(target), model, target.getName());
    }

    private Schema writerSchema(String topic, int id) {
        try {
            return client.getSchemaById(id);
        } catch (SchemaRegistryException e) {
            String why = e.isNotFound() ? "Unknown schema id " + id : "Could not fetch writer schema id " + id;
            throw new SerializationException(why + " for topic " + topic + ": " + e.getMessage(), e);
        }
    }

    /** Checks that {@code readerSchema} can read {@code writer} (schema id {@code id}), then builds the fast reader for the pair. */
    private static <D> Reader<D> fastReader(String topic, int id, Schema writer, Schema readerSchema, GenericData model,
                                            String readsAs) {
        List<SchemaCompatibility.Incompatibility> problems = SchemaCompatibility
                .checkReaderWriterCompatibility(readerSchema, writer).getResult().getIncompatibilities();
        if (!problems.isEmpty()) {
            throw new SerializationException("Writer schema id " + id + " (" + writer.getFullName() + ") of topic " + topic
                    + " cannot be read as " + readsAs + ": "
                    + problems.stream().map(p -> CompatibilityLevel.describe(p, readerSchema)).toList());
        }
        try {
            // withClassPropEnabled/withKeyClassEnabled: as FastReaderBuilder.getSpecific() sets them for SpecificData.
            return new Reader<>(new FastReaderBuilder(model).withClassPropEnabled(true).withKeyClassEnabled(true)
                    .createDatumReader(writer, readerSchema), readsAs);
        } catch (IOException e) {
            throw new SerializationException("Could not build a reader of writer schema id " + id + " for topic " + topic
                    + " as " + readsAs + ": " + e, e);
        }
    }

    @Override
    public void close() {
        if (ownsClient && client != null) {
            client.close();
        }
    }
}
