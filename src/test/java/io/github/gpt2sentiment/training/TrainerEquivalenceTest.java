package io.github.gpt2sentiment.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our whole training loop against transformers' {@code Trainer} itself, update by update (fixture
 * {@code trainer_steps/} from reference/training_fixtures.py): the same tiny classifier, the same rows, dropout 0 so
 * nothing is random. Every update's loss, learning rate and pre-clipping gradient norm must match, which pins the
 * forward pass and loss (step 1), the schedule with its warm-up and the step at which the rate is read, AdamW with
 * its bias correction and epsilon, weight decay on the right parameters, and clipping (the later steps).
 */
class TrainerEquivalenceTest {

    @Test
    void everyUpdateMatchesTransformersTrainer(@TempDir Path output) throws Exception {
        JsonObject fixture = AdamWTest.fixture("trainer_steps/steps.json");
        JsonObject settings = fixture.getAsJsonObject("settings");
        JsonArray ids = fixture.getAsJsonArray("ids");
        JsonArray labels = fixture.getAsJsonArray("labels");
        List<Example> rows = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            float[] row = AdamWTest.flat(ids.get(i));
            long[] tokens = new long[row.length];
            for (int t = 0; t < row.length; t++) {
                tokens[t] = (long) row[t];
            }
            rows.add(new Example("row" + i, tokens, labels.get(i).getAsInt()));
        }
        // One batch holding every row per epoch: whatever order either side shuffles the rows into, each update
        // sees the same batch.
        TrainingConfig config = TrainingConfig.defaults()
                .withEpochs(settings.get("epochs").getAsInt())
                .withBatchSize(settings.get("batch_size").getAsInt())
                .withLearningRate(settings.get("lr").getAsDouble())
                .withWarmupRatio(settings.get("warmup_ratio").getAsDouble())
                .withWeightDecay(settings.get("weight_decay").getAsDouble())
                .withMaxGradNorm(settings.get("max_grad_norm").getAsDouble())
                .withMaxLength(settings.get("max_length").getAsInt())
                .withTrainSize(rows.size()).withValSize(2);
        assertEquals(rows.size(), config.batchSize(), "the fixture trains on one full batch per epoch");

        double[] losses = doubles(fixture.getAsJsonArray("losses"));
        double[] rates = doubles(fixture.getAsJsonArray("learning_rates"));
        double[] norms = doubles(fixture.getAsJsonArray("grad_norms"));
        List<StepLog> steps;
        try (NDManager manager = NDManager.newBaseManager()) {
            Gpt2Classifier model = Gpt2Classifier.load(fixtureFolder(), manager);
            assertEquals(0f, model.model().config().residPdrop(), "the fixture has dropout 0: nothing is random");
            steps = new Trainer(config, output.resolve("run")).fit(model, rows, rows.subList(0, 2), false)
                    .history().steps();
        }
        assertEquals(losses.length, steps.size(), "updates");
        boolean clipped = false;
        boolean unclipped = false;
        for (int i = 0; i < steps.size(); i++) {
            StepLog step = steps.get(i);
            String where = "update " + (i + 1);
            assertEquals(rates[i], step.learningRate(), 1e-12, where + ": learning rate");
            assertEquals(norms[i], step.gradNorm(), 2e-4 * norms[i], where + ": gradient norm before clipping");
            assertEquals(losses[i], step.loss(), 2e-4 * losses[i], where + ": training loss");
            clipped |= norms[i] > config.maxGradNorm();
            unclipped |= norms[i] < config.maxGradNorm();
        }
        assertEquals(0.0, rates[0], "the warm-up starts at 0, so the fixture checks the step the rate is read at");
        assertTrue(clipped && unclipped, "the fixture has updates on both sides of the clipping norm");
        assertTrue(losses[losses.length - 1] < 0.6 * losses[0], "the fixture's loss falls well within its updates");
    }

    private static Path fixtureFolder() throws URISyntaxException {
        return Path.of(TrainerEquivalenceTest.class.getResource("/fixtures/training/trainer_steps").toURI());
    }

    private static double[] doubles(JsonArray values) {
        double[] result = new double[values.size()];
        for (int i = 0; i < result.length; i++) {
            result[i] = values.get(i).getAsDouble();
        }
        return result;
    }
}
