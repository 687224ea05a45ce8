package io.github.gpt2sentiment.cli;

import io.github.gpt2sentiment.evaluation.ClassifierRuns;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code evaluate}: a fine-tuned GPT-2 classifier on a split, with the same metrics and files as {@code baseline}.
 *
 * <p>Usage: {@code java -jar target/gpt2-sentiment.jar evaluate --model runs/model --data imdb --json runs/after.json}
 */
@Command(name = "evaluate",
        description = "Evaluate a fine-tuned GPT-2 sentiment classifier; prints the metrics with 95%% intervals and "
                + "writes the results JSON.")
public final class EvaluateCommand extends CliCommand {

    @Mixin
    ClassifierRunOptions run;

    @Override
    public Integer call() {
        String name = run.name != null ? run.name : "fine-tuned";
        return run.execute(spec, "evaluate", (folder, dataset, split, progress) -> ClassifierRuns.fineTuned(
                name, run.model.id, folder, dataset, split, run.limit, run.seed.value(), run.maxLength, run.batchTokens,
                progress));
    }
}
