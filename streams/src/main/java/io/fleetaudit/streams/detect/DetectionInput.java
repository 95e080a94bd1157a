package io.fleetaudit.streams.detect;

import io.fleetaudit.contracts.Declaration;
import io.fleetaudit.contracts.Heartbeat;
import io.fleetaudit.schemas.topics.HeartbeatPartitioner;
import io.fleetaudit.streams.errors.SourceRecordException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * The one value format of the detection-inputs repartition topic: a tag byte followed by the record's original
 * Confluent-framed Avro bytes. Heartbeats and declarations that are not in their service's partition of the input
 * topics (see HeartbeatKeying, DeclarationRouting) travel through this ONE topic to the task that owns their service,
 * so that task reads one extra partition, not two (every extra input partition costs Kafka Streams bookkeeping per
 * record), and a declaration is seen where it arrived relative to the repartitioned heartbeats of its service.
 * <ul>
 *   <li>{@code S} heartbeat with its source: partition (int32), offset (int64), key length (int32, -1 = null), key
 *       (UTF-8), then the original bytes. The keying step decodes only a heartbeat's identity fields, so the full
 *       decode happens after the repartition, in the detect task and only for a heartbeat whose content is not its
 *       node's last ({@link HeartbeatBytes}); if it fails, the source record is dead-lettered with this provenance
 *       ({@link SourceRecordException}) instead of the repartition record's.</li>
 *   <li>{@code H} heartbeat without its source (written by versions before the {@code S} tag; still read, so records
 *       in flight during a rolling upgrade are not lost).</li>
 *   <li>{@code D} declaration (nothing after the tag = a declaration tombstone).</li>
 * </ul>
 */
public final class DetectionInput {
    static final byte HEARTBEAT = 'H';
    static final byte HEARTBEAT_WITH_SOURCE = 'S';
    static final byte DECLARATION = 'D';
    private static final int SOURCE_HEADER = 1 + 4 + 8 + 4;

    private DetectionInput() {
    }

    /** A heartbeat's original bytes with where they came from: partition and offset in the heartbeats topic, and key. */
    public static byte[] heartbeat(int partition, long offset, String key, byte[] wire) {
        byte[] k = key == null ? null : key.getBytes(StandardCharsets.UTF_8);
        int keyLength = k == null ? 0 : k.length;
        ByteBuffer out = ByteBuffer.allocate(SOURCE_HEADER + keyLength + wire.length);
        out.put(HEARTBEAT_WITH_SOURCE).putInt(partition).putLong(offset).putInt(k == null ? -1 : k.length);
        if (k != null) {
            out.put(k);
        }
        return out.put(wire).array();
    }

    /**
     * Whether a record read from {@code partition} of an input topic is in the partition of its service, i.e. of the task
     * that owns it; {@code inPlacePartitions} 0: never (everything goes through the repartition topic).
     */
    static boolean inPlace(int partition, String envService, int inPlacePartitions) {
        return inPlacePartitions > 0 && partition == HeartbeatPartitioner.partition(envService, inPlacePartitions);
    }

    public static byte[] declaration(byte[] wireOrNull) {
        byte[] wire = wireOrNull == null ? new byte[0] : wireOrNull;
        byte[] out = new byte[wire.length + 1];
        out[0] = DECLARATION;
        System.arraycopy(wire, 0, out, 1, wire.length);
        return out;
    }

    /**
     * Decodes a tagged value into what {@link DetectionProcessor} takes: {@link HeartbeatBytes} (tag {@code S}: the
     * processor decodes it only if its content is not the node's last one), a {@link Heartbeat} (tag {@code H}) or a
     * {@link DeclarationChange}. The topic names are the source topics', for the deserializers' subjects.
     */
    public static Object decode(String key, byte[] tagged, String heartbeatTopic, Deserializer<Heartbeat> heartbeats,
                                String declarationTopic, Deserializer<Declaration> declarations) {
        if (tagged == null || tagged.length == 0) {
            throw new IllegalArgumentException("empty detection input for key " + key);
        }
        return switch (tagged[0]) {
            case HEARTBEAT_WITH_SOURCE -> heartbeatWithSource(key, tagged, heartbeatTopic, heartbeats);
            case HEARTBEAT -> heartbeats.deserialize(heartbeatTopic, Arrays.copyOfRange(tagged, 1, tagged.length));
            case DECLARATION -> new DeclarationChange(key, tagged.length == 1 ? null
                    : declarations.deserialize(declarationTopic, Arrays.copyOfRange(tagged, 1, tagged.length)));
            default -> throw new IllegalArgumentException("unknown detection input tag " + tagged[0] + " for key " + key);
        };
    }

    private static HeartbeatBytes heartbeatWithSource(String key, byte[] tagged, String topic,
                                                      Deserializer<Heartbeat> heartbeats) {
        ByteBuffer in = ByteBuffer.wrap(tagged, 1, tagged.length - 1);
        if (in.remaining() < SOURCE_HEADER - 1) {
            throw new IllegalArgumentException("truncated detection input (" + tagged.length + " bytes) for key " + key);
        }
        int partition = in.getInt();
        long offset = in.getLong();
        int keyLength = in.getInt();
        if (keyLength > in.remaining()) {
            throw new IllegalArgumentException("truncated detection input (" + tagged.length + " bytes) for key " + key);
        }
        int wireStart = SOURCE_HEADER + Math.max(keyLength, 0);
        String sourceKey = keyLength < 0 ? null : new String(tagged, SOURCE_HEADER, keyLength, StandardCharsets.UTF_8);
        return new HeartbeatBytes(topic, partition, offset, sourceKey, tagged, wireStart, heartbeats);
    }
}
