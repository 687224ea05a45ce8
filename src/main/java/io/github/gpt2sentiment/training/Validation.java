package io.github.gpt2sentiment.training;

import ai.djl.nn.Block;
import io.github.gpt2sentiment.model.Gpt2;
import io.github.gpt2sentiment.scoring.Prediction;
import io.github.gpt2sentiment.scoring.SentimentClassifier;
import java.util.ArrayList;
import java.util.List;

/**
 * What scoring a model on labelled examples found, without gradients or dropout. The classifier is scored by the
 * same {@link SentimentClassifier} as every other run of the project, so validation during training and the final
 * test evaluation use the same definitions.
 *
 * <p>Usage: {@code Validation v = Validation.of(model.block(), validation, 32); v.accuracy();}
 *
 * @param loss        mean cross-entropy of the training objective (natural log)
 * @param accuracy    fraction of examples whose predicted label is the true one (p(positive) &gt; 0.5 is positive)
 * @param f1          F1 of the positive class, 2 tp / (2 tp + fp + fn), 0 when there is no positive at all; the
 *                    evaluation package's {@code Metrics} defines both the same way (checked by the tests)
 * @param predictions per example, in the given order: id, label and p(positive)
 */
public record Validation(double loss, double accuracy, double f1, List<Prediction> predictions) {

    /** Scores a GPT-2 classifier in length-sorted batches of at most {@code batchSize} examples. */
    public static Validation of(Block block, List<Example> examples, int batchSize) {
        if (examples.isEmpty()) {
            throw new IllegalArgumentException("Nothing to evaluate: no reviews");
        }
        if (!(block instanceof Gpt2 model)) {
            throw new IllegalArgumentException("Expected a GPT-2 classifier, got " + block.getClass().getName());
        }
        SentimentClassifier classifier = new SentimentClassifier(model, null, 0, Integer.MAX_VALUE);
        long[][] ids = examples.stream().map(Example::ids).toArray(long[][]::new);
        int[] labels = examples.stream().mapToInt(Example::label).toArray();
        float[][] logits = classifier.logits(ids, batchSize, n -> { });
        return of(classifier.loss(logits, labels), examples, classifier.pPositive(logits));
    }

    /** The validation of examples given the loss and each one's p(positive), index by index. */
    static Validation of(double loss, List<Example> examples, double[] pPositive) {
        List<Prediction> predictions = new ArrayList<>(examples.size());
        int right = 0;
        int tp = 0;
        for (int i = 0; i < examples.size(); i++) {
            Prediction p = new Prediction(examples.get(i).id(), examples.get(i).label(), pPositive[i]);
            predictions.add(p);
            right += p.predicted() == p.label() ? 1 : 0;
            tp += p.predicted() == 1 && p.label() == 1 ? 1 : 0;
        }
        int wrong = examples.size() - right; // fp + fn
        double f1 = 2 * tp + wrong == 0 ? 0.0 : (double) (2 * tp) / (2 * tp + wrong);
        return new Validation(loss, (double) right / examples.size(), f1, List.copyOf(predictions));
    }
}
