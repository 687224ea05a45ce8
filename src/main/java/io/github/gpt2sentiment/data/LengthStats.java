package io.github.gpt2sentiment.data;

import java.util.Arrays;

/**
 * Summary of a length distribution. Percentiles interpolate linearly between the two nearest ranks, as NumPy's
 * default does, so the median of an even count is the mean of the middle two.
 *
 * <p>Usage: {@code LengthStats s = LengthStats.of(tokenCounts); s.p90();}
 */
public record LengthStats(int count, double mean, double median, double p90, double p99, int max) {

    /** The statistics of {@code values} (not modified). */
    public static LengthStats of(int[] values) {
        if (values.length == 0) {
            return new LengthStats(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0);
        }
        int[] sorted = values.clone();
        Arrays.sort(sorted);
        long sum = 0;
        for (int v : sorted) {
            sum += v;
        }
        return new LengthStats(sorted.length, (double) sum / sorted.length, percentile(sorted, 0.5),
                percentile(sorted, 0.9), percentile(sorted, 0.99), sorted[sorted.length - 1]);
    }

    /** The {@code p} quantile (0..1) of sorted values, interpolated linearly. */
    public static double percentile(int[] sorted, double p) {
        double h = (sorted.length - 1) * p;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }
}
