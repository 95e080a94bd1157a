package io.fleetaudit.streams.detect;

import static io.fleetaudit.streams.testing.Fixtures.T0;
import static io.fleetaudit.streams.testing.Fixtures.heartbeat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetaudit.contracts.Heartbeat;
import io.fleetaudit.schemas.serde.Serdes2;
import io.fleetaudit.schemas.serde.SpecificAvroDeserializer;
import io.fleetaudit.schemas.serde.SpecificAvroSerde;
import java.time.Duration;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

/** HeartbeatValidator and EventTime. */
class HeartbeatValidationTest {
    private static final SpecificAvroSerde<Heartbeat> SERDE = Serdes2.avro(Heartbeat.class,
            Map.of("schema.registry.url", "mock://heartbeat-validation"));

    /** What the keying step validates: the identity projection of the heartbeat's wire bytes. */
    private static String validate(String key, Heartbeat hb) {
        GenericRecord identity = ((SpecificAvroDeserializer<Heartbeat>) SERDE.deserializer())
                .projection(HeartbeatValidator.IDENTITY_FIELDS).deserialize("hb", SERDE.serializer().serialize("hb", hb));
        return HeartbeatValidator.validateIdentity(key, identity);
    }

    @Test
    void shouldAcceptAWellFormedHeartbeatUnderItsOwnKey() {
        Heartbeat hb = heartbeat("n1", T0).build();
        assertThat(validate("n1", hb)).isEqualTo(hb.getEnvironment() + "/" + hb.getService());
    }

    @Test
    void shouldRejectAHeartbeatSpeakingForAnotherNode() {
        assertThatThrownBy(() -> validate("n2", heartbeat("n1", T0).build()))
                .isInstanceOf(InvalidHeartbeatException.class).hasMessageContaining("does not match nodeId");
    }

    @Test
    void shouldRejectBlankIdentityAndSeparatorsInKeys() {
        assertThatThrownBy(() -> validate(null, heartbeat("n1", T0).setService(" ").build()))
                .hasMessageContaining("service");
        assertThatThrownBy(() -> validate(null, heartbeat("n1", T0).setEnvironment("a/b").build()))
                .hasMessageContaining("must not contain");
    }

    @Test
    void shouldClampSentAtToTheRecordTimestampPlusOrMinusTheSkew() {
        Duration skew = Duration.ofSeconds(30);
        long rec = T0.toEpochMilli();
        assertThat(EventTime.bounded(T0.plusSeconds(5), rec, skew)).isEqualTo(T0.plusSeconds(5));
        assertThat(EventTime.bounded(T0.plusSeconds(3600), rec, skew)).isEqualTo(T0.plusSeconds(30));
        assertThat(EventTime.bounded(T0.minusSeconds(3600), rec, skew)).isEqualTo(T0.minusSeconds(30));
        assertThat(EventTime.bounded(T0, -1, skew)).isEqualTo(T0);
    }
}
