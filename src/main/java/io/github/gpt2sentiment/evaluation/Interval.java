package io.github.gpt2sentiment.evaluation;

/**
 * A confidence interval [low, high]; both NaN when the metric was undefined in every bootstrap resample.
 *
 * <p>Usage: {@code interval.contains(metrics.accuracy())}
 */
public record Interval(double low, double high) {

    public Interval {
        if (low > high) {
            throw new IllegalArgumentException("interval low " + low + " is above high " + high);
        }
    }

    /** An interval for a metric that could not be estimated. */
    public static final Interval UNDEFINED = new Interval(Double.NaN, Double.NaN);

    /** Whether the interval was estimated. */
    public boolean isDefined() {
        return !Double.isNaN(low) && !Double.isNaN(high);
    }

    /** Whether {@code value} lies inside, ends included. */
    public boolean contains(double value) {
        return value >= low && value <= high;
    }

    /** high - low. */
    public double width() {
        return high - low;
    }
}
