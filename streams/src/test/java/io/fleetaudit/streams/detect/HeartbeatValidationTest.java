package io.fleetaudit.streams.detect;

import static io.fleetaudit.streams.testing.Fixtures.T0;
import static io.fleetaudit.streams.testing.Fixtures.heartbeat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** HeartbeatValidator and EventTime. */
class HeartbeatValidationTest {
    @Test
    void shouldAcceptAWellFormedHeartbeatUnderItsOwnKey() {
        assertThat(HeartbeatValidator.validate("n1", heartbeat("n1", T0).build()).getNodeId()).isEqualTo("n1");
    }

    @Test
    void shouldRejectAHeartbeatSpeakingForAnotherNode() {
        assertThatThrownBy(() -> HeartbeatValidator.validate("n2", heartbeat("n1", T0).build()))
                .isInstanceOf(InvalidHeartbeatException.class).hasMessageContaining("does not match nodeId");
    }

    @Test
    void shouldRejectBlankIdentityAndSeparatorsInKeys() {
        assertThatThrownBy(() -> HeartbeatValidator.validate(null, heartbeat("n1", T0).setService(" ").build()))
                .hasMessageContaining("service");
        assertThatThrownBy(() -> HeartbeatValidator.validate(null, heartbeat("n1", T0).setEnvironment("a/b").build()))
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
