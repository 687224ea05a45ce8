package io.github.gpt2sentiment.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import io.github.gpt2sentiment.TestData;
import io.github.gpt2sentiment.evaluation.Bootstrap;
import io.github.gpt2sentiment.evaluation.ClassifierRuns;
import io.github.gpt2sentiment.evaluation.Evaluation;
import io.github.gpt2sentiment.evaluation.ResultFiles;
import io.github.gpt2sentiment.evaluation.ResultsJson;
import io.github.gpt2sentiment.evaluation.RunResult;
import io.github.gpt2sentiment.model.Checkpoint;
import io.github.gpt2sentiment.model.Gpt2;
import io.github.gpt2sentiment.model.Gpt2Config;
import io.github.gpt2sentiment.scoring.Prediction;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train} end to end on real reviews with a tiny random "pretrained" GPT-2, and its refusals. */
class TrainCommandTest {

    @TempDir
    static Path temp;

    static Path pretrained;

    static CliRun run(String... args) {
        return CliRun.of(Main.commandLine().setOverwrittenOptionsAllowed(true), args); // later options win
    }

    /** A language model as the hub serves GPT-2: no pad_token_id, default labels, tokenizer files beside it. */
    @BeforeAll
    static void pretrainedModel() {
        pretrained = tinyLanguageModel(temp.resolve("tiny-gpt2"));
    }

    /** Writes a tiny random GPT-2 (2 layers, width 32, 64 positions) into {@code folder}; returns it. */
    static Path tinyLanguageModel(Path folder) {
        Gpt2Config config = new Gpt2Config(50257, 64, 32, 2, 2, null, 1e-5f, "gelu_new", 0.1f, 0.1f, 0.1f, 0.02f,
                50256, 50256, null, List.of("LABEL_0", "LABEL_1"));
        Checkpoint.saveRandom(config, Gpt2.Head.LANGUAGE_MODEL, 4, folder, TestData.gpt2Tokenizer());
        return folder;
    }

    static String[] args(Path output, String... extra) {
        List<String> all = new java.util.ArrayList<>(List.of("train", "--model", pretrained.toString(), "--data",
                TestData.imdbArchive().toString(), "--output", output.toString(), "--train-size", "200", "--val-size",
                "50", "--epochs", "1", "--batch-size", "16", "--max-length", "64", "--lr", "1e-3", "--seed", "3"));
        all.addAll(List.of(extra));
        return all.toArray(String[]::new);
    }

    @Test
    void trainsKeepsTheBestCheckpointAndEvaluatesItOnTheTestSplit() throws Exception {
        Path output = temp.resolve("run");
        CliRun train = run(args(output));
        assertEquals(0, train.exitCode(), train.err());
        assertTrue(train.out().contains("val_accuracy"), train.out());
        for (String file : List.of("config.json", "model.safetensors", "tokenizer.json", "history.json",
                "history.csv", "steps.csv", "loss.png", "accuracy.png", "test_results.json", "test_predictions.csv")) {
            assertTrue(Files.isRegularFile(output.resolve(file)), "missing " + file);
        }
        RunResult result = ResultsJson.read(output.resolve("test_results.json"));
        assertEquals(RunResult.FINE_TUNED, result.kind());
        assertEquals("test", result.split());
        assertEquals(200, result.numReviews(), "--train-size 200 samples the test split down to 200 reviews");

        // The folder is a classifier the other commands load as it is.
        CliRun classify = run("classify", "--model", output.toString(), "--text", "A fine film.", "A dull mess.");
        assertEquals(0, classify.exitCode(), classify.err());
        assertTrue(classify.out().contains("POSITIVE") || classify.out().contains("NEGATIVE"), classify.out());
        CliRun evaluate = run("evaluate", "--model", output.toString(), "--data", TestData.imdbArchive().toString(),
                "--limit", "20", "--json", temp.resolve("after.json").toString());
        assertEquals(0, evaluate.exitCode(), evaluate.err());
    }

