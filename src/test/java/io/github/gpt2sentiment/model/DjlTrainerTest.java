package io.github.gpt2sentiment.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import org.junit.jupiter.api.Test;

/** The block honours DJL's training contract: a stock Trainer fits the fixture classifier to a small batch. */
class DjlTrainerTest {

    @Test
    void stockTrainerLowersTheLossOfTheClassifier() {
        try (NDManager manager = NDManager.newBaseManager();
                Safetensors expected = Fixtures.expected("cls_eos_pad");
                Model model = Model.newInstance("gpt2")) {
            Engine.getInstance().setRandomSeed(0);
            Gpt2 gpt2 = Checkpoint.load(Fixtures.model("cls_eos_pad"), Gpt2.Head.SEQUENCE_CLASSIFICATION, manager)
                    .model();
            model.setBlock(gpt2);
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(Optimizer.adamW().optLearningRateTracker(Tracker.fixed(1e-3f)).build());
            try (Trainer trainer = model.newTrainer(config)) {
                Shape shape = expected.entry("right.input_ids").djlShape();
                trainer.initialize(shape, shape);
                float first = loss(trainer, inputs(expected, manager), labels(expected, manager));
                float last = first;
                for (int step = 0; step < 15; step++) {
                    NDManager batchManager = manager.newSubManager();
                    try (Batch batch = new Batch(batchManager, inputs(expected, batchManager),
                            labels(expected, batchManager), 1, null, null, 0, 1)) {
                        EasyTrain.trainBatch(trainer, batch);
                        trainer.step();
                    }
                    last = loss(trainer, inputs(expected, manager), labels(expected, manager));
                }
                assertTrue(last < first * 0.5, "loss " + first + " -> " + last);
            }
        }
    }

    private static NDList inputs(Safetensors expected, NDManager manager) {
        Shape shape = expected.entry("right.input_ids").djlShape();
        return new NDList(manager.create(expected.longs("right.input_ids"), shape),
                manager.create(expected.longs("right.attention_mask"), shape));
    }

    private static NDList labels(Safetensors expected, NDManager manager) {
        return new NDList(manager.create(expected.longs("grad.labels")));
    }

    /** Cross-entropy of an inference forward (dropout off). */
    private static float loss(Trainer trainer, NDList data, NDList labels) {
        NDList out = trainer.evaluate(data);
        return trainer.getLoss().evaluate(labels, out).getFloat();
    }
}
