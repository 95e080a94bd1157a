package io.fleetaudit.schemas.serde;

import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Confluent's wire format: magic byte {@code 0}, the schema id as a 4-byte big-endian int, then the
 * Avro binary encoding of the record (no container header). Input: raw record bytes. Output: the
 * schema id and the offset of the Avro payload, or a {@link SerializationException} that says what
 * is wrong with the bytes.
 */
public final class ConfluentWireFormat {

    public static final byte MAGIC_BYTE = 0x0;
    /** Magic byte plus schema id. */
    public static final int HEADER_SIZE = 5;

    private ConfluentWireFormat() {
    }

    /** The 5-byte header for {@code schemaId}. */
    public static byte[] header(int schemaId) {
        return new byte[] {MAGIC_BYTE, (byte) (schemaId >>> 24), (byte) (schemaId >>> 16), (byte) (schemaId >>> 8), (byte) schemaId};
    }

    /**
     * {@code encoded} (a record in this format) with {@code schemaId} in its header: the same array if it has that id
     * already (neither may be changed afterwards), else a copy.
     */
    public static byte[] withSchemaId(byte[] encoded, int schemaId) {
        if (ByteBuffer.wrap(encoded, 1, 4).getInt() == schemaId) {
            return encoded;
        }
        byte[] copy = encoded.clone();
        ByteBuffer.wrap(copy, 1, 4).putInt(schemaId);
        return copy;
    }

    /** Validates the header of {@code bytes} and returns the schema id it carries. */
    public static int schemaId(String topic, boolean isKey, byte[] bytes) {
        String what = isKey ? "key" : "value";
        if (bytes.length < HEADER_SIZE) {
            throw new SerializationException("Record " + what + " of " + bytes.length + " bytes for topic " + topic
                    + " is too short for Confluent wire format (magic byte + 4-byte schema id + Avro data)");
        }
        if (bytes[0] != MAGIC_BYTE) {
            throw new SerializationException(String.format("Unknown magic byte 0x%02x for topic %s: "
                    + "not Confluent wire format (a record %s must start with 0x00)", bytes[0] & 0xff, topic, what));
        }
        return ((bytes[1] & 0xff) << 24) | ((bytes[2] & 0xff) << 16) | ((bytes[3] & 0xff) << 8) | (bytes[4] & 0xff);
    }
}
