package io.github.gpt2sentiment.evaluation;

import io.github.gpt2sentiment.scoring.Prediction;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Classification metrics of one run, computed the way scikit-learn computes them (checked against it by the
 * tests): a review is predicted positive iff p(positive) &gt; 0.5; precision, recall and F1 use
 * {@code zero_division=0} (a 0/0 ratio is 0) and always cover both classes; ROC AUC counts a tied pair as half
 * (Mann-Whitney) and is NaN when the labels hold one class only; log-loss clips p to [eps, 1 - eps] with eps the
 * machine epsilon of a double.
 *
 * <p>Usage: {@code Metrics m = Metrics.of(predictions); m.accuracy();}
 *
 * @param confusion the confusion matrix at the 0.5 threshold (also gives the support of each class)
 * @param accuracy fraction of reviews whose predicted label is the true one
 * @param precisionPositive tp / (tp + fp)
 * @param recallPositive tp / (tp + fn)
 * @param f1Positive 2 tp / (2 tp + fp + fn), the harmonic mean of the two above
 * @param precisionMacro mean of the positive and negative classes' precision
 * @param recallMacro mean of the two classes' recall
 * @param f1Macro mean of the two classes' F1
 * @param rocAuc area under the ROC curve of p(positive); NaN when only one class is present
 * @param logLoss mean negative log-likelihood of the true labels, in nats
 */
public record Metrics(
        ConfusionMatrix confusion,
        double accuracy,
        double precisionPositive,
        double recallPositive,
        double f1Positive,
        double precisionMacro,
        double recallMacro,
        double f1Macro,
        double rocAuc,
        double logLoss) {

    /** The clip applied to probabilities before taking logs, as scikit-learn's log_loss does for float64. */
    static final double LOG_LOSS_EPS = Math.ulp(1.0);

    /** Metrics of a list of predictions. */
    public static Metrics of(List<Prediction> predictions) {
        int[] labels = predictions.stream().mapToInt(Prediction::label).toArray();
        double[] p = predictions.stream().mapToDouble(Prediction::pPositive).toArray();
        return of(labels, p);
    }

    /** Metrics of true labels (0/1) and probabilities of positive, index by index. */
    public static Metrics of(int[] labels, double[] pPositive) {
        checkInputs(labels, pPositive);
        int[] predicted = Arrays.stream(pPositive).mapToInt(Prediction::predictedLabel).toArray();
        return fromCounts(ConfusionMatrix.of(labels, predicted), rocAuc(labels, pPositive), logLoss(labels, pPositive));
    }

    /** Derives the threshold metrics from a confusion matrix; ROC AUC and log-loss need the scores, so come in. */
    public static Metrics fromCounts(ConfusionMatrix c, double rocAuc, double logLoss) {
        double precisionNeg = ratio(c.tn(), c.tn() + c.fn());
        double recallNeg = ratio(c.tn(), c.tn() + c.fp());
        double f1Neg = ratio(2L * c.tn(), 2L * c.tn() + c.fp() + c.fn());
        double precisionPos = ratio(c.tp(), c.tp() + c.fp());
        double recallPos = ratio(c.tp(), c.tp() + c.fn());
        double f1Pos = ratio(2L * c.tp(), 2L * c.tp() + c.fp() + c.fn());
        return new Metrics(
                c,
                ratio(c.tp() + c.tn(), c.total()),
                precisionPos,
                recallPos,
                f1Pos,
                (precisionPos + precisionNeg) / 2,
                (recallPos + recallNeg) / 2,
                (f1Pos + f1Neg) / 2,
                rocAuc,
                logLoss);
    }

    /** Precision of the negative class: tn / (tn + fn). */
    public double precisionNegative() {
        return ratio(confusion.tn(), confusion.tn() + confusion.fn());
    }

    /** Recall of the negative class: tn / (tn + fp). */
    public double recallNegative() {
        return ratio(confusion.tn(), confusion.tn() + confusion.fp());
    }

    /** F1 of the negative class: 2 tn / (2 tn + fn + fp). */
    public double f1Negative() {
        return ratio(2L * confusion.tn(), 2L * confusion.tn() + confusion.fp() + confusion.fn());
    }

    /** Number of reviews. */
    public int support() {
        return confusion.total();
    }

    /**
     * Area under the ROC curve: the probability that a random positive review scores above a random negative
     * one, a tie counting half (equal to scikit-learn's trapezoidal roc_auc_score). NaN for a single class.
     */
    public static double rocAuc(int[] labels, double[] pPositive) {
        checkInputs(labels, pPositive);
        int[] order = ascending(pPositive);
        double pairsWon = 0;
        long negativesBelow = 0;
        long positives = 0;
        for (int start = 0; start < order.length; ) {
            int end = start;
            long pos = 0;
            long neg = 0;
            while (end < order.length && pPositive[order[end]] == pPositive[order[start]]) {
                if (labels[order[end]] == 1) {
                    pos++;
                } else {
                    neg++;
                }
                end++;
            }
            pairsWon += pos * negativesBelow + 0.5 * pos * neg;
            negativesBelow += neg;
            positives += pos;
            start = end;
        }
        long negatives = negativesBelow;
        return positives == 0 || negatives == 0 ? Double.NaN : pairsWon / ((double) positives * negatives);
    }

    /** Mean log-loss in nats, with scikit-learn's clipping. */
    public static double logLoss(int[] labels, double[] pPositive) {
        checkInputs(labels, pPositive);
        double sum = 0;
        for (int i = 0; i < labels.length; i++) {
            sum += reviewLogLoss(labels[i], pPositive[i]);
        }
        return sum / labels.length;
    }

    /** One review's log-loss: -log of the clipped probability given to its true label. */
    static double reviewLogLoss(int label, double pPositive) {
        double pTrue = label == 1 ? pPositive : 1.0 - pPositive;
        return -Math.log(Math.min(Math.max(pTrue, LOG_LOSS_EPS), 1.0 - LOG_LOSS_EPS));
    }

    /** Indices of {@code values} in ascending order of value (stable). */
    static int[] ascending(double[] values) {
        return IntStream.range(0, values.length)
                .boxed()
                .sorted(Comparator.comparingDouble(i -> values[i]))
                .mapToInt(Integer::intValue)
                .toArray();
    }

    /** Checks that labels and probabilities line up and are valid, naming the first bad entry. */
    static void checkInputs(int[] labels, double[] pPositive) {
        if (labels.length != pPositive.length) {
            throw new IllegalArgumentException(
                    labels.length + " labels but " + pPositive.length + " probabilities: they must pair up");
        }
        if (labels.length == 0) {
            throw new IllegalArgumentException("no predictions: metrics need at least one review");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] != 0 && labels[i] != 1) {
                throw new IllegalArgumentException("label at index " + i + " must be 0 or 1, got " + labels[i]);
            }
            if (!(pPositive[i] >= 0.0 && pPositive[i] <= 1.0)) {
                throw new IllegalArgumentException(
                        "p(positive) at index " + i + " must be in [0, 1], got " + pPositive[i]);
            }
        }
    }

    private static double ratio(long numerator, long denominator) {
        return denominator == 0 ? 0.0 : (double) numerator / denominator;
    }
}
