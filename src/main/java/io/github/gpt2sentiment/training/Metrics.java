package io.github.gpt2sentiment.training;

/**
 * Loss, accuracy and F1 of a classifier on some labelled reviews.
 *
 * <p>Usage: {@code Metrics m = Evaluator.evaluate(model.block(), validation, 32).metrics();}
 *
 * @param loss     mean cross-entropy (natural log)
 * @param accuracy fraction classified correctly
 * @param f1       F1 score of the positive class (label 1)
 * @param count    reviews evaluated
 */
public record Metrics(double loss, double accuracy, double f1, int count) {

    /** Computes accuracy and positive-class F1 from labels and predictions. */
    public static Metrics of(double loss, int[] labels, int[] predicted) {
        int correct = 0;
        int truePositive = 0;
        int falsePositive = 0;
        int falseNegative = 0;
        for (int i = 0; i < labels.length; i++) {
            boolean actual = labels[i] == 1;
            boolean guess = predicted[i] == 1;
            correct += labels[i] == predicted[i] ? 1 : 0;
            truePositive += actual && guess ? 1 : 0;
            falsePositive += !actual && guess ? 1 : 0;
            falseNegative += actual && !guess ? 1 : 0;
        }
        int denominator = 2 * truePositive + falsePositive + falseNegative;
        double f1 = denominator == 0 ? 0.0 : 2.0 * truePositive / denominator;
        return new Metrics(loss, (double) correct / labels.length, f1, labels.length);
    }
}
