package io.fleetaudit.schemas.serde;

import io.fleetaudit.schemas.registry.CompatibilityLevel;
import io.fleetaudit.schemas.registry.RegisteredSchema;
import io.fleetaudit.schemas.registry.SchemaRegistryClient;
import io.fleetaudit.schemas.registry.SchemaRegistryClients;
import io.fleetaudit.schemas.registry.SchemaRegistryException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka {@link Serializer} writing Avro {@link SpecificRecord}s in Confluent's wire format. Input: a
 * record and its topic. Output: {@code 0x00}, the 4-byte big-endian schema id, then the record's Avro
 * binary encoding; null stays null (tombstones). The id comes from the registry once per subject and
 * class: registered under the TopicNameStrategy subject ({@code auto.register.schemas=true}, default),
 * looked up ({@code false}), or the subject's latest version ({@code use.latest.version=true}, the record
 * is then written with that schema through Avro schema resolution).
 */
public class SpecificAvroSerializer<T extends SpecificRecord> implements Serializer<T> {

    private final Class<T> type;
    private SchemaRegistryClient client;
    private boolean ownsClient;
    private AvroSerdeConfig config;
    private boolean isKey;
    /** topic to record class to plan; nested so the hot path allocates no key. */
    private final Map<String, Map<Class<?>, Plan>> plans = new ConcurrentHashMap<>();

    /** How records of one class are written to one subject: the id and a writer (which may convert). */
    private record Plan(int id, DatumWriter<Object> writer, Schema recordSchema, Schema targetSchema) {
    }

    /** For use by class name ({@code value.serializer}); the record class is taken from each record. */
    public SpecificAvroSerializer() {
        this(null, null);
    }

    public SpecificAvroSerializer(Class<T> type) {
        this(type, null);
    }

    /** Uses {@code client} (shared, not closed by this serializer) instead of creating one from the config. */
    public SpecificAvroSerializer(Class<T> type, SchemaRegistryClient client) {
        this.type = type;
        this.client = client;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        configure(new AvroSerdeConfig(configs), isKey, null);
    }

    void configure(AvroSerdeConfig config, boolean isKey, SchemaRegistryClient shared) {
        this.config = config;
        this.isKey = isKey;
        if (client == null) {
            client = shared != null ? shared : SchemaRegistryClients.create(config);
            ownsClient = shared == null;
        }
    }

    @Override
    public byte[] serialize(String topic, T data) {
        return data == null ? null : encode(topic, data, planFor(topic, data));
    }

    /** How {@code data} (not null) is written to {@code topic}; fails as serialize does before configure or on another type. */
    private Plan planFor(String topic, T data) {
        if (config == null) {
            throw new IllegalStateException("SpecificAvroSerializer used before configure(...)");
        }
        if (type != null && !type.isInstance(data)) {
            throw new SerializationException("Topic " + topic + " expects " + type.getName() + ", got " + data.getClass().getName());
        }
        Map<Class<?>, Plan> byClass = plans.computeIfAbsent(topic, t -> new ConcurrentHashMap<>());
        Plan plan = byClass.get(data.getClass());
        if (plan == null) {
            plan = byClass.computeIfAbsent(data.getClass(), c -> plan(AvroSerdeConfig.subject(topic, isKey), data));
        }
        return plan;
    }

