package io.github.gpt2sentiment.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Gradients must not depend on when the JVM collects garbage. DJL turns {@code x.mul(0.5f)} into a scalar tensor on
 * a Java buffer; autograd keeps that tensor for backward while nothing on the Java side keeps the buffer, so a
 * collection between forward and backward used to free it and corrupt the gradients (Inf within a few steps).
 */
class GarbageCollectionTest {

    @Test
    void gradientsAreTheSameWhenGarbageIsCollectedBeforeBackward() throws Exception {
        List<Example> reviews = TrainingFixtures.trainAndValidation(16, 2, 48, 5).get(0);
        int[] rows = new int[reviews.size()];
        java.util.Arrays.setAll(rows, i -> i);
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            Gpt2Classifier model = TrainingFixtures.tinyGpt2(manager, 1, 32, 48, 3);
            float[][] quiet = gradients(model, reviews, rows, manager, false);
            for (int attempt = 0; attempt < 3; attempt++) {
                float[][] collected = gradients(model, reviews, rows, manager, true);
                for (int p = 0; p < quiet.length; p++) {
                    assertArrayEquals(quiet[p], collected[p], "gradient " + p + ", attempt " + attempt);
                }
            }
        }
    }

    private static float[][] gradients(Gpt2Classifier model, List<Example> reviews, int[] rows, NDManager manager,
            boolean collect) throws InterruptedException {
        ParameterStore store = new ParameterStore(manager, false);
        try (NDManager scope = manager.newSubManager()) {
            Batches.Tensors batch = Batches.tensors(scope, reviews, rows);
            Engine.getInstance().setRandomSeed(9);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray logits = model.block().forward(store, batch.inputs(), true).singletonOrThrow();
                NDArray loss = Trainer.crossEntropy(logits, batch.labels());
                if (collect) {
                    System.gc();
                    Thread.sleep(20);
                    // New small native buffers reuse whatever memory the collection freed.
                    for (int i = 0; i < 200; i++) {
                        scope.create(new float[] {1e30f, -1e30f, 1e30f, -1e30f});
                    }
                }
                collector.backward(loss);
            }
        }
        List<float[]> gradients = new ArrayList<>();
        for (var parameter : model.block().getParameters().values()) {
            try (NDArray gradient = parameter.getArray().getGradient()) {
                gradients.add(gradient.toFloatArray());
            }
            ai.djl.pytorch.jni.JniUtils.zeroGrad((ai.djl.pytorch.engine.PtNDArray) parameter.getArray());
        }
        return gradients.toArray(float[][]::new);
    }
}
