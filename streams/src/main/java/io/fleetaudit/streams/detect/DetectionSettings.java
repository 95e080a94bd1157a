package io.fleetaudit.streams.detect;

import java.time.Duration;

/**
 * The tuning knobs of the detection processor, extracted from StreamsAppConfig so that the processor can be
 * built and tested from plain values.
 */
public record DetectionSettings(Duration maxClockSkew, Duration missingIdleFallback, Duration missingSettle,
                                Duration undeclaredGrace, Duration punctuateInterval, Duration statusRefresh, int outlierMinGroupSize,
                                double outlierMajorityShare) {
    public static DetectionSettings defaults() {
        return new DetectionSettings(Duration.ofSeconds(30), Duration.ofMinutes(2), Duration.ofSeconds(10),
                Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofMinutes(1), 3, 0.75);
    }
}
