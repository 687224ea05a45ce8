package io.github.gpt2sentiment.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import io.github.gpt2sentiment.data.Subsets;
import io.github.gpt2sentiment.evaluation.TinyGpt2;
import io.github.gpt2sentiment.pipeline.RunProfile;
import io.github.gpt2sentiment.tokenization.Gpt2Tokenizer;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Notebook 03's training step by hand (pad, forward, cross-entropy, backward, clipping, AdamW), with the same library
 * calls in the same order as its cell, on real IMDB reviews and a tiny random GPT-2 loaded as the notebook loads
 * the run's model: one step lowers the loss on the batch it was computed on.
 */
class HandMadeStepTest {

    @TempDir
    Path temp;

    @Test
    void oneStepByHandLowersTheLossOnItsBatch() {
        RunProfile profile = RunProfile.quick();
        Path modelDir = TinyGpt2.languageModel(temp.resolve("lm"), 256);
        List<io.github.gpt2sentiment.data.Review> train = Subsets.stratified(TrainingFixtures.imdb().train(),
                profile.batchSize(), profile.seed());

        // The notebook's cell, line for line (its data.train() is the run's training reviews).
        double before;
        double norm;
        double after;
        try (NDManager manager = NDManager.newBaseManager(); Gpt2Tokenizer tokenizer = Gpt2Tokenizer.load(modelDir)) {
            Engine.getInstance().setRandomSeed((int) profile.seed());
            Gpt2Classifier model = Gpt2Classifier.load(modelDir, manager);
            List<Example> reviews = Example.of(train.subList(0, profile.batchSize()), tokenizer, profile.truncation());
            Batches.Tensors batch = Batches.tensors(manager, reviews, IntStream.range(0, reviews.size()).toArray());
            ParameterStore parameters = new ParameterStore(manager, false);
            try (GradientCollector tape = Engine.getInstance().newGradientCollector()) {
                NDArray logits = model.block().forward(parameters, batch.inputs(), false).singletonOrThrow();
                NDArray loss = Trainer.crossEntropy(logits, batch.labels());
                tape.backward(loss);
                before = loss.getFloat();
            }
            try (AdamW adamW = new AdamW(model.block().getParameters(), profile.training().weightDecay())) {
                norm = adamW.step(profile.learningRate(), profile.training().maxGradNorm());
            }
            NDArray logits = model.block().forward(parameters, batch.inputs(), false).singletonOrThrow();
            after = Trainer.crossEntropy(logits, batch.labels()).getFloat();

            assertEquals(profile.batchSize(), batch.labels().size());
            assertEquals(2, logits.getShape().get(1), "two logits per review");
        }
        assertTrue(norm > 0 && Double.isFinite(norm), "gradient norm " + norm);
        assertTrue(after < before, "loss before " + before + ", after " + after);
    }
}
