package io.github.gpt2sentiment.training;

import ai.djl.nn.Block;
import io.github.gpt2sentiment.evaluation.ClassifierRuns;
import io.github.gpt2sentiment.evaluation.Evaluation;
import io.github.gpt2sentiment.evaluation.Metrics;
import io.github.gpt2sentiment.scoring.Prediction;
import io.github.gpt2sentiment.evaluation.RunResult;
import io.github.gpt2sentiment.scoring.SentimentClassifier;
import io.github.gpt2sentiment.model.Gpt2;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What scoring a model on labelled examples found, without gradients or dropout. The classifier is scored by the
 * same {@link SentimentClassifier} as every other run of the project, so validation during training and the final
 * test evaluation use the same definitions.
 *
 * <p>Usage: {@code Validation v = Validation.of(model.block(), validation, 32); v.accuracy();}
 *
 * @param loss        mean cross-entropy of the training objective (natural log)
 * @param metrics     accuracy, precision, recall, F1, ROC AUC, log-loss (p(positive) &gt; 0.5 is positive)
 * @param predictions per example, in the given order: id, label and p(positive)
 */
public record Validation(double loss, Metrics metrics, List<Prediction> predictions) {

    public double accuracy() {
        return metrics.accuracy();
    }

    /** F1 of the positive class. */
    public double f1() {
        return metrics.f1Positive();
    }

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
        double[] pPositive = classifier.pPositive(logits);
        return new Validation(classifier.loss(logits, labels), Metrics.of(labels, pPositive),
                predictions(examples, pPositive));
    }

    /** Predictions of examples from their p(positive), index by index. */
    static List<Prediction> predictions(List<Example> examples, double[] pPositive) {
        List<Prediction> predictions = new ArrayList<>(examples.size());
        for (int i = 0; i < examples.size(); i++) {
            predictions.add(new Prediction(examples.get(i).id(), examples.get(i).label(), pPositive[i]));
        }
        return predictions;
    }

    /**
     * The final evaluation of a fine-tuned classifier, as every run of the project is filed: metrics with bootstrap
     * intervals and reviews/s, with the per-review predictions. Not yet saved: the caller shows the metrics even
     * when {@link ClassifierRuns.Outcome#save} then fails, so a finished run is never lost.
     *
     * @param model      the hub id or folder of the model, as the user named it
     * @param dataSource where the reviews came from
     * @param settings   the training settings worth recording
     */
    public static ClassifierRuns.Outcome testRun(Block block, List<Example> test, int batchSize, String model,
            String dataSource, Map<String, Object> settings) {
        long start = System.nanoTime();
        Validation result = of(block, test, batchSize);
        Duration time = Duration.ofNanos(System.nanoTime() - start);
        RunResult run = Evaluation.run("fine-tuned", RunResult.FINE_TUNED, model, dataSource, "test",
                result.predictions(), settings, time);
        return new ClassifierRuns.Outcome(run, result.predictions());
    }
}
