package io.github.gpt2sentiment.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tiny randomly initialised GPT-2 (2 layers, 64 wide, the real 50,257-token vocabulary) trained for one epoch on
 * 8,000 real IMDB reviews cut to 128 tokens learns sentiment: the validation loss falls and the best checkpoint
 * classifies 500 unseen test reviews well above chance. Measured on 2 cores: validation loss 0.658 then 0.553, test
 * accuracy 78.8 %, about 30 s.
 */
class Gpt2LearnsTest {

    @Test
    void tinyRandomGpt2LearnsSentimentFromRealReviews(@TempDir Path dir) throws Exception {
        List<List<Example>> splits = TrainingFixtures.trainAndValidation(8000, 250, 128, 7);
        List<Example> test = TrainingFixtures.test(500, 128, 3);
        TrainingConfig config = TrainingConfig.defaults().withEpochs(1).withBatchSize(16).withLearningRate(1e-3)
                .withWarmupRatio(0.1).withMaxLength(128).withEvalEvery(250).withValSize(250);
        Path output = dir.resolve("run");
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            Gpt2Classifier model = TrainingFixtures.tinyGpt2(manager, 2, 64, 128, 1);
            TrainingResult result = new Trainer(config, output).fit(model, splits.get(0), splits.get(1), false);

            List<EvalLog> evaluations = result.history().evaluations();
            assertEquals(2, evaluations.size());
            assertTrue(evaluations.get(1).valLoss() < evaluations.get(0).valLoss(), "validation loss falls");
            assertTrue(result.best().valLoss() < 0.65, "well below chance (ln 2 = 0.693): " + result.best());

            Gpt2Classifier best = Gpt2Classifier.load(output, manager);
            double accuracy = Validation.of(best.block(), test, 32).accuracy();
            assertTrue(accuracy >= 0.70, "test accuracy " + accuracy + " on " + test.size() + " reviews");
        }
    }
}
