package io.github.gpt2sentiment.evaluation;

import io.github.gpt2sentiment.scoring.Prediction;
import java.util.Arrays;
import java.util.List;

/**
 * The ROC curve of p(positive): one point per distinct score, from (0, 0) to (1, 1), as scikit-learn's
 * {@code roc_curve(..., drop_intermediate=False)} gives it.
 *
 * <p>Usage: {@code RocCurve roc = RocCurve.of(predictions); roc.falsePositiveRate()[k];}
 *
 * @param falsePositiveRate ascending false-positive rates, starting at 0
 * @param truePositiveRate the matching true-positive rates
 */
public record RocCurve(double[] falsePositiveRate, double[] truePositiveRate) {

    /** The curve of a list of predictions. */
    public static RocCurve of(List<Prediction> predictions) {
        int[] labels = predictions.stream().mapToInt(Prediction::label).toArray();
        double[] p = predictions.stream().mapToDouble(Prediction::pPositive).toArray();
        return of(labels, p);
    }

    /**
     * The curve of true labels and probabilities of positive.
     *
     * @throws IllegalArgumentException when the labels hold one class only (the curve is undefined)
     */
    public static RocCurve of(int[] labels, double[] pPositive) {
        Metrics.checkInputs(labels, pPositive);
        int[] order = Metrics.ascending(pPositive);
        long positives = 0;
        for (int label : labels) {
            positives += label;
        }
        long negatives = labels.length - positives;
        if (positives == 0 || negatives == 0) {
            throw new IllegalArgumentException("a ROC curve needs both classes, but all " + labels.length
                    + " labels are " + (positives == 0 ? "negative" : "positive"));
        }
        // Walk from the highest score down; each group of tied scores adds one point.
        double[] fpr = new double[labels.length + 1];
        double[] tpr = new double[labels.length + 1];
        int points = 1;
        long fp = 0;
        long tp = 0;
        for (int k = order.length - 1; k >= 0; k--) {
            int i = order[k];
            if (labels[i] == 1) {
                tp++;
            } else {
                fp++;
            }
            if (k == 0 || pPositive[order[k - 1]] != pPositive[i]) {
                fpr[points] = (double) fp / negatives;
                tpr[points] = (double) tp / positives;
                points++;
            }
        }
        return new RocCurve(Arrays.copyOf(fpr, points), Arrays.copyOf(tpr, points));
    }

    /** Number of points on the curve. */
    public int size() {
        return falsePositiveRate.length;
    }
}
