package io.fleetaudit.streams.detect;

import java.time.Duration;
import java.time.Instant;

/**
 * The clock NODE_MISSING and NODE_COUNT_SHORT are judged by, per stream task, plus the catch-up gate that keeps
 * them quiet while a backlog is replayed (no false storm, see DESIGN.md).
 * <ul>
 * <li>The clock is the task's heartbeat watermark (highest skew-bounded event time processed, never ahead of the
 * wall clock), so a pipeline outage does not age nodes: time only moves as heartbeats prove it. Only when the
 * task has received no record at all for {@code idleFallback} (since start-up or the last record) does it fall
 * back to wall clock minus that fallback, so a whole partition going silent is still reported, late but surely.</li>
 * <li>The gate is closed for {@code settle} after start-up and after the last sign of a replay: a node's
 * heartbeats arriving much faster than they were sent (event-time gap at least 4 times the arrival gap). That
 * signal compares two gaps of the same node's clock, so a node with a wrong clock cannot fake or block it. It
 * covers what the watermark cannot: after downtime, each source partition's backlog reaches the detection task
 * through its own upstream task, so one partition's backlog can be fully replayed before another's starts.</li>
 * </ul>
 */
public final class LivenessClock {
    private static final Duration MIN_GAP = Duration.ofMillis(100);

    private final Duration idleFallback;
    private final Duration settle;
    private Instant watermark = Instant.EPOCH;
    private Instant lastRecordWall;
    private Instant lastReplayWall;

    public LivenessClock(Duration idleFallback, Duration settle, Instant startedAt) {
        this.idleFallback = idleFallback;
        this.settle = settle;
        this.lastRecordWall = startedAt;
        this.lastReplayWall = startedAt;
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

    /**
     * Notes one node's consecutive heartbeats: previous event time and arrival (wall) time, then the current ones.
     * Returns true (and closes the gate) when they arrive much faster than they were sent: a backlog replay.
     */
    public boolean onNodeHeartbeat(Instant prevEvent, Instant prevArrival, Instant event, Instant arrival) {
        if (prevEvent == null || prevArrival == null) {
            return false;
        }
        Duration eventGap = Duration.between(prevEvent, event);
        Duration arrivalGap = Duration.between(prevArrival, arrival);
        boolean replay = eventGap.compareTo(MIN_GAP) >= 0 && arrivalGap.multipliedBy(4).compareTo(eventGap) < 0;
        if (replay) {
            lastReplayWall = arrival;
        }
        return replay;
    }

    /** True once {@code settle} has passed since start-up and since the last replay sign. */
    public boolean caughtUp(Instant wallNow) {
        return !wallNow.isBefore(lastReplayWall.plus(settle));
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
