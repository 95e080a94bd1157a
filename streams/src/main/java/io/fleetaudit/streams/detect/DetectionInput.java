package io.fleetaudit.streams.detect;

import io.fleetaudit.contracts.Declaration;
import io.fleetaudit.contracts.Heartbeat;
import java.util.Arrays;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * The one value format of the detection-inputs repartition topic: a tag byte ({@code H} heartbeat, {@code D}
 * declaration) followed by the record's original Confluent-framed Avro bytes (nothing after the tag = a declaration
 * tombstone). Heartbeats and declarations travel through ONE topic so that the detect task reads one partition
 * in arrival order: no timestamp synchronisation between two input partitions (Kafka Streams' max.task.idle.ms
 * bookkeeping cost about a sixth of the stream threads' time with a second, nearly always empty, partition), and a
 * declaration is seen exactly where it arrived relative to the heartbeats of its service.
 */
public final class DetectionInput {
    static final byte HEARTBEAT = 'H';
    static final byte DECLARATION = 'D';

    private DetectionInput() {
    }

    public static byte[] heartbeat(byte[] wire) {
        return tagged(HEARTBEAT, wire);
    }

    public static byte[] declaration(byte[] wireOrNull) {
        return tagged(DECLARATION, wireOrNull == null ? new byte[0] : wireOrNull);
    }

    /**
     * Decodes a tagged value into what {@link DetectionProcessor} takes: a {@link Heartbeat} or a
     * {@link DeclarationChange}. The topic names are the source topics', for the deserializers' subjects.
     */
    public static Object decode(String key, byte[] tagged, String heartbeatTopic, Deserializer<Heartbeat> heartbeats,
                                String declarationTopic, Deserializer<Declaration> declarations) {
        if (tagged == null || tagged.length == 0) {
            throw new IllegalArgumentException("empty detection input for key " + key);
        }
        byte[] wire = Arrays.copyOfRange(tagged, 1, tagged.length);
        return switch (tagged[0]) {
            case HEARTBEAT -> heartbeats.deserialize(heartbeatTopic, wire);
            case DECLARATION -> new DeclarationChange(key, wire.length == 0 ? null
                    : declarations.deserialize(declarationTopic, wire));
            default -> throw new IllegalArgumentException("unknown detection input tag " + tagged[0] + " for key " + key);
        };
    }

    private static byte[] tagged(byte tag, byte[] wire) {
        byte[] out = new byte[wire.length + 1];
        out[0] = tag;
        System.arraycopy(wire, 0, out, 1, wire.length);
        return out;
    }
}
