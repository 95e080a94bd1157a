package io.fleetaudit.streams.detect;

import static io.fleetaudit.streams.testing.Fixtures.declaration;
import static io.fleetaudit.streams.testing.Fixtures.heartbeat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetaudit.contracts.Declaration;
import io.fleetaudit.contracts.Heartbeat;
import io.fleetaudit.schemas.serde.SpecificAvroSerde;
import java.time.Instant;
import java.util.Map;
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
        return DetectionInput.decode(key, tagged, "hb", hbSerde.deserializer(), "decl", declSerde.deserializer());
    }

    @Test
    void shouldCarryTheOriginalHeartbeatBytesBehindATag() {
        Heartbeat hb = heartbeat("n1", Instant.parse("2026-11-27T10:00:00Z")).build();
        byte[] wire = hbSerde.serializer().serialize("hb", hb);
        byte[] tagged = DetectionInput.heartbeat(wire);
        assertThat(tagged).hasSize(wire.length + 1).startsWith((byte) 'H');
        assertThat(decode("prod/smars", tagged)).isEqualTo(hb);
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
        assertThatThrownBy(() -> decode("prod/smars", new byte[] {'X', 0, 0}))
                .hasMessage("unknown detection input tag 88 for key prod/smars");
        assertThatThrownBy(() -> decode("prod/smars", new byte[0])).hasMessage("empty detection input for key prod/smars");
    }
}
