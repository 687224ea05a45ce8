package io.github.gpt2sentiment.cli;

import io.github.gpt2sentiment.evaluation.ClassifierRuns;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code evaluate}: a fine-tuned GPT-2 classifier on a split, with the same metrics and files as {@code baseline}.
 *
 * <p>Usage: {@code java -jar target/gpt2-sentiment.jar evaluate --model runs/model --data imdb --json runs/after.json}
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Evaluate a fine-tuned GPT-2 sentiment classifier; prints the metrics with 95%% intervals and "
                + "writes the results JSON.")
public final class EvaluateCommand extends CliCommand {

    @Mixin
    ClassifierRunOptions run;

    @Option(names = "--max-length", defaultValue = "0", paramLabel = "N",
            description = "Longest review in tokens, its head kept; 0 = the model's n_positions (default).")
    int maxLength;

    @Option(names = "--name", defaultValue = "fine-tuned", paramLabel = "NAME",
            description = "Run name in tables and charts (default: ${DEFAULT-VALUE}).")
    String name;

    @Override
    public Integer call() {
        return run.execute(spec, "evaluate", (folder, dataset, split, progress) -> ClassifierRuns.fineTuned(
                name, run.model.id, folder, dataset, split, run.limit, run.seed, maxLength, run.batchTokens, progress));
    }
}
