package io.github.gpt2sentiment.evaluation;

import io.github.gpt2sentiment.scoring.Prediction;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Percentile-bootstrap confidence intervals for every {@link Metric}: draw {@code resamples} samples of the
 * reviews with replacement, recompute the metrics on each, and take the {@code (1 - level) / 2} and
 * {@code (1 + level) / 2} percentiles (numpy's default linear interpolation). Resamples where a metric is
 * undefined (ROC AUC with a single class drawn) are left out of that metric's percentiles.
 *
 * <p>A resample is only a count per review: the reviews are sorted by score once, and each resample is one pass
 * over that order accumulating the confusion matrix, the log-loss and the ROC AUC's tie groups, so 1000
 * resamples of 25,000 reviews take about half a second.
 *
 * <p>Usage: {@code MetricsWithIntervals m = Bootstrap.defaults().estimate(predictions);}
 *
 * @param resamples how many bootstrap samples (at least 1; 1000 by default)
 * @param seed the random seed: the same seed and reviews give the same intervals
 * @param level the confidence level, in (0, 1); 0.95 by default
 */
public record Bootstrap(int resamples, long seed, double level) {

    public static final int DEFAULT_RESAMPLES = 1000;
    public static final long DEFAULT_SEED = 42;
    public static final double DEFAULT_LEVEL = 0.95;

    public Bootstrap {
        if (resamples < 1) {
            throw new IllegalArgumentException("bootstrap resamples must be at least 1, got " + resamples);
        }
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("confidence level must be in (0, 1), got " + level);
        }
    }

    /** 1000 resamples, seed 42, 95% intervals. */
    public static Bootstrap defaults() {
        return new Bootstrap(DEFAULT_RESAMPLES, DEFAULT_SEED, DEFAULT_LEVEL);
    }

    /** The same settings with another number of resamples. */
    public Bootstrap withResamples(int resamples) {
        return new Bootstrap(resamples, seed, level);
    }

    /** The same settings with another seed. */
    public Bootstrap withSeed(long seed) {
        return new Bootstrap(resamples, seed, level);
    }

    /** Point estimates and intervals for a list of predictions. */
    public MetricsWithIntervals estimate(List<Prediction> predictions) {
        int[] labels = predictions.stream().mapToInt(Prediction::label).toArray();
        double[] p = predictions.stream().mapToDouble(Prediction::pPositive).toArray();
        return estimate(labels, p);
    }

    /** Point estimates and intervals for true labels (0/1) and probabilities of positive. */
    public MetricsWithIntervals estimate(int[] labels, double[] pPositive) {
        Metrics point = Metrics.of(labels, pPositive);
        Metrics[] resampled = resample(labels, pPositive);
        Map<Metric, Interval> intervals = new EnumMap<>(Metric.class);
        for (Metric metric : Metric.values()) {
            double[] values = new double[resampled.length];
            for (int b = 0; b < resampled.length; b++) {
                values[b] = metric.of(resampled[b]);
            }
            intervals.put(metric, percentileInterval(values));
        }
        return new MetricsWithIntervals(point, intervals, this);
    }

    /**
     * The metrics of each resample. Resample b draws {@code n} positions of the ascending score order
     * ({@link Metrics#ascending}) with {@code new SplittableRandom(seed).nextInt(n)}, in sequence.
     */
    Metrics[] resample(int[] labels, double[] pPositive) {
        Metrics.checkInputs(labels, pPositive);
        int n = labels.length;
        // Everything a resample needs, laid out in ascending order of score.
        int[] order = Metrics.ascending(pPositive);
        int[] label = new int[n];
        int[] predicted = new int[n];
        double[] loss = new double[n];
        boolean[] lastOfTieGroup = new boolean[n];
        for (int k = 0; k < n; k++) {
            int i = order[k];
            label[k] = labels[i];
            predicted[k] = Prediction.predictedLabel(pPositive[i]);
            loss[k] = Metrics.reviewLogLoss(labels[i], pPositive[i]);
            lastOfTieGroup[k] = k == n - 1 || pPositive[order[k + 1]] != pPositive[i];
        }
        Metrics[] resampled = new Metrics[resamples];
        SplittableRandom random = new SplittableRandom(seed);
        int[] counts = new int[n];
        for (int b = 0; b < resamples; b++) {
            Arrays.fill(counts, 0);
            for (int draw = 0; draw < n; draw++) {
                counts[random.nextInt(n)]++;
            }
            resampled[b] = resampled(counts, label, predicted, loss, lastOfTieGroup);
        }
        return resampled;
    }

    /**
     * The metrics of one resample, where the review at position k of the score order was drawn {@code counts[k]}
     * times (drawing positions uniformly is drawing reviews uniformly).
     */
    private static Metrics resampled(
            int[] counts, int[] label, int[] predicted, double[] loss, boolean[] lastOfTieGroup) {
        int[] cells = new int[4];
        double lossSum = 0;
        double pairsWon = 0;
        long negativesBelow = 0;
        long positives = 0;
        long groupPos = 0;
        long groupNeg = 0;
        for (int k = 0; k < label.length; k++) {
            int c = counts[k];
            if (c != 0) {
                cells[2 * label[k] + predicted[k]] += c;
                lossSum += c * loss[k];
                if (label[k] == 1) {
                    groupPos += c;
                } else {
                    groupNeg += c;
                }
            }
            if (lastOfTieGroup[k]) {
                pairsWon += groupPos * negativesBelow + 0.5 * groupPos * groupNeg;
                negativesBelow += groupNeg;
                positives += groupPos;
                groupPos = 0;
                groupNeg = 0;
            }
        }
        double auc = positives == 0 || negativesBelow == 0
                ? Double.NaN
                : pairsWon / ((double) positives * negativesBelow);
        ConfusionMatrix confusion = new ConfusionMatrix(cells[0], cells[1], cells[2], cells[3]);
        return Metrics.fromCounts(confusion, auc, lossSum / label.length);
    }

    private Interval percentileInterval(double[] values) {
        double[] defined = Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted().toArray();
        if (defined.length == 0) {
            return Interval.UNDEFINED;
        }
        return new Interval(quantile(defined, (1 - level) / 2), quantile(defined, (1 + level) / 2));
    }

    /**
     * The q-quantile (q in [0, 1]) of ascending {@code sorted} values with linear interpolation, computed
     * exactly as numpy's default {@code np.quantile} does.
     */
    static double quantile(double[] sorted, double q) {
        double virtualIndex = q * (sorted.length - 1);
        int below = (int) Math.floor(virtualIndex);
        int above = Math.min(below + 1, sorted.length - 1);
        double t = virtualIndex - below;
        double a = sorted[below];
        double diff = sorted[above] - a;
        // numpy's _lerp: interpolate from the nearer end so that t = 1 returns exactly the upper value.
        return t >= 0.5 ? sorted[above] - diff * (1 - t) : a + diff * t;
    }
}
