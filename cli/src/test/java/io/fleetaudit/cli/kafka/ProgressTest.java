package io.fleetaudit.cli.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class ProgressTest {
    /** A clock the test moves by hand. */
    private static final class Manual extends Clock {
        Instant now = Instant.parse("2012-08-01T13:31:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void shouldStayQuietOnShortScans() {
        StringWriter sw = new StringWriter();
        Manual clock = new Manual();
        Progress p = new Progress(new PrintWriter(sw), false, clock, Duration.ofSeconds(2), "fleet.audit.v1");
        clock.now = clock.now.plusMillis(500);
        p.update(10, 100);
        p.done(100);
        assertThat(sw.toString()).isEmpty();
        assertThat(p.printed()).isFalse();
    }

    @Test
    void shouldPrintThrottledLinesOnLongScansWithoutATerminal() {
        StringWriter sw = new StringWriter();
        Manual clock = new Manual();
        Progress p = new Progress(new PrintWriter(sw), false, clock, Duration.ofSeconds(2), "fleet.audit.v1");
        clock.now = clock.now.plusSeconds(3);
        p.update(250, 1000);
        clock.now = clock.now.plusSeconds(1);
        p.update(500, 1000);
        clock.now = clock.now.plusSeconds(5);
        p.update(750, 1000);
        p.done(1000);
        assertThat(sw.toString().lines()).containsExactly("scanning fleet.audit.v1: 250/1000 records (25%)",
                "scanning fleet.audit.v1: 750/1000 records (75%)", "scanned fleet.audit.v1: 1000 records in 9000 ms");
    }

    @Test
    void shouldRewriteOneLineOnATerminal() {
        StringWriter sw = new StringWriter();
        Manual clock = new Manual();
        Progress p = new Progress(new PrintWriter(sw), true, clock, Duration.ZERO, "t");
        p.update(1, 2);
        assertThat(sw.toString()).isEqualTo("\rscanning t: 1/2 records (50%)");
    }
}
