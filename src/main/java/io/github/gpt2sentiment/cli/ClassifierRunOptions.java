package io.github.gpt2sentiment.cli;

import io.github.gpt2sentiment.data.DataException;
import io.github.gpt2sentiment.data.DataSource;
import io.github.gpt2sentiment.data.ImdbDataset;
import io.github.gpt2sentiment.data.Split;
import io.github.gpt2sentiment.evaluation.ClassifierRuns;
import io.github.gpt2sentiment.files.Outputs;
import io.github.gpt2sentiment.hub.HubException;
import io.github.gpt2sentiment.hub.ModelSource;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.function.IntConsumer;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * What {@code baseline} and {@code evaluate} share: which model, which reviews, where the results go, and the run
 * itself (progress bar, results JSON, predictions CSV, the printed metrics, clear errors).
 *
 * <p>Usage: {@code @Mixin ClassifierRunOptions run;} then {@code return run.execute(spec, "evaluate", this::classify);}
 */
final class ClassifierRunOptions {

    /** One classification run over the selected reviews. */
    interface Classify {
        ClassifierRuns.Outcome run(Path modelFolder, ImdbDataset dataset, Split split, IntConsumer progress);
    }

    @Option(names = "--model", required = true, paramLabel = "ID|DIR",
            description = "Hub id (gpt2, openai-community/gpt2, distilgpt2, a fine-tuned repo) or a model folder.")
    String model;

    @Option(names = "--revision", defaultValue = ModelSource.DEFAULT_REVISION, paramLabel = "R",
            description = "Hub branch, tag or commit when --model is a hub id (default: ${DEFAULT-VALUE}).")
    String revision;

    @Option(names = "--data", required = true, paramLabel = "PATH",
            description = "aclImdb_v1.tar.gz, an aclImdb/ folder, a .csv/.tsv/.jsonl file, or 'imdb'.")
    String data;

    @Option(names = "--split", defaultValue = "test", paramLabel = "SPLIT",
            description = "Split to classify: train or test (default: ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--limit", paramLabel = "N",
            description = "Classify a seeded, label-stratified subset of N reviews (default: the whole split).")
    Integer limit;

    @Option(names = "--json", required = true, paramLabel = "FILE", description = "Results JSON to write.")
    Path json;

    @Option(names = "--predictions", paramLabel = "FILE", description = "Per-review predictions CSV to write.")
    Path predictions;

    /** Runs {@code classify} on the selected reviews, writes the results and prints them; returns the exit code. */
    int execute(CommandSpec spec, String task, long seed, Classify classify) {
        PrintWriter err = spec.commandLine().getErr();
        try {
            Outputs.checkFiles(json, predictions);
            Split which = Split.parse(split);
            ImdbDataset dataset = DataSource.load(data);
            Path folder = ModelSource.resolve(model, revision);
            int total = ClassifierRuns.select(dataset, which, limit, seed).size();
            ClassifierRuns.Outcome outcome;
            try (ProgressBar bar = ConsoleReport.progressBar(task, total)) {
                outcome = classify.run(folder, dataset, which, bar::stepBy);
            }
            try {
                outcome.save(json, predictions);
            } catch (IOException | UncheckedIOException e) {
                // The run is done: show its metrics before saying why they could not be saved.
                ConsoleReport.print(spec.commandLine().getOut(), outcome.result(), null, null);
                err.println("error: the results were not saved: " + Outputs.reason(e));
                return 1;
            }
            ConsoleReport.print(spec.commandLine().getOut(), outcome.result(), json, predictions);
            return 0;
        } catch (IllegalArgumentException | DataException | HubException | UncheckedIOException e) {
            err.println("error: " + e.getMessage());
            return 1;
        }
    }
}
