package io.fleetaudit.streams.detect;

import static io.fleetaudit.streams.testing.Fixtures.OLD_DIGEST;
import static io.fleetaudit.streams.testing.Fixtures.artifact;
import static io.fleetaudit.streams.testing.Fixtures.heartbeat;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetaudit.contracts.Heartbeat;
import io.fleetaudit.contracts.Signature;
import io.fleetaudit.schemas.serde.SpecificAvroSerde;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The fast path compares a heartbeat's bytes before {@code sequence} with its node's last evaluated ones and reads only
 * the timing fields behind them: equal bytes must mean equal content, and any content change must miss.
 */
class HeartbeatBytesTest {
    private static final Instant T = Instant.parse("2026-11-27T10:00:00Z");
    private final SpecificAvroSerde<Heartbeat> serde = new SpecificAvroSerde<>(Heartbeat.class);

    HeartbeatBytesTest() {
        serde.configure(Map.of("schema.registry.url", "mock://heartbeat-bytes"), false);
    }

    private HeartbeatBytes bytes(Heartbeat hb) {
        byte[] tagged = DetectionInput.heartbeat(1, 7, hb.getNodeId(), serde.serializer().serialize("hb", hb));
        return (HeartbeatBytes) DetectionInput.decode("prod/smars", tagged, "hb", serde.deserializer(), "decl", null);
    }

    private static Heartbeat beat(long sequence, Heartbeat.Builder b) {
        return b.setSequence(sequence).setSentAt(T.plusSeconds(10 * sequence)).build();
    }

    @Test
    void aRepeatedHeartbeatIsReadFromItsTimingFieldsOnly() {
        Heartbeat first = beat(1, heartbeat("n1", T));
        byte[] prefix = bytes(first).contentPrefix(first);
        assertThat(prefix).isNotNull();

        HeartbeatBytes.Timing t = bytes(beat(300, heartbeat("n1", T))).timingIfContentIs(prefix);
        assertThat(t).isEqualTo(new HeartbeatBytes.Timing(300, T.plusSeconds(3000), 10_000, false));
        // intervalMs and stopping sit behind the prefix: read, for the caller to compare.
        assertThat(bytes(beat(2, heartbeat("n1", T).setStopping(true).setIntervalMs(5_000))).timingIfContentIs(prefix))
                .isEqualTo(new HeartbeatBytes.Timing(2, T.plusSeconds(20), 5_000, true));
    }

    @Test
    void anyContentChangeMisses() {
        Heartbeat first = beat(1, heartbeat("n1", T));
        byte[] prefix = bytes(first).contentPrefix(first);
        List<Heartbeat.Builder> changed = List.of(
                heartbeat("n1", T).setArtifacts(List.of(artifact("2012.07.01", OLD_DIGEST))),
                heartbeat("n1", T).setLabels(Map.of("rack", "r2")),
                heartbeat("n1", T).setFlags(Map.of("rlp", "false")),
                heartbeat("n1", T).setInstanceId("i-other"),
                heartbeat("n1", T).setConfigFilesOmitted(1),
                heartbeat("n1", T).setAgentVersion("test2"),
                heartbeat("n2", T));
        for (Heartbeat.Builder b : changed) {
            Heartbeat hb = beat(2, b);
            assertThat(HeartbeatContent.same(first, hb)).isFalse();
            assertThat(bytes(hb).timingIfContentIs(prefix)).as(hb.toString()).isNull();
        }
    }

    @Test
    void signedHeartbeatsCompareTheirContentToo() {
        Heartbeat.Builder signed = heartbeat("n1", T).setSignature(new Signature("k1", "Ed25519", ByteBuffer.wrap(new byte[64])));
        Heartbeat first = beat(1, signed);
        byte[] prefix = bytes(first).contentPrefix(first);
        assertThat(prefix).isNotNull();
        Heartbeat next = beat(2, heartbeat("n1", T).setSignature(new Signature("k1", "Ed25519",
                ByteBuffer.wrap(new byte[] {1, 2, 3}))));
        assertThat(bytes(next).timingIfContentIs(prefix)).isEqualTo(new HeartbeatBytes.Timing(2, T.plusSeconds(20), 10_000, false));
        assertThat(bytes(beat(2, heartbeat("n1", T))).timingIfContentIs(prefix)).as("unsigned").isNotNull();
    }

    @Test
    void bytesThatDoNotEndWithTheirTailGiveNoPrefix() {
        Heartbeat first = beat(1, heartbeat("n1", T));
        byte[] wire = serde.serializer().serialize("hb", first);
        byte[] longer = Arrays.copyOf(wire, wire.length + 1); // e.g. a writer schema with a field after signature
        HeartbeatBytes b = (HeartbeatBytes) DetectionInput.decode("prod/smars", DetectionInput.heartbeat(1, 7, "n1", longer),
                "hb", serde.deserializer(), "decl", null);
        assertThat(b.contentPrefix(first)).isNull();
        byte[] prefix = bytes(first).contentPrefix(first);
        assertThat(b.timingIfContentIs(prefix)).as("a tail with bytes left over").isNull();
        assertThat(b.timingIfContentIs(null)).isNull();
    }
}