    private byte[] encode(String topic, T data, Plan plan) {
        Scratch out = SCRATCH.get();
        out.reset();
        byte[] header = ConfluentWireFormat.header(plan.id());
        out.write(header, 0, header.length);
        try {
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, out.encoder);
            out.encoder = encoder;
            if (plan.targetSchema() == null) {
                plan.writer().write(data, encoder);
            } else {
                plan.writer().write(convert(data, plan), encoder);
            }
            encoder.flush();
        } catch (IOException | RuntimeException e) {
            out.encoder = null; // it may hold part of this record: the next one must not start with it
            throw new SerializationException("Could not serialize " + data.getClass().getName() + " for topic " + topic
                    + " with schema id " + plan.id() + ": " + e, e);
        }
        return out.take();
    }

    /**
     * This serializer for records that nobody changes once built, when one thread writes the same instance twice in a row
     * to different topics (the detection's node statuses: to their store's changelog, then to fleet.node-status.v1): asked
     * again for the instance it encoded last on this thread, it copies that encoding with the schema id of this topic's
     * subject instead of encoding the record again. Records written through a conversion (use.latest.version with another
     * schema) are encoded each time. Not for records that are changed and sent again (an agent reusing its builder's
     * output would get its previous bytes): that is why this is a separate serializer and not the default.
     */
    public Serializer<T> reusingLastEncoding() {
        ThreadLocal<Object[]> last = ThreadLocal.withInitial(() -> new Object[2]);
        return new Serializer<>() {
            @Override
            public void configure(Map<String, ?> configs, boolean isKey) {
                SpecificAvroSerializer.this.configure(configs, isKey);
            }

            @Override
            public byte[] serialize(String topic, T data) {
                if (data == null) {
                    return null;
                }
                Plan plan = planFor(topic, data);
                if (plan.targetSchema() != null) {
                    return encode(topic, data, plan);
                }
                Object[] encoded = last.get();
                if (encoded[0] == data) {
                    return ConfluentWireFormat.withSchemaId((byte[]) encoded[1], plan.id());
                }
                byte[] bytes = encode(topic, data, plan);
                encoded[0] = data;
                encoded[1] = bytes;
                return bytes;
            }

            @Override
            public void close() {
                SpecificAvroSerializer.this.close();
            }
        };
    }

    /**
     * Each thread's output buffer and buffered encoder, reused for every record it serializes (Kafka Streams shares one
     * serializer between its threads). A fresh ByteArrayOutputStream and an unbuffered encoder per record cost a third of
     * the serializer's time in the topology's profile: synchronized single-field writes and the array growing.
     */
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /** An unsynchronized growable byte buffer; what one record took is copied out exactly once. */
    private static final class Scratch extends OutputStream {
        private static final int INITIAL = 1024;
        /** A buffer grown beyond this by one large record is given back after it. */
        private static final int KEEP = 64 * 1024;
        private byte[] buf = new byte[INITIAL];
        private int size;
        BinaryEncoder encoder;

        void reset() {
            size = 0;
        }

        @Override
        public void write(int b) {
            ensure(1);
            buf[size++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            ensure(len);
            System.arraycopy(b, off, buf, size, len);
            size += len;
        }

        private void ensure(int more) {
            if (size + more > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
            }
        }

        byte[] take() {
            byte[] bytes = Arrays.copyOf(buf, size);
            if (buf.length > KEEP) {
                buf = new byte[INITIAL];
            }
            return bytes;
        }
    }

    private Plan plan(String subject, T record) {
        Schema schema = record.getSchema();
        SpecificData model = SpecificData.getForClass(record.getClass());
        @SuppressWarnings("unchecked")
        DatumWriter<Object> own = (DatumWriter<Object>) (DatumWriter<?>) new SpecificDatumWriter<>(schema, model);
        try {
            if (config.autoRegisterSchemas()) {
                return new Plan(client.register(subject, schema), own, schema, null);
            }
            if (!config.useLatestVersion()) {
                return new Plan(client.lookup(subject, schema).id(), own, schema, null);
            }
            RegisteredSchema latest = client.getLatest(subject);
            if (latest.schema().toString().equals(schema.toString())) {
                return new Plan(latest.id(), own, schema, null);
            }
            List<SchemaCompatibility.Incompatibility> problems = SchemaCompatibility
                    .checkReaderWriterCompatibility(latest.schema(), schema).getResult().getIncompatibilities();
            if (!problems.isEmpty()) {
                throw new SerializationException("Latest schema of subject " + subject + " (version " + latest.version()
                        + ", id " + latest.id() + ") cannot represent " + record.getClass().getName() + " (use.latest.version=true): "
                        + problems.stream().map(p -> CompatibilityLevel.describe(p, latest.schema())).toList());
            }
            return new Plan(latest.id(), new GenericDatumWriter<>(latest.schema()), schema, latest.schema());
        } catch (SchemaRegistryException e) {
            String how = config.autoRegisterSchemas() ? "register" : config.useLatestVersion() ? "get the latest schema of" : "look up";
            String hint = e.isNotFound() && !config.autoRegisterSchemas()
                    ? " (auto.register.schemas=false: register the schema first)" : "";
            throw new SerializationException("Could not " + how + " subject " + subject + " for "
                    + record.getClass().getName() + hint + ": " + e.getMessage(), e);
        }
    }

    /** Re-expresses {@code data} in the subject's latest schema via Avro schema resolution (use.latest.version). */
    private static Object convert(SpecificRecord data, Plan plan) throws IOException {
        ByteArrayOutputStream own = new ByteArrayOutputStream(256);
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(own, null);
        new SpecificDatumWriter<>(plan.recordSchema(), SpecificData.getForClass(data.getClass())).write(data, encoder);
        encoder.flush();
        return new GenericDatumReader<>(plan.recordSchema(), plan.targetSchema())
                .read(null, DecoderFactory.get().binaryDecoder(own.toByteArray(), null));
    }

    @Override
    public void close() {
        if (ownsClient && client != null) {
            client.close();
        }
    }
}
