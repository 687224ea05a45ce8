package io.github.gpt2sentiment.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {

    static List<Example> train;
    static List<Example> validation;

    @BeforeAll
    static void data() {
        List<List<Example>> splits = TrainingFixtures.trainAndValidation(1000, 250, 128, 7);
        train = splits.get(0);
        validation = splits.get(1);
    }

    @Test
    void tinyModelLearns(@TempDir Path dir) throws Exception {
        TrainingConfig config = TrainingConfig.defaults().withEpochs(3).withBatchSize(16).withLearningRate(3e-3)
                .withMaxLength(128).withWarmupRatio(0.1);
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            Engine.getInstance().setRandomSeed(1);
            TinyClassifier model = TinyClassifier.create(manager, 50257, 64, 0.1f);
            long t0 = System.nanoTime();
            TrainingResult result = new Trainer(config, dir.resolve("run")).fit(model, train, validation, false);
            System.out.println(result.summary());
            System.out.println(result.history().evaluationTable().print());
            System.out.println("seconds " + (System.nanoTime() - t0) / 1e9);
        }
    }
}
