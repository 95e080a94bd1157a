package io.fleetaudit.cli.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimeParserTest {
    private static final Instant NOW = Instant.parse("2012-08-01T13:31:00Z");

    @Test
    void shouldParseOperatorDurations() {
        assertThat(TimeParser.parseDuration("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(TimeParser.parseDuration("15m")).isEqualTo(Duration.ofMinutes(15));
        assertThat(TimeParser.parseDuration("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(TimeParser.parseDuration("1d")).isEqualTo(Duration.ofDays(1));
        assertThat(TimeParser.parseDuration("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(TimeParser.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(TimeParser.parseDuration("PT2H")).isEqualTo(Duration.ofHours(2));
        assertThat(TimeParser.parseDuration(" 2H ")).isEqualTo(Duration.ofHours(2));
    }

    @Test
    void shouldRejectZeroNegativeAndGarbageDurations() {
        assertThatThrownBy(() -> TimeParser.parseDuration("0s")).hasMessageContaining("must be a positive duration");
        assertThatThrownBy(() -> TimeParser.parseDuration("two hours")).hasMessageContaining("is not a duration").hasMessageContaining("2h");
        assertThatThrownBy(() -> TimeParser.parseDuration("")).hasMessageContaining("is not a duration");
        assertThatThrownBy(() -> TimeParser.parseDuration("-2h")).hasMessageContaining("is not a duration");
        assertThatThrownBy(() -> TimeParser.parseDuration("2x")).hasMessageContaining("is not a duration");
    }

    @Test
    void shouldParseInstantsWithZoneOrOffset() {
        assertThat(TimeParser.parseInstant("2012-08-01T13:31:00Z", NOW)).isEqualTo(NOW);
        assertThat(TimeParser.parseInstant("2012-08-01T09:31:00-04:00", NOW)).isEqualTo(NOW);
        assertThat(TimeParser.parseInstant("now", Instant.EPOCH)).isEqualTo(Instant.EPOCH);
        assertThatThrownBy(() -> TimeParser.parseInstant("2012-08-01 13:31", NOW)).hasMessageContaining("is not an instant");
    }

    @Test
    void shouldResolveRelativeTimesAgainstNow() {
        assertThat(TimeParser.parsePast("2h", NOW)).isEqualTo(Instant.parse("2012-08-01T11:31:00Z"));
        assertThat(TimeParser.parseFuture("2h", NOW)).isEqualTo(Instant.parse("2012-08-01T15:31:00Z"));
        assertThat(TimeParser.parsePast("2012-08-01T00:00:00Z", NOW)).isEqualTo(Instant.parse("2012-08-01T00:00:00Z"));
    }

    @Test
    void shouldFormatDurationsTheWayTheyAreTyped() {
        assertThat(TimeParser.format(Duration.ofMinutes(90))).isEqualTo("1h30m");
        assertThat(TimeParser.format(Duration.ofHours(48))).isEqualTo("2d");
        assertThat(TimeParser.format(Duration.ofSeconds(45))).isEqualTo("45s");
        assertThat(TimeParser.format(Duration.ZERO)).isEqualTo("0s");
    }
}
