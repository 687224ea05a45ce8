package io.github.gpt2sentiment.pipeline;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gpt2sentiment.scoring.Prediction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run notebook 01 records and notebooks 02..04 resume, and the reviews notebook 04 picks to explain. */
class NotebookRunTest {

    @TempDir
    Path temp;

    @Test
    void laterNotebooksReadTheSettingsNotebook01Chose() throws Exception {
        RunFiles files = RunFiles.in(temp.resolve("runs/quick"));
        IllegalStateException none = assertThrows(IllegalStateException.class, () -> NotebookRun.resume(files));
        assertTrue(none.getMessage().contains("run notebooks/01-explore-data.ipynb first"), none.getMessage());

        RunProfile chosen = RunProfile.quick().withModel("/models/tiny").withData("/data/reviews.csv")
                .withLearningRate(2e-5).withPatience(3);
        NotebookRun started = NotebookRun.start(chosen, files);
        assertEquals(chosen, NotebookRun.resume(files).profile());
        assertEquals(files.folder().toAbsolutePath().normalize(), started.settings().get("run folder"));

        // A result written after the record is fine; a missing one, or one older than the record, names the notebook.
        NotebookRun run = NotebookRun.resume(files);
        IllegalStateException missing = assertThrows(IllegalStateException.class,
                () -> run.require(files.before().json(), "02-zero-shot-baseline"));
        assertTrue(missing.getMessage().contains("before.json is missing: run notebooks/02-zero-shot-baseline.ipynb"),
                missing.getMessage());
        Files.writeString(files.before().json(), "{}");
        Path record = files.folder().resolve(NotebookRun.PROFILE_FILE);
        Files.setLastModifiedTime(record, FileTime.fromMillis(Files.getLastModifiedTime(files.before().json())
                .toMillis() - 10_000));
        assertDoesNotThrow(() -> run.require(files.before().json(), "02-zero-shot-baseline"));

        // Rerunning 01 with the same settings leaves the record (and so every result) as it was...
        FileTime recorded = Files.getLastModifiedTime(record);
        NotebookRun.start(chosen, files);
        assertEquals(recorded, Files.getLastModifiedTime(record));
        // ...other settings make every earlier result stale.
        NotebookRun.start(chosen.withLearningRate(5e-5), files);
        Files.setLastModifiedTime(record, FileTime.fromMillis(Files.getLastModifiedTime(files.before().json())
                .toMillis() + 10_000));
        IllegalStateException stale = assertThrows(IllegalStateException.class,
                () -> NotebookRun.resume(files).require(files.before().json(), "02-zero-shot-baseline"));
        assertTrue(stale.getMessage().contains("older than this run's settings"), stale.getMessage());

        Files.writeString(record, "[1, 2]");
        IllegalStateException broken = assertThrows(IllegalStateException.class, () -> NotebookRun.resume(files));
        assertTrue(broken.getMessage().contains("is not a run profile"), broken.getMessage());
    }

    @Test
    void explainedReviewsAreTheMostConfidentRightOnesThenTheMostConfidentMistakes() {
        List<Prediction> predictions = List.of(new Prediction("a", 1, 0.55), new Prediction("b", 0, 0.97),
                new Prediction("c", 1, 0.99), new Prediction("d", 0, 0.02), new Prediction("e", 1, 0.30),
                new Prediction("f", 0, 0.10));
        assertEquals(List.of(2, 3, 1, 4), Explanations.pick(predictions, 2, 2));
        assertEquals(List.of(2, 3, 5, 0, 1, 4), Explanations.pick(predictions, 9, 9), "fewer when there are fewer");
    }
}
