package io.fleetaudit.bench;

import java.util.Arrays;
import java.util.Collection;

/** Summary statistics the benchmarks report (the median: a shared machine's outliers do not move it). */
public final class Stats {
    private Stats() {
    }

    /** The median of {@code xs} (not empty); the mean of the middle two for an even count. */
    public static double median(double... xs) {
        if (xs.length == 0) {
            throw new IllegalArgumentException("median of nothing");
        }
        double[] c = xs.clone();
        Arrays.sort(c);
        return c.length % 2 == 1 ? c[c.length / 2] : (c[c.length / 2 - 1] + c[c.length / 2]) / 2;
    }

    public static double median(Collection<Double> xs) {
        return median(xs.stream().mapToDouble(Double::doubleValue).toArray());
    }
}
