package io.github.gpt2sentiment.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trainer on real IMDB reviews with a small classifier. */
class TrainerTest {

    static List<Example> train;
    static List<Example> validation;

    /** Small enough for many runs per test: 240 training and 60 validation reviews of at most 64 tokens. */
    static final TrainingConfig SMALL = TrainingConfig.defaults().withEpochs(2).withBatchSize(8).withGradAccum(2)
            .withLearningRate(3e-3).withWarmupRatio(0.2).withMaxLength(64).withEvalEvery(5).withValSize(60);

    @BeforeAll
    static void data() {
        List<List<Example>> splits = TrainingFixtures.trainAndValidation(240, 60, 64, 11);
        train = splits.get(0);
        validation = splits.get(1);
    }

    /** A 2-layer, 32-wide GPT-2 classifier, initialised from {@code initSeed}. */
    static Gpt2Classifier model(NDManager manager, int initSeed) {
        return TrainingFixtures.tinyGpt2(manager, 2, 32, 64, initSeed);
    }

    static float[] weights(Gpt2Classifier model, String name) {
        return model.block().getParameters().get(name).getArray().toFloatArray();
    }

    @Test
    void sameSeedGivesIdenticalLossesAndLeaksNothing(@TempDir Path dir) throws Exception {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            Gpt2Classifier first = model(manager, 1);
            int arrays = manager.getManagedArrays().size();
            TrainingResult a = new Trainer(SMALL, dir.resolve("a")).fit(first, train, validation, false);
            assertEquals(arrays, manager.getManagedArrays().size(), "training left arrays on the model's manager");
            TrainingResult b = new Trainer(SMALL, dir.resolve("b")).fit(model(manager, 1), train, validation, false);
            assertEquals(losses(a), losses(b));
            assertEquals(a.history().evaluations(), b.history().evaluations());
            TrainingResult c = new Trainer(SMALL.withSeed(43), dir.resolve("c"))
                    .fit(model(manager, 1), train, validation, false);
            assertNotEquals(losses(a), losses(c), "another seed shuffles and drops out differently");
        }
    }

    @Test
    void resumedRunRepeatsTheUninterruptedOneExactly(@TempDir Path dir) throws Exception {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            Gpt2Classifier whole = model(manager, 1);
            TrainingResult uninterrupted = new Trainer(SMALL, dir.resolve("whole")).fit(whole, train, validation, false);
            assertTrue(uninterrupted.finished());

            Path output = dir.resolve("split");
            Trainer first = new Trainer(SMALL, output);
            first.listener(new TrainingListener() {
                @Override
                public void onStep(StepLog log) {
                    if (log.step() == 7) { // mid-epoch, between evaluations: what Ctrl-C would do
                        first.requestStop();
                    }
                }
            });
            TrainingResult stopped = first.fit(model(manager, 1), train, validation, false);
            assertTrue(stopped.interrupted());
            assertEquals(7, stopped.steps());
            assertEquals(Path.of("checkpoint-7"), Checkpoints.latest(output).orElseThrow().getFileName());

            // A differently initialised model: resuming must restore the checkpoint's weights, not keep these.
            Gpt2Classifier resumedModel = model(manager, 99);
            TrainingResult resumed = new Trainer(SMALL, output).fit(resumedModel, train, validation, true);
            assertTrue(resumed.finished());
            assertEquals(losses(uninterrupted), losses(resumed));
            assertEquals(uninterrupted.history().evaluations(), resumed.history().evaluations());
            assertArrayEquals(weights(whole, "h.1.mlp.c_fc.weight"), weights(resumedModel, "h.1.mlp.c_fc.weight"));
            assertArrayEquals(weights(whole, "score.weight"), weights(resumedModel, "score.weight"));
            assertTrue(Checkpoints.latest(output).isEmpty(), "a finished run keeps no checkpoint");
        }
    }

    @Test
    void stopsEarlyAndKeepsTheBestWeights(@TempDir Path dir) throws Exception {
        // A high learning rate on 240 reviews overfits within a few epochs: validation loss turns up.
        TrainingConfig config = SMALL.withEpochs(12).withLearningRate(2e-2).withEvalEvery(0).withPatience(2)
                .withGradAccum(1).withWarmupRatio(0);
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            Path output = dir.resolve("run");
            TrainingResult result = new Trainer(config, output).fit(model(manager, 1), train, validation, false);
            assertTrue(result.stoppedEarly());
            List<EvalLog> evaluations = result.history().evaluations();
            assertTrue(evaluations.size() < 12, "ran all epochs: " + evaluations.size());
            EvalLog best = evaluations.stream().min((x, y) -> Double.compare(x.valLoss(), y.valLoss())).orElseThrow();
            assertEquals(best.step(), result.bestStep());
            assertEquals(evaluations.size() - 1 - config.patience(), evaluations.indexOf(best),
                    "stops exactly `patience` evaluations after the best one");
            // The output folder holds the best weights, not the last ones.
            Gpt2Classifier reloaded = model(manager, 5);
            reloaded.restore(output);
            assertEquals(best.valLoss(), Validation.of(reloaded.block(), validation, 16).loss(), 1e-6);
            assertTrue(Files.exists(output.resolve("history.json")));
            assertTrue(Files.exists(output.resolve("loss.png")));
        }
    }

    @Test
    void refusesAFolderHoldingAnotherRunAndMismatchedResumes(@TempDir Path dir) throws Exception {
        TrainingConfig config = SMALL.withEpochs(1).withEvalEvery(0);
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            Path output = dir.resolve("run");
            Trainer first = new Trainer(config, output);
            first.listener(new TrainingListener() {
                @Override
                public void onStep(StepLog log) {
                    first.requestStop();
                }
            });
            first.fit(model(manager, 1), train, validation, false);

            IllegalArgumentException again = assertThrows(IllegalArgumentException.class,
                    () -> new Trainer(config, output).fit(model(manager, 1), train, validation, false));
            assertTrue(again.getMessage().contains("holds another training run"), again.getMessage());
            assertTrue(again.getMessage().contains("--resume"), again.getMessage());

            IllegalArgumentException settings = assertThrows(IllegalArgumentException.class,
                    () -> new Trainer(config.withLearningRate(1e-4), output)
                            .fit(model(manager, 1), train, validation, true));
            assertTrue(settings.getMessage().contains("other settings"), settings.getMessage());

            IllegalArgumentException data = assertThrows(IllegalArgumentException.class,
                    () -> new Trainer(config, output).fit(model(manager, 1), train.subList(0, 100), validation, true));
            assertTrue(data.getMessage().contains("reviews differ"), data.getMessage());

            IllegalArgumentException nothing = assertThrows(IllegalArgumentException.class,
                    () -> new Trainer(config, dir.resolve("empty")).fit(model(manager, 1), train, validation, true));
            assertTrue(nothing.getMessage().contains("Nothing to resume"), nothing.getMessage());

            Files.createDirectories(dir.resolve("other"));
            Files.writeString(dir.resolve("other/notes.txt"), "mine");
            IllegalArgumentException other = assertThrows(IllegalArgumentException.class,
                    () -> new Trainer(config, dir.resolve("other")).fit(model(manager, 1), train, validation, false));
            assertTrue(other.getMessage().contains("is not empty (notes.txt)"), other.getMessage());
        }
    }

    @Test
    void refusesAMaxLengthBeyondTheModelsPositions(@TempDir Path dir) throws Exception {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new Trainer(SMALL.withMaxLength(2048), dir).fit(model(manager, 1), train, validation, false));
            assertEquals("max length 2048 is longer than the model's n_positions 64: pass --max-length 64 or less",
                    e.getMessage());
            assertFalse(Files.exists(dir.resolve("history.json")));
        }
    }

    static List<Double> losses(TrainingResult result) {
        return result.history().steps().stream().map(StepLog::loss).toList();
    }
}
