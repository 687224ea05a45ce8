package io.github.gpt2sentiment.cli;

import io.github.gpt2sentiment.data.DataException;
import io.github.gpt2sentiment.data.DataSource;
import io.github.gpt2sentiment.data.ImdbDataset;
import io.github.gpt2sentiment.data.Split;
import io.github.gpt2sentiment.evaluation.ClassifierRuns;
import io.github.gpt2sentiment.evaluation.ZeroShotConfig;
import io.github.gpt2sentiment.hub.HubException;
import io.github.gpt2sentiment.hub.ModelSource;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code evaluate}: a fine-tuned GPT-2 classifier on a split, with the same metrics and files as {@code baseline}.
 *
 * <p>Usage: {@code java -jar target/gpt2-sentiment.jar evaluate --model runs/model --data imdb --json runs/after.json}
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Evaluate a fine-tuned GPT-2 sentiment classifier; prints the metrics with 95% intervals and "
                + "writes the results JSON.")
public final class EvaluateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "DIR",
            description = "Folder of a fine-tuned classifier (config.json with id2label, model.safetensors with "
                    + "score.weight, tokenizer.json), or its hub id.")
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

    @Option(names = "--seed", defaultValue = "42", paramLabel = "S",
            description = "Seed of the --limit subset (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--max-length", defaultValue = "0", paramLabel = "N",
            description = "Longest review in tokens, its head kept; 0 = the model's n_positions (default).")
    int maxLength;

    @Option(names = "--batch-tokens", defaultValue = "" + ZeroShotConfig.DEFAULT_BATCH_TOKENS, paramLabel = "N",
            description = "Padded tokens per forward pass (default: ${DEFAULT-VALUE}); raise it on a GPU.")
    int batchTokens;

    @Option(names = "--name", defaultValue = "fine-tuned", paramLabel = "NAME",
            description = "Run name in tables and charts (default: ${DEFAULT-VALUE}).")
    String name;

    @Option(names = "--json", required = true, paramLabel = "FILE", description = "Results JSON to write.")
    Path json;

    @Option(names = "--predictions", paramLabel = "FILE", description = "Per-review predictions CSV to write.")
    Path predictions;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try {
            Split which = Split.parse(split);
            ImdbDataset dataset = DataSource.load(data);
            Path folder = ModelSource.resolve(model, revision);
            int total = ClassifierRuns.select(dataset, which, limit, seed).size();
            ClassifierRuns.Outcome outcome;
            try (ProgressBar bar = RunReport.progressBar("evaluate", total)) {
                outcome = ClassifierRuns.fineTuned(name, model, folder, dataset, which, limit, seed, maxLength,
                        batchTokens, bar::stepBy);
            }
            outcome.save(json, predictions);
            RunReport.print(spec.commandLine().getOut(), outcome.result(), json, predictions);
            return 0;
        } catch (IllegalArgumentException | DataException | HubException | UncheckedIOException e) {
            err.println("error: " + e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println("error: cannot write the results: " + e.getMessage());
            return 1;
        }
    }
}
