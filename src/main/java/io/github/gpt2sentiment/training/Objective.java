package io.github.gpt2sentiment.training;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.List;

/**
 * What training minimises and how a validation is scored: the classifier's cross-entropy on the label (the default),
 * or the language model's cross-entropy on the verbalizer ({@link Gpt2LanguageModel}).
 *
 * <p>Usage: {@code NDArray loss = objective.loss(block, parameters, batch, true);}
 */
public interface Objective {

    /** The mode of {@link TrainingConfig} this objective trains. */
    TrainingConfig.Mode mode();

    /** The mean loss of one batch, recorded by autograd when {@code training} (dropout on). */
    NDArray loss(Block block, ParameterStore parameters, Batches.Tensors batch, boolean training);

    /** The validation loss (the training objective, no dropout), accuracy and F1 on some examples. */
    Validation evaluate(Block block, List<Example> examples, int batchSize);

    /** GPT-2 plus a classification head: cross-entropy of the logits {@code [B, 2]} against the labels. */
    Objective CLASSIFIER = new Objective() {
        @Override
        public TrainingConfig.Mode mode() {
            return TrainingConfig.Mode.CLASSIFIER;
        }

        @Override
        public NDArray loss(Block block, ParameterStore parameters, Batches.Tensors batch, boolean training) {
            NDArray logits = block.forward(parameters, batch.inputs(), training).singletonOrThrow();
            return Trainer.crossEntropy(logits, batch.labels());
        }

        @Override
        public Validation evaluate(Block block, List<Example> examples, int batchSize) {
            return Validation.of(block, examples, batchSize);
        }
    };
}
