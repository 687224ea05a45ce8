package io.github.gpt2sentiment.evaluation;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * Point estimates of a run's metrics with a bootstrap confidence interval for each.
 *
 * <p>Usage: {@code m.value(Metric.ACCURACY) + " in " + m.interval(Metric.ACCURACY)}
 *
 * @param point the metrics on all reviews
 * @param intervals an interval for every {@link Metric}
 * @param bootstrap how the intervals were estimated
 */
public record MetricsWithIntervals(Metrics point, Map<Metric, Interval> intervals, Bootstrap bootstrap) {

    public MetricsWithIntervals {
        Objects.requireNonNull(point, "point");
        Objects.requireNonNull(bootstrap, "bootstrap");
        EnumMap<Metric, Interval> copy = new EnumMap<>(Metric.class);
        copy.putAll(intervals);
        for (Metric m : Metric.values()) {
            if (copy.get(m) == null) {
                throw new IllegalArgumentException("no interval for metric " + m.key());
            }
        }
        intervals = Collections.unmodifiableMap(copy);
    }

    /** The point estimate of {@code metric}. */
    public double value(Metric metric) {
        return metric.of(point);
    }

    /** The confidence interval of {@code metric}. */
    public Interval interval(Metric metric) {
        return intervals.get(metric);
    }
}
