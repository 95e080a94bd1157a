package io.fleetaudit.streams.detect;

import java.time.Duration;
import java.time.Instant;

/**
 * Event time of a heartbeat: the agent's sentAt, clamped to the Kafka record timestamp ± max skew. A node whose
 * clock is an hour off can therefore move neither its own liveness nor the partition watermark by more than
 * the skew bound, and cannot break liveness for the other nodes (see DESIGN.md).
 */
public final class EventTime {
    private EventTime() {
    }

    public static Instant bounded(Instant sentAt, long recordTimestampMs, Duration maxSkew) {
        if (recordTimestampMs < 0) {
            return sentAt;
        }
        Instant rec = Instant.ofEpochMilli(recordTimestampMs);
        Instant lo = rec.minus(maxSkew);
        Instant hi = rec.plus(maxSkew);
        return sentAt.isBefore(lo) ? lo : sentAt.isAfter(hi) ? hi : sentAt;
    }
}
