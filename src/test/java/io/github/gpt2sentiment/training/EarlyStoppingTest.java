package io.github.gpt2sentiment.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Early stopping's rule, replayed on a run's evaluations, stops where the trainer itself stops. */
class EarlyStoppingTest {

    @TempDir
    Path temp;

    private static EvalLog eval(int step, double valLoss) {
        return new EvalLog(step, step / 10.0, 0.7, valLoss, 0.5, 0.5, false);
    }

    @Test
    void replayCountsEvaluationsWithoutANewLow() {
        List<EvalLog> evaluations = List.of(eval(5, 0.70), eval(10, 0.65), eval(15, 0.66), eval(20, 0.65),
                eval(25, 0.64), eval(30, 0.69), eval(35, 0.70));
        EarlyStopping.Replay two = EarlyStopping.replay(evaluations, 2);
        assertEquals(20, two.stoppedAfter().step(), "a tie (0.65 again) is no progress");
        assertEquals(4, two.stoppedAt());
        assertEquals(10, two.kept().step());
        assertTrue(two.summary().contains("after step 20"), two.summary());
        EarlyStopping.Replay three = EarlyStopping.replay(evaluations, 3);
        assertNull(three.stoppedAfter(), "0.64 at step 25 resets the count");
        assertEquals(25, three.kept().step());
        assertTrue(three.summary().contains("would not have stopped"), three.summary());
        assertNull(EarlyStopping.replay(evaluations, 0).stoppedAfter(), "0 is off");
        assertEquals(15, EarlyStopping.replay(evaluations, 1).stoppedAfter().step());
        assertThrows(IllegalArgumentException.class, () -> EarlyStopping.replay(List.of(), 2));
    }

    @Test
    void theTrainerStopsWhereTheReplayOfAFullRunSays() throws Exception {
        // A high learning rate on few reviews: the validation loss soon stops falling steadily.
        List<List<Example>> data = TrainingFixtures.trainAndValidation(48, 16, 32, 3);
        TrainingConfig config = TrainingConfig.defaults().withTrainSize(48).withValSize(16).withEpochs(4)
                .withBatchSize(4).withMaxLength(32).withLearningRate(2e-2).withEvalEvery(2).withSeed(3);
        TrainingResult full;
        try (NDManager manager = NDManager.newBaseManager()) {
            full = new Trainer(config, temp.resolve("full"))
                    .fit(TrainingFixtures.tinyGpt2(manager, 1, 16, 64, 3), data.get(0), data.get(1), false);
        }
        List<EvalLog> evaluations = full.history().evaluations();
        int patience = 0;
        EarlyStopping.Replay replay = null;
        for (int p = 1; p <= 3 && (replay == null || replay.stoppedAfter() == null); p++) {
            patience = p;
            replay = EarlyStopping.replay(evaluations, p);
        }
        assertTrue(replay.stoppedAfter() != null, "the run should stall somewhere in " + evaluations);

        TrainingResult stopped;
        try (NDManager manager = NDManager.newBaseManager()) {
            stopped = new Trainer(config.withPatience(patience), temp.resolve("stopped"))
                    .fit(TrainingFixtures.tinyGpt2(manager, 1, 16, 64, 3), data.get(0), data.get(1), false);
        }
        assertTrue(stopped.stoppedEarly());
        List<EvalLog> stoppedEvaluations = stopped.history().evaluations();
        assertEquals(replay.stoppedAt(), stoppedEvaluations.size());
        assertEquals(replay.stoppedAfter().step(), stoppedEvaluations.get(stoppedEvaluations.size() - 1).step());
        assertEquals(replay.kept().step(), stopped.bestStep());
        assertEquals(replay.kept().valLoss(), stopped.best().valLoss(), 1e-6);
    }
}
