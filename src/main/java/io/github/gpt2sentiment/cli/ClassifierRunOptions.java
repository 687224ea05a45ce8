package io.github.gpt2sentiment.cli;

import io.github.gpt2sentiment.data.DataSource;
import io.github.gpt2sentiment.data.ImdbDataset;
import io.github.gpt2sentiment.data.Split;
import io.github.gpt2sentiment.evaluation.ClassifierRuns;
import io.github.gpt2sentiment.evaluation.ResultFiles;
import io.github.gpt2sentiment.files.Outputs;
import io.github.gpt2sentiment.hub.ModelSource;
import io.github.gpt2sentiment.options.DataOption;
import io.github.gpt2sentiment.options.ModelOption;
import io.github.gpt2sentiment.options.RevisionOption;
import io.github.gpt2sentiment.options.SeedOption;
import io.github.gpt2sentiment.scoring.ZeroShotConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.function.IntConsumer;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * What {@code baseline} and {@code evaluate} share: which model, which reviews, their seed, batch size and length,
 * the run's name, where the results go, and the run itself (progress bar, results JSON, predictions CSV, the
 * printed metrics).
 *
 * <p>Usage: {@code @Mixin ClassifierRunOptions run;} then {@code return run.execute(spec, "evaluate", this::classify);}
 */
final class ClassifierRunOptions {

    /** One classification run over the selected reviews. */
    interface Classify {
        ClassifierRuns.Outcome run(Path modelFolder, ImdbDataset dataset, Split split, IntConsumer progress);
    }

    @Mixin
    ModelOption model;

    @Mixin
    RevisionOption revision;

    @Mixin
    DataOption data;

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

    @Mixin
    SeedOption seed;

    @Option(names = "--batch-tokens", defaultValue = "" + ZeroShotConfig.DEFAULT_BATCH_TOKENS, paramLabel = "N",
            description = "Padded tokens per forward pass (default: ${DEFAULT-VALUE}); raise it on a GPU.")
    int batchTokens;

    @Option(names = "--max-length", defaultValue = "0", paramLabel = "N",
            description = "Longest input in tokens (baseline: prompt plus answer; evaluate: the review, its head "
                    + "kept); 0 = the model's n_positions (default).")
    int maxLength;

    @Option(names = "--name", paramLabel = "NAME", description = "Run name in tables and charts (default: "
            + "\"fine-tuned\" for evaluate; \"zero-shot\", \"zero-shot calibrated\", \"4-shot\", ... for baseline).")
    String name;

    /**
     * Runs {@code classify} on the selected reviews, writes the results and prints them; returns the exit code.
     * What is wrong with the input is thrown, for {@link ExitCode} to report.
     */
    int execute(CommandSpec spec, String task, Classify classify) {
        Outputs.checkFiles(json, predictions);
        Split which = ExitCode.options(spec, () -> Split.parse(split));
        ImdbDataset dataset = DataSource.load(data.path);
        Path folder = ModelSource.resolve(model.id, revision.name);
        int total = ClassifierRuns.select(dataset, which, limit, seed.value()).size();
        ClassifierRuns.Outcome outcome;
        try (ProgressBar bar = ConsoleReport.progressBar(task, total)) {
            outcome = classify.run(folder, dataset, which, bar::stepBy);
        }
        try {
            outcome.save(new ResultFiles(json, predictions));
        } catch (IOException | UncheckedIOException e) {
            // The run is done: show its metrics before saying why they could not be saved.
            ConsoleReport.print(spec.commandLine().getOut(), outcome.result(), null, null);
            spec.commandLine().getErr().println("error: the results were not saved: " + Outputs.reason(e));
            return ExitCode.FAILED;
        }
        ConsoleReport.print(spec.commandLine().getOut(), outcome.result(), json, predictions);
        return ExitCode.OK;
    }
}
