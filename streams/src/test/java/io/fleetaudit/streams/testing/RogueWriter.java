package io.fleetaudit.streams.testing;

import io.fleetaudit.contracts.Heartbeat;
import io.fleetaudit.schemas.registry.SchemaRegistryClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;

/**
 * Heartbeats framed with another writer schema than the reader's: as an incompatible agent would write one (its writer
 * schema lacks a field the reader requires, so the keying step's identity projection reads it and the full decode
 * cannot), or a newer, compatible one (one more field).
 */
public final class RogueWriter {
    private RogueWriter() {
    }

    /** Registers the heartbeat schema without {@code field} under {@code subject}; returns hb framed with it. */
    public static byte[] heartbeatWithout(SchemaRegistryClient registry, String subject, Heartbeat hb, String field) {
        Schema full = Heartbeat.getClassSchema();
        List<Schema.Field> kept = full.getFields().stream().filter(f -> !f.name().equals(field))
                .map(f -> new Schema.Field(f, f.schema())).toList();
        return frame(registry, subject, hb, kept, null);
    }

    /**
     * A heartbeat as a newer (compatible) agent writes it: registers the heartbeat schema with one more string field,
     * {@code field} (default "unknown"), under {@code subject}; returns hb framed with it, {@code value} in that field.
     */
    public static byte[] heartbeatWithExtraField(SchemaRegistryClient registry, String subject, Heartbeat hb,
                                                 String field, String value) {
        List<Schema.Field> fields = new java.util.ArrayList<>(Heartbeat.getClassSchema().getFields().stream()
                .map(f -> new Schema.Field(f, f.schema())).toList());
        fields.add(new Schema.Field(field, Schema.create(Schema.Type.STRING), null, "unknown"));
        return frame(registry, subject, hb, fields, value);
    }

    private static byte[] frame(SchemaRegistryClient registry, String subject, Heartbeat hb, List<Schema.Field> fields,
                                String extraValue) {
        Schema full = Heartbeat.getClassSchema();
        Schema writer = Schema.createRecord(full.getName(), full.getDoc(), full.getNamespace(), false, fields);
        int id = registry.register(subject, writer);
        GenericRecord record = new GenericData.Record(writer);
        writer.getFields().forEach(f -> record.put(f.name(), f.name().equals("sentAt") ? hb.getSentAt().toEpochMilli()
                : full.getField(f.name()) == null ? extraValue : hb.get(f.name())));
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(ByteBuffer.allocate(5).put((byte) 0).putInt(id).array());
            BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
            new GenericDatumWriter<GenericRecord>(writer, SpecificData.get()).write(record, enc);
            enc.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
