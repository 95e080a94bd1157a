package io.fleetaudit.streams.detect;

import java.time.Duration;
import java.time.Instant;

/**
 * The clock NODE_MISSING and NODE_COUNT_SHORT are judged by, per stream task. It is the partition's heartbeat
 * watermark (highest skew-bounded event time processed, never ahead of the wall clock), so after the app or the
 * pipeline was down, replaying the backlog moves it forward in step with the nodes' own heartbeats: no node is
 * missing before the data proving it has been read (no false storm). Only when the partition has received no
 * record at all for {@code idleFallback} (measured from start-up or the last record) does it fall back to
 * wall clock minus that fallback, so a whole partition going silent is still reported, late but surely.
 */
public final class LivenessClock {
    private final Duration idleFallback;
    private Instant watermark = Instant.EPOCH;
    private Instant lastRecordWall;

    public LivenessClock(Duration idleFallback, Instant startedAt) {
        this.idleFallback = idleFallback;
        this.lastRecordWall = startedAt;
    }

    /** Seed from persisted state after a restart (the last-seen of the task's nodes). */
    public void seed(Instant lastSeen) {
        if (lastSeen.isAfter(watermark)) {
            watermark = lastSeen;
        }
    }

    public void onRecord(Instant eventTime, Instant wallNow) {
        Instant capped = eventTime.isAfter(wallNow) ? wallNow : eventTime;
        if (capped.isAfter(watermark)) {
            watermark = capped;
        }
        lastRecordWall = wallNow;
    }

    public Instant now(Instant wallNow) {
        if (Duration.between(lastRecordWall, wallNow).compareTo(idleFallback) > 0) {
            Instant fallback = wallNow.minus(idleFallback);
            return fallback.isAfter(watermark) ? fallback : watermark;
        }
        return watermark;
    }

    public Instant watermark() {
        return watermark;
    }
}
