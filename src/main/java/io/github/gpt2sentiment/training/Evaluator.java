package io.github.gpt2sentiment.training;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.github.gpt2sentiment.evaluation.Evaluation;
import io.github.gpt2sentiment.evaluation.Metrics;
import io.github.gpt2sentiment.evaluation.Prediction;
import io.github.gpt2sentiment.evaluation.RunResult;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs a two-label classifier over labelled reviews without gradients or dropout, and scores it with the
 * evaluation package's metrics, so validation during training and the final test evaluation use the same
 * definitions as every other run of the project.
 *
 * <p>Usage: {@code Evaluator.Result r = Evaluator.evaluate(model.block(), validation, 32); r.accuracy();}
 */
public final class Evaluator {

    private Evaluator() {}

    /**
     * What an evaluation found.
     *
     * @param loss        mean cross-entropy of the true labels (natural log), the quantity training minimises
     * @param metrics     accuracy, precision, recall, F1, ROC AUC, log-loss (p(positive) &gt; 0.5 is positive)
     * @param predictions per review, in the given order: id, label and p(positive)
     */
    public record Result(double loss, Metrics metrics, List<Prediction> predictions) {

        public double accuracy() {
            return metrics.accuracy();
        }

        /** F1 of the positive class. */
        public double f1() {
            return metrics.f1Positive();
        }
    }

    /** Evaluates in length-sorted batches of {@code batchSize}, so padding costs little. */
    public static Result evaluate(Block block, List<Example> examples, int batchSize) {
        if (examples.isEmpty()) {
            throw new IllegalArgumentException("Nothing to evaluate: no reviews");
        }
        Device device = Trainer.deviceOf(block);
        int[] labels = examples.stream().mapToInt(Example::label).toArray();
        double[] pPositive = new double[examples.size()];
        double lossSum = 0;
        try (NDManager manager = NDManager.newBaseManager(device)) {
            ParameterStore parameters = new ParameterStore(manager, false);
            for (int[] batch : Batches.sorted(examples, batchSize)) {
                try (NDManager scope = manager.newSubManager()) {
                    Batches.Tensors tensors = Batches.tensors(scope, examples, batch);
                    NDArray logits = block.forward(parameters, tensors.inputs(), false).singletonOrThrow();
                    if (logits.getShape().get(1) != 2) {
                        throw new IllegalArgumentException("Expected 2 logits (negative, positive) per review, got "
                                + logits.getShape());
                    }
                    float[] logProbabilities = logits.toType(DataType.FLOAT32, false).logSoftmax(1).toFloatArray();
                    for (int row = 0; row < batch.length; row++) {
                        int index = batch[row];
                        pPositive[index] = Math.exp(logProbabilities[row * 2 + 1]);
                        lossSum -= logProbabilities[row * 2 + labels[index]];
                    }
                }
            }
        }
        List<Prediction> predictions = new ArrayList<>(examples.size());
        for (int i = 0; i < examples.size(); i++) {
            predictions.add(new Prediction(examples.get(i).id(), labels[i], pPositive[i]));
        }
        return new Result(lossSum / examples.size(), Metrics.of(labels, pPositive), predictions);
    }

    /**
     * The final evaluation of a fine-tuned classifier, filed as every run of the project is: a results JSON (metrics
     * with bootstrap intervals, reviews/s) and the per-review predictions CSV, ready for the {@code compare}
     * command.
     *
     * @param model      the hub id or folder of the model, as the user named it
     * @param dataSource where the reviews came from
     * @param settings   the training settings worth recording
     * @return the results as written to {@code jsonFile}
     */
    public static RunResult testRun(Block block, List<Example> test, int batchSize, String model, String dataSource,
            Map<String, Object> settings, Path jsonFile, Path predictionsFile) throws IOException {
        long start = System.nanoTime();
        Result result = evaluate(block, test, batchSize);
        Duration time = Duration.ofNanos(System.nanoTime() - start);
        RunResult run = Evaluation.run("fine-tuned", RunResult.FINE_TUNED, model, dataSource, "test",
                result.predictions(), settings, time);
        return Evaluation.save(run, result.predictions(), jsonFile, predictionsFile);
    }
}
