package io.github.gpt2sentiment.training;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.github.gpt2sentiment.tokenization.Gpt2Tokenizer;
import java.util.List;

/**
 * Runs a classifier over labelled reviews without gradients or dropout.
 *
 * <p>Usage: {@code Evaluator.Output out = Evaluator.evaluate(model.block(), validation, 32);}
 */
public final class Evaluator {

    private Evaluator() {}

    /**
     * The metrics and, per review in the given order, the predicted class and the probability of each class.
     *
     * @param probabilities {@code probabilities[i][c]}: the model's probability that review {@code i} is of class c
     */
    public record Output(Metrics metrics, int[] predicted, float[][] probabilities) {}

    /** Evaluates in length-sorted batches of {@code batchSize}, so padding costs little. */
    public static Output evaluate(Block block, List<Example> examples, int batchSize) {
        if (examples.isEmpty()) {
            throw new IllegalArgumentException("Nothing to evaluate: no reviews");
        }
        Device device = Trainer.deviceOf(block);
        int[] labels = examples.stream().mapToInt(Example::label).toArray();
        int[] predicted = new int[examples.size()];
        float[][] probabilities = new float[examples.size()][];
        double lossSum = 0;
        try (NDManager manager = NDManager.newBaseManager(device)) {
            ParameterStore parameters = new ParameterStore(manager, false);
            for (int[] batch : Batches.sorted(examples, batchSize)) {
                try (NDManager scope = manager.newSubManager()) {
                    Batches.Batch tensors = Batches.tensors(scope, examples, batch, Gpt2Tokenizer.END_OF_TEXT);
                    NDArray logits = block.forward(parameters, tensors.inputs(), false).singletonOrThrow();
                    NDArray logProbabilities = logits.toType(ai.djl.ndarray.types.DataType.FLOAT32, false)
                            .logSoftmax(1);
                    int classes = (int) logProbabilities.getShape().get(1);
                    float[] flat = logProbabilities.toFloatArray();
                    for (int row = 0; row < batch.length; row++) {
                        int index = batch[row];
                        float[] p = new float[classes];
                        int best = 0;
                        for (int c = 0; c < classes; c++) {
                            p[c] = (float) Math.exp(flat[row * classes + c]);
                            best = flat[row * classes + c] > flat[row * classes + best] ? c : best;
                        }
                        probabilities[index] = p;
                        predicted[index] = best;
                        lossSum -= flat[row * classes + labels[index]];
                    }
                }
            }
        }
        return new Output(Metrics.of(lossSum / examples.size(), labels, predicted), predicted, probabilities);
    }
}
