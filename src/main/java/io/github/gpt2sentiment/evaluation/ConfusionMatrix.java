package io.github.gpt2sentiment.evaluation;

/**
 * Counts of true/false negatives/positives: rows are the true label, columns the predicted one.
 *
 * <p>Usage: {@code ConfusionMatrix.of(labels, predicted).tp()}
 */
public record ConfusionMatrix(int tn, int fp, int fn, int tp) {

    public ConfusionMatrix {
        if (tn < 0 || fp < 0 || fn < 0 || tp < 0) {
            throw new IllegalArgumentException(
                    "confusion matrix counts must be >= 0, got tn=" + tn + " fp=" + fp + " fn=" + fn + " tp=" + tp);
        }
    }

    /** Counts the pairs of true and predicted labels (both 0 or 1). */
    public static ConfusionMatrix of(int[] labels, int[] predicted) {
        if (labels.length != predicted.length) {
            throw new IllegalArgumentException(
                    labels.length + " labels but " + predicted.length + " predicted labels");
        }
        int[] counts = new int[4];
        for (int i = 0; i < labels.length; i++) {
            counts[2 * labels[i] + predicted[i]]++;
        }
        return new ConfusionMatrix(counts[0], counts[1], counts[2], counts[3]);
    }

    /** Number of reviews. */
    public int total() {
        return tn + fp + fn + tp;
    }

    /** Support of the positive class: reviews whose true label is positive. */
    public int actualPositive() {
        return fn + tp;
    }

    /** Support of the negative class: reviews whose true label is negative. */
    public int actualNegative() {
        return tn + fp;
    }

    /** The count in row {@code label}, column {@code predicted} (each 0 or 1). */
    public int count(int label, int predicted) {
        return label == 0 ? (predicted == 0 ? tn : fp) : (predicted == 0 ? fn : tp);
    }
}
