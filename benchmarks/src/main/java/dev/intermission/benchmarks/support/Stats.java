package dev.intermission.benchmarks.support;

import java.util.Arrays;
import java.util.Collection;

/** Order statistics over small samples. */
public final class Stats {

    private Stats() {
    }

    /**
     * Returns the median (the mean of the two middle values for an even count).
     *
     * @param values the sample, not empty
     * @return the median
     */
    public static double median(Collection<? extends Number> values) {
        double[] sorted = sorted(values);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /**
     * Returns a percentile by the nearest-rank method: the smallest value with at least {@code p} percent of the
     * sample at or below it.
     *
     * @param values the sample, not empty
     * @param p      the percentile, 0 to 100
     * @return the value
     */
    public static double percentile(Collection<? extends Number> values, double p) {
        double[] sorted = sorted(values);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /**
     * Returns the largest value.
     *
     * @param values the sample, not empty
     * @return the maximum
     */
    public static double max(Collection<? extends Number> values) {
        double[] sorted = sorted(values);
        return sorted[sorted.length - 1];
    }

    /**
     * Returns the smallest value.
     *
     * @param values the sample, not empty
     * @return the minimum
     */
    public static double min(Collection<? extends Number> values) {
        return sorted(values)[0];
    }

    private static double[] sorted(Collection<? extends Number> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("values: empty sample");
        }
        double[] a = values.stream().mapToDouble(Number::doubleValue).toArray();
        Arrays.sort(a);
        return a;
    }
}
