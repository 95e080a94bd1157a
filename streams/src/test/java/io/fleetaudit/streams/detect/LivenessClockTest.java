package io.fleetaudit.streams.detect;

import static io.fleetaudit.streams.testing.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LivenessClockTest {
    private final LivenessClock clock = new LivenessClock(Duration.ofMinutes(2), Duration.ofSeconds(10), T0);

    @Test
    void shouldFollowTheWatermarkNotTheWallClock() {
        clock.onRecord(T0.plusSeconds(5), T0.plusSeconds(5));
        assertThat(clock.now(T0.plusSeconds(90))).isEqualTo(T0.plusSeconds(5));
    }

    @Test
    void shouldNeverRunAheadOfTheWallClock() {
        clock.onRecord(T0.plusSeconds(3600), T0.plusSeconds(1));
        assertThat(clock.watermark()).isEqualTo(T0.plusSeconds(1));
    }

    @Test
    void shouldFallBackToWallClockAfterAWholePartitionWasIdle() {
        clock.onRecord(T0, T0);
        assertThat(clock.now(T0.plusSeconds(180))).isEqualTo(T0.plusSeconds(60));
    }

    @Test
    void shouldCloseTheGateAtStartUpAndOnReplaySigns() {
        assertThat(clock.caughtUp(T0.plusSeconds(9))).isFalse();
        assertThat(clock.caughtUp(T0.plusSeconds(10))).isTrue();
        // Sent 10 s apart, arrived 50 ms apart: a backlog replay.
        assertThat(clock.onNodeHeartbeat(T0, T0.plusSeconds(20), T0.plusSeconds(10), T0.plusMillis(20_050))).isTrue();
        assertThat(clock.caughtUp(T0.plusSeconds(25))).isFalse();
        assertThat(clock.caughtUp(T0.plusMillis(30_050))).isTrue();
    }

    @Test
    void shouldNotMistakeRealTimeHeartbeatsOrAConstantClockOffsetForAReplay() {
        // The node's clock is an hour behind, but its beats arrive as fast as they are sent.
        assertThat(clock.onNodeHeartbeat(T0.minusSeconds(3600), T0, T0.minusSeconds(3590), T0.plusMillis(10_300)))
                .isFalse();
        assertThat(clock.onNodeHeartbeat(null, null, T0, T0)).isFalse();
    }
}
