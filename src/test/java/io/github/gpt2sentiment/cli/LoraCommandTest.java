package io.github.gpt2sentiment.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gpt2sentiment.TestData;
import io.github.gpt2sentiment.evaluation.ResultsJson;
import io.github.gpt2sentiment.evaluation.RunResult;
import io.github.gpt2sentiment.model.LoraAdapter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train --method lora} end to end: a peft adapter folder that classify and evaluate take as a model. */
class LoraCommandTest {

    @TempDir
    static Path temp;

    @BeforeAll
    static void pretrainedModel() {
        TrainCommandTest.temp = temp;
        TrainCommandTest.pretrainedModel();
    }

    @Test
    void trainsAnAdapterFolderThatTheOtherCommandsLoad() throws Exception {
        Path output = temp.resolve("lora");
        CliRun train = TrainCommandTest.run(TrainCommandTest.args(output, "--method", "lora",
                "--lora-r", "4", "--lora-targets", "c_attn,c_fc", "--lr", "5e-3"));
        assertEquals(0, train.exitCode(), train.err());
        assertTrue(train.err().contains("trainable parameters"), train.err());
        for (String file : List.of(LoraAdapter.CONFIG, LoraAdapter.WEIGHTS, "tokenizer.json", "history.json",
                "loss.png", "test_results.json", "test_predictions.csv")) {
            assertTrue(Files.isRegularFile(output.resolve(file)), "missing " + file);
        }
        assertFalse(Files.exists(output.resolve("model.safetensors")), "the frozen base is not copied");
        LoraAdapter.Settings settings = LoraAdapter.readSettings(output);
        assertEquals(TrainCommandTest.pretrained.toString(), settings.baseModel(), "--model as given");
        assertEquals(List.of("c_attn", "c_fc"), settings.lora().targets());
        RunResult result = ResultsJson.read(output.resolve("test_results.json"));
        assertEquals(RunResult.FINE_TUNED, result.kind());
        assertEquals(200, result.numReviews());

        CliRun classify = TrainCommandTest.run("classify", "--model", output.toString(), "--text",
                "A fine film.");
        assertEquals(0, classify.exitCode(), classify.err());
        Path json = temp.resolve("lora-eval.json");
        CliRun evaluate = TrainCommandTest.run("evaluate", "--model", output.toString(), "--data",
                TestData.imdbArchive().toString(), "--limit", "20", "--json", json.toString());
        assertEquals(0, evaluate.exitCode(), evaluate.err());

        // Training again from the adapter: full fine-tuning starts from it merged onto its base and writes a plain
        // model folder; new adapters on it are refused before any review is read, saying what to do instead.
        Path fromAdapter = temp.resolve("from-adapter");
        CliRun full = TrainCommandTest.run(TrainCommandTest.args(fromAdapter, "--model", output.toString(),
                "--train-size", "40", "--val-size", "20"));
        assertEquals(0, full.exitCode(), full.err());
        assertTrue(Files.isRegularFile(fromAdapter.resolve("model.safetensors")), "a plain model folder");
        assertFalse(Files.exists(fromAdapter.resolve(LoraAdapter.CONFIG)));
        CliRun stacked = TrainCommandTest.run(TrainCommandTest.args(temp.resolve("stacked"), "--model",
                output.toString(), "--method", "lora"));
        assertEquals(1, stacked.exitCode(), stacked.err());
        assertTrue(stacked.err().contains("is a LoRA adapter already: merge it first (export --merge"),
                stacked.err());
        assertFalse(stacked.err().contains("Loading reviews"), "refused before reading reviews");
        // ... and before its base is looked up (a hub id may mean a download): a base that is nowhere changes nothing.
        Path moved = Files.createDirectory(temp.resolve("adapter-of-a-missing-base"));
        for (Path file : List.of(output.resolve(LoraAdapter.CONFIG), output.resolve(LoraAdapter.WEIGHTS))) {
            Files.copy(file, moved.resolve(file.getFileName()));
        }
        Path config = moved.resolve(LoraAdapter.CONFIG);
        Files.writeString(config, Files.readString(config).replace(TrainCommandTest.pretrained.toString(),
                temp.resolve("no-such-base").toString()));
        CliRun orphan = TrainCommandTest.run(TrainCommandTest.args(temp.resolve("orphan"), "--model",
                moved.toString(), "--method", "lora"));
        assertEquals(1, orphan.exitCode(), orphan.err());
        assertTrue(orphan.err().contains("is a LoRA adapter already"), orphan.err());

        CliRun bad = TrainCommandTest.run(TrainCommandTest.args(temp.resolve("bad"), "--method",
                "lora", "--lora-targets", "q_proj"));
        assertEquals(2, bad.exitCode(), bad.err()); // a usage error, like any option value refused
        assertTrue(bad.err().contains("q_proj"), bad.err());
    }
}
