package io.fleetaudit.cli.kafka;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A progress line on stderr for long scans: silent for the first {@code quietFor} (short scans stay clean), then
 * {@code scanning fleet.audit.v1: 120000/480000 records (25%)} rewritten in place on a terminal (every 250 ms) or
 * appended as a plain line elsewhere (every 5 s, so logs stay readable).
 */
public final class Progress {
    private final PrintWriter err;
    private final boolean terminal;
    private final Clock clock;
    private final Duration quietFor;
    private final String what;
    private final Instant started;
    private Instant lastPrint;
    private boolean printed;

    public Progress(PrintWriter err, boolean terminal, Clock clock, Duration quietFor, String what) {
        this.err = err;
        this.terminal = terminal;
        this.clock = clock;
        this.quietFor = quietFor;
        this.what = what;
        this.started = clock.instant();
    }

    public void update(long done, long total) {
        Instant now = clock.instant();
        if (Duration.between(started, now).compareTo(quietFor) < 0) {
            return;
        }
        Duration every = terminal ? Duration.ofMillis(250) : Duration.ofSeconds(5);
        if (lastPrint != null && Duration.between(lastPrint, now).compareTo(every) < 0) {
            return;
        }
        lastPrint = now;
        printed = true;
        String line = "scanning " + what + ": " + done + "/" + total + " records (" + (total == 0 ? 100 : done * 100 / total) + "%)";
        if (terminal) {
            err.print("\r" + line);
        } else {
            err.println(line);
        }
        err.flush();
    }

    /** Ends the line if one was printed. */
    public void done(long total) {
        if (printed) {
            String line = "scanned " + what + ": " + total + " records in " + Duration.between(started, clock.instant()).toMillis() + " ms";
            err.println(terminal ? "\r" + line : line);
            err.flush();
        }
    }

    public boolean printed() {
        return printed;
    }
}
