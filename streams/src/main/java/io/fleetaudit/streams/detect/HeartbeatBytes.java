package io.fleetaudit.streams.detect;

import io.fleetaudit.contracts.Heartbeat;
import io.fleetaudit.contracts.Signature;
import io.fleetaudit.streams.errors.SourceRecordException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * A heartbeat not decoded yet: as read from {@code fleet.heartbeats.v1} when it is in its service's partition (see
 * {@link HeartbeatKeying}), or as it crossed the repartition topic with its source ({@link DetectionInput}, tag
 * {@code S}). Input: its bytes. Output: the full {@link Heartbeat} ({@link #decode()}, which blames the source record
 * on failure), or only its timing fields ({@link #timingIfContentIs}) when its bytes up to {@code sequence} are those
 * of the node's last evaluated heartbeat.
 * <p>Why: most heartbeats repeat the previous one (the fast path), and decoding one in full to find that out was the
 * larger part of the steady state's cost in the detect task. Avro writes a record's fields in schema order, and the
 * Heartbeat schema puts everything that changes on every beat last ({@code sequence, sentAt, intervalMs, stopping,
 * signature}): equal bytes before {@code sequence}, under the same writer schema id (the framing's first five bytes),
 * are equal content. {@link #contentPrefix} finds where that tail starts by encoding the decoded tail again and checking
 * the bytes end with it, so a writer schema with another layout simply gets no prefix (and the decoded path).
 */
public final class HeartbeatBytes {
    private final String topic;
    private final int partition;
    private final long offset;
    private final String nodeId;
    private final byte[] tagged;
    private final int wireStart;
    private final Deserializer<Heartbeat> decoder;
    private byte[] wire;

    /** The fields of a heartbeat that change on every beat, as far as the fast path needs them. */
    public record Timing(long sequence, Instant sentAt, long intervalMs, boolean stopping) {
    }

    /** {@code nodeId}: the source record's key; {@code tagged}: bytes whose wire format starts at {@code wireStart}. */
    HeartbeatBytes(String topic, int partition, long offset, String nodeId, byte[] tagged, int wireStart,
                   Deserializer<Heartbeat> decoder) {
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
        this.nodeId = nodeId;
        this.tagged = tagged;
        this.wireStart = wireStart;
        this.decoder = decoder;
    }

    /** The source record's key, i.e. the node id (the keying step refused heartbeats whose key is not their nodeId). */
    public String nodeId() {
        return nodeId;
    }

    /** The heartbeat decoded in full; a failure is the source record's ({@link SourceRecordException}). */
    public Heartbeat decode() {
        byte[] wire = wire();
        try {
            return decoder.deserialize(topic, wire);
        } catch (SerializationException e) {
            throw new SourceRecordException(topic, partition, offset,
                    nodeId == null ? null : nodeId.getBytes(StandardCharsets.UTF_8), wire, e);
        }
    }

    /** The heartbeat's bytes as its producer wrote them (Confluent wire format); not to be changed. */
    byte[] wire() {
        if (wire == null) {
            wire = wireStart == 0 ? tagged : Arrays.copyOfRange(tagged, wireStart, tagged.length);
        }
        return wire;
    }

    /**
     * The timing fields, if this heartbeat's bytes start with {@code prefix} (see {@link #contentPrefix}) and the rest
     * reads as exactly the tail the prefix was cut from; otherwise null (decode it).
     */
    public Timing timingIfContentIs(byte[] prefix) {
        int wireLength = tagged.length - wireStart;
        if (prefix == null || wireLength <= prefix.length
                || !Arrays.equals(tagged, wireStart, wireStart + prefix.length, prefix, 0, prefix.length)) {
            return null;
        }
        int tailStart = wireStart + prefix.length;
        BinaryDecoder in = DecoderFactory.get().binaryDecoder(tagged, tailStart, tagged.length - tailStart, null);
        try {
            long sequence = in.readLong();
            long sentAt = in.readLong();
            long intervalMs = in.readLong();
            boolean stopping = in.readBoolean();
            int signature = in.readIndex();
            if (signature == 1) {
                in.skipString();
                in.skipString();
                in.skipBytes();
            }
            return signature <= 1 && in.isEnd() ? new Timing(sequence, Instant.ofEpochMilli(sentAt), intervalMs, stopping)
                    : null;
        } catch (IOException | RuntimeException e) {
            return null; // not the layout the prefix was cut from: the full decode decides (and dead-letters)
        }
    }

    /**
     * This heartbeat's bytes before {@code sequence}, given {@code hb} decoded from them; null if they do not end with
     * {@code hb}'s tail as the current Heartbeat schema writes it (another writer schema: no fast comparison).
     */
    public byte[] contentPrefix(Heartbeat hb) {
        byte[] tail = tail(hb);
        int end = tagged.length;
        if (end - wireStart <= tail.length || !Arrays.equals(tagged, end - tail.length, end, tail, 0, tail.length)) {
            return null;
        }
        return Arrays.copyOfRange(tagged, wireStart, end - tail.length);
    }

    private static byte[] tail(Heartbeat hb) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        BinaryEncoder out = EncoderFactory.get().directBinaryEncoder(bytes, null);
        try {
            out.writeLong(hb.getSequence());
            out.writeLong(hb.getSentAt().toEpochMilli());
            out.writeLong(hb.getIntervalMs());
            out.writeBoolean(hb.getStopping());
            Signature s = hb.getSignature();
            if (s == null) {
                out.writeIndex(0);
            } else {
                out.writeIndex(1);
                out.writeString(s.getKeyId());
                out.writeString(s.getAlgorithm());
                out.writeBytes(s.getValue());
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
