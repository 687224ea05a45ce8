package io.github.gpt2sentiment.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gpt2sentiment.evaluation.Bootstrap;
import io.github.gpt2sentiment.evaluation.ClassifierRuns;
import io.github.gpt2sentiment.evaluation.Evaluation;
import io.github.gpt2sentiment.evaluation.RunResult;
import io.github.gpt2sentiment.scoring.Prediction;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * An output location that cannot be written is found before any data is read or model loaded (here, the data does
 * not even exist, so an error about it would mean the check came too late); a write that fails at the end of a run
 * still shows the run's metrics, and says why in one line.
 */
class UnwritableOutputTest {

    @TempDir
    Path dir;

    @Test
    void aPathUnderARegularFileIsRefusedBeforeAnyWork() throws IOException {
        Path blocker = Files.writeString(dir.resolve("notes.txt"), "a file, not a folder\n");
        String data = dir.resolve("missing.csv").toString();
        String model = dir.resolve("missing-model").toString();
        List<List<String>> commands = List.of(
                List.of("evaluate", "--model", model, "--data", data, "--json", blocker + "/r.json"),
                List.of("baseline", "--model", model, "--data", data, "--json", dir + "/ok.json", "--predictions",
                        blocker + "/p.csv"),
                List.of("train", "--model", model, "--data", data, "--output", blocker + "/run"),
                List.of("init-model", "--config", model, "--out", blocker + "/tiny"),
                List.of("explore", "--data", data, "--json", blocker + "/e.json"),
                List.of("explore", "--data", data, "--out", blocker + "/charts"),
                List.of("all", "--data", data, "--model", model, "--out", blocker + "/run"),
                List.of("compare", dir + "/missing.json", dir + "/missing2.json", "--out", blocker + "/cmp"));
        for (List<String> command : commands) {
            CliRun run = CliRun.of(command.toArray(String[]::new));
            String shown = run.err().strip();
            assertNotEquals(0, run.exitCode(), command.toString());
            assertTrue(shown.contains(blocker + " is a file, not a folder"), command + ": " + shown);
            assertEquals(1, shown.lines().count(), command + ": " + shown);
        }
    }

    @Test
    void aFolderGivenAsTheResultsFileIsRefused() {
        CliRun run = CliRun.of("evaluate", "--model", "gpt2", "--data", dir.resolve("none.csv").toString(), "--json",
                dir.toString());
        assertNotEquals(0, run.exitCode());
        assertTrue(run.err().contains(dir + ": it is a folder; expected a file name"), run.err());
    }

    @Test
    void aWriteThatFailsAtTheEndStillShowsTheMetrics() throws IOException {
        Path csv = Files.writeString(dir.resolve("reviews.csv"),
                "text,label,split\nGood,1,test\nBad,0,test\nFine,1,test\nDull,0,test\n");
        Path model = Files.createDirectories(dir.resolve("model"));
        Files.writeString(model.resolve("config.json"), "{}");
        Path results = dir.resolve("results");
        ClassifierRunOptions options = new ClassifierRunOptions();
        new CommandLine(options).parseArgs("--model", model.toString(), "--data", csv.toString(), "--json",
                results.resolve("run.json").toString(), "--predictions", results.resolve("run.csv").toString());
        CommandLine cli = new CommandLine(new EvaluateCommand());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));

        int code = options.execute(cli.getCommandSpec(), "evaluate", (folder, dataset, split, progress) -> {
            try {
                // The results folder was fine at the start; during the run something took its name.
                Files.writeString(results, "in the way");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            List<Prediction> predictions = List.of(new Prediction("1", 1, 0.9), new Prediction("2", 0, 0.2),
                    new Prediction("3", 1, 0.4), new Prediction("4", 0, 0.1));
            RunResult result = Evaluation.run("end of run", RunResult.FINE_TUNED, "m", csv.toString(), "test",
                    predictions, Map.of(), Duration.ofSeconds(1), Bootstrap.defaults());
            return new ClassifierRuns.Outcome(result, predictions);
        });
        assertEquals(1, code);
        assertTrue(out.toString().contains("end of run (fine-tuned) on 4 test reviews"), out.toString());
        assertTrue(out.toString().contains("Accuracy"), out.toString());
        String shown = err.toString().strip();
        assertTrue(shown.startsWith("error: the results were not saved: ") && shown.contains(results.toString()),
                shown);
        assertEquals(1, shown.lines().filter(l -> l.startsWith("error")).count(), shown);
    }
}