    @Test
    void aFinalWriteThatFailsStillShowsTheTestMetrics() throws Exception {
        // train's last step: the test run is done; its results folder turned out to be a file.
        Path blocker = Files.writeString(temp.resolve("blocker"), "a file, not a folder\n");
        List<Prediction> predictions = List.of(new Prediction("1", 1, 0.9), new Prediction("2", 0, 0.2),
                new Prediction("3", 1, 0.4), new Prediction("4", 0, 0.1));
        RunResult result = Evaluation.run("fine-tuned", RunResult.FINE_TUNED, "m", "imdb", "test", predictions,
                Map.of(), Duration.ofSeconds(1), Bootstrap.defaults());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = TrainCommand.finish(new ClassifierRuns.Outcome(result, predictions),
                new ResultFiles(blocker.resolve("r.json"), blocker.resolve("p.csv")), new PrintWriter(out, true),
                new PrintWriter(err, true));
        assertEquals(1, code);
        assertTrue(out.toString().startsWith("fine-tuned: accuracy 0.750"), out.toString());
        String shown = err.toString().strip();
        assertTrue(shown.startsWith("error: the results were not saved: ") && shown.contains(blocker.toString()),
                shown);
        assertEquals(1, shown.lines().count(), shown);
    }

    @Test
    void languageModelModeTrainsTheVerbalizerAndScoresTheTestSplitZeroShot() throws Exception {
        Path output = temp.resolve("lm");
        CliRun train = run(args(output, "--mode", "lm", "--max-length", "48", "--train-size", "96"));
        assertEquals(0, train.exitCode(), train.err());
        RunResult result = ResultsJson.read(output.resolve("test_results.json"));
        assertEquals("fine-tuned LM", result.runName());
        assertEquals(96, result.numReviews());
        assertEquals(" positive", ((java.util.Map<?, ?>) result.settings().get("verbalizers")).get("positive"));
        // The folder is a language model the baseline command scores as it scores GPT-2.
        CliRun baseline = run("baseline", "--model", output.toString(), "--data", TestData.imdbArchive().toString(),
                "--limit", "10", "--max-length", "48", "--json", temp.resolve("lm-baseline.json").toString());
        assertEquals(0, baseline.exitCode(), baseline.err());

        CliRun tail = run(args(temp.resolve("lm-tail"), "--mode", "lm", "--truncation", "tail"));
        assertEquals(2, tail.exitCode());
        assertTrue(tail.err().contains("--mode lm keeps the head of each review"), tail.err());
    }

    @Test
    void refusesBadSettingsBeforeReadingAnyReview() throws Exception {
        CliRun lr = run(args(temp.resolve("a"), "--lr", "0"));
        assertEquals(2, lr.exitCode(), "a value out of range is a usage error");
        assertTrue(lr.err().contains("learning rate must be a positive number, got 0.0"), lr.err());

        CliRun batch = run(args(temp.resolve("b"), "--batch-size", "0"));
        assertEquals(2, batch.exitCode());
        assertTrue(batch.err().contains("batch size must be at least 1, got 0"), batch.err());

        CliRun length = run(args(temp.resolve("c"), "--max-length", "128"));
        assertEquals(1, length.exitCode(), "the model file says no, at run time");
        assertTrue(length.err().contains("max length 128 is longer than the model's n_positions 64"), length.err());

        Path taken = temp.resolve("taken");
        Files.createDirectories(taken);
        Files.writeString(taken.resolve("history.json"), "{}");
        CliRun other = run(args(taken));
        assertEquals(1, other.exitCode());
        assertTrue(other.err().contains("holds another training run"), other.err());

        CliRun nothing = run(args(temp.resolve("d"), "--resume"));
        assertEquals(1, nothing.exitCode());
        assertTrue(nothing.err().contains("Nothing to resume"), nothing.err());

        CliRun truncation = run(args(temp.resolve("e"), "--truncation", "middle"));
        assertEquals(2, truncation.exitCode());
        assertTrue(truncation.err().contains("truncation must be one of [head, tail, head+tail]"), truncation.err());

        if (Engine.getInstance().getGpuCount() == 0) {
            CliRun gpu = run(args(temp.resolve("f"), "--device", "gpu"));
            assertEquals(1, gpu.exitCode());
            assertTrue(gpu.err().contains("finds no GPU"), gpu.err());
        }
        for (String name : List.of("a", "b", "c", "d", "e", "f")) {
            assertTrue(!Files.exists(temp.resolve(name).resolve("history.json")), "nothing written for " + name);
        }
    }
}
