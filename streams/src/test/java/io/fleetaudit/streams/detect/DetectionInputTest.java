package io.fleetaudit.streams.detect;

import static io.fleetaudit.streams.testing.Fixtures.declaration;
import static io.fleetaudit.streams.testing.Fixtures.heartbeat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetaudit.contracts.Declaration;
import io.fleetaudit.contracts.Heartbeat;
import io.fleetaudit.schemas.serde.SpecificAvroSerde;
import io.fleetaudit.streams.errors.SourceRecordException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class DetectionInputTest {
    private static final Map<String, String> CFG = Map.of("schema.registry.url", "mock://detection-input");
    private final SpecificAvroSerde<Heartbeat> hbSerde = serde(Heartbeat.class);
    private final SpecificAvroSerde<Declaration> declSerde = serde(Declaration.class);

    private static <T extends org.apache.avro.specific.SpecificRecord> SpecificAvroSerde<T> serde(Class<T> type) {
        SpecificAvroSerde<T> s = new SpecificAvroSerde<>(type);
        s.configure(CFG, false);
        return s;
    }

    private Object decode(String key, byte[] tagged) {
        Object v = DetectionInput.decode(key, tagged, "hb", hbSerde.deserializer(), "decl", declSerde.deserializer());
        return v instanceof HeartbeatBytes bytes ? bytes.decode() : v;
    }

    @Test
    void shouldCarryTheOriginalHeartbeatBytesAndTheirSourceBehindATag() {
        Heartbeat hb = heartbeat("n1", Instant.parse("2026-11-27T10:00:00Z")).build();
        byte[] wire = hbSerde.serializer().serialize("hb", hb);

        byte[] tagged = DetectionInput.heartbeat(3, 1234567890123L, "n1", wire);

        // 'S' | partition int32 | offset int64 | key length int32 | key | original bytes
        assertThat(tagged).hasSize(1 + 4 + 8 + 4 + 2 + wire.length).startsWith((byte) 'S', 0, 0, 0, 3)
                .endsWith(wire);
        assertThat(decode("prod/smars", tagged)).isEqualTo(hb);
        assertThat(decode("prod/smars", DetectionInput.heartbeat(0, 0, null, wire))).isEqualTo(hb);
    }

    @Test
    void shouldStillReadHeartbeatsTaggedWithoutTheirSource() {
        Heartbeat hb = heartbeat("n1", Instant.parse("2026-11-27T10:00:00Z")).build();
        byte[] wire = hbSerde.serializer().serialize("hb", hb);
        byte[] legacy = new byte[wire.length + 1];
        legacy[0] = 'H';
        System.arraycopy(wire, 0, legacy, 1, wire.length);

        assertThat(decode("prod/smars", legacy)).isEqualTo(hb);
    }

    @Test
    void shouldBlameTheSourceRecordOfAHeartbeatThatDoesNotDecode() {
        byte[] wire = hbSerde.serializer().serialize("hb", heartbeat("n1", Instant.parse("2026-11-27T10:00:00Z")).build());
        byte[] truncated = Arrays.copyOf(wire, 20);

        assertThatThrownBy(() -> decode("prod/smars", DetectionInput.heartbeat(5, 42, "n1", truncated)))
                .isInstanceOfSatisfying(SourceRecordException.class, e -> {
                    assertThat(e.topic()).isEqualTo("hb");
                    assertThat(e.partition()).isEqualTo(5);
                    assertThat(e.offset()).isEqualTo(42);
                    assertThat(e.key()).isEqualTo("n1".getBytes(StandardCharsets.UTF_8));
                    assertThat(e.value()).isEqualTo(truncated);
                    assertThat(e.getCause()).isInstanceOf(SerializationException.class)
                            .hasMessageStartingWith("Could not decode Avro value of topic hb (20 bytes");
                });
        assertThatThrownBy(() -> decode("prod/smars", DetectionInput.heartbeat(5, 42, null, truncated)))
                .isInstanceOfSatisfying(SourceRecordException.class, e -> assertThat(e.key()).isNull());
    }

    @Test
    void shouldCarryDeclarationsAndTheirTombstones() {
        Declaration d = declaration().build();
        byte[] tagged = DetectionInput.declaration(declSerde.serializer().serialize("decl", d));
        assertThat(decode("prod/smars", tagged)).isEqualTo(new DeclarationChange("prod/smars", d));
        assertThat(DetectionInput.declaration(null)).containsExactly((byte) 'D');
        assertThat(decode("prod/smars", DetectionInput.declaration(null)))
                .isEqualTo(new DeclarationChange("prod/smars", null));
    }

    @Test
    void shouldRefuseWhatItDidNotWrite() {
        assertThatThrownBy(() -> decode("prod/smars", new byte[] {'S', 0, 0, 0, 1, 0}))
                .hasMessage("truncated detection input (6 bytes) for key prod/smars");
        assertThatThrownBy(() -> decode("prod/smars", new byte[] {'S', 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 9, 0, 0, 0, 50, 'a'}))
                .hasMessage("truncated detection input (18 bytes) for key prod/smars");
        assertThatThrownBy(() -> decode("prod/smars", new byte[] {'X', 0, 0}))
                .hasMessage("unknown detection input tag 88 for key prod/smars");
        assertThatThrownBy(() -> decode("prod/smars", new byte[0])).hasMessage("empty detection input for key prod/smars");
    }
}
