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
import java.util.List;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code baseline}: the zero-shot (or k-shot) sentiment baseline of a pretrained GPT-2, as a results JSON and a
 * predictions CSV.
 *
 * <p>Usage: {@code java -jar target/gpt2-sentiment.jar baseline --model gpt2 --data imdb --limit 500 --json runs/before.json}
 */
@Command(name = "baseline", mixinStandardHelpOptions = true,
        description = "Zero-shot sentiment with a pretrained GPT-2: prompt plus verbalizers scored by next-token "
                + "log-probabilities; prints the metrics with 95% intervals and writes the results JSON.")
public final class BaselineCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "ID|DIR",
            description = "Hub id (gpt2, openai-community/gpt2, distilgpt2, ...) or a model folder.")
    String model;

    @Option(names = "--revision", defaultValue = ModelSource.DEFAULT_REVISION, paramLabel = "R",
            description = "Hub branch, tag or commit (default: ${DEFAULT-VALUE}).")
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
            description = "Seed of the --limit subset and of the demonstrations (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--calibrate", description = "Contextual calibration (Zhao et al. 2021) with content-free "
            + "inputs \"N/A\", \"\", \"[MASK]\".")
    boolean calibrate;

    @Option(names = "--content-free", arity = "1..*", paramLabel = "TEXT",
            description = "Content-free inputs for --calibrate (default: N/A, the empty text, [MASK]).")
    List<String> contentFree;

    @Option(names = "--shots", defaultValue = "0", paramLabel = "K",
            description = "Balanced demonstrations from the training split before each review (default: "
                    + "${DEFAULT-VALUE}).")
    int shots;

    @Option(names = "--demo-max-tokens", defaultValue = "" + ZeroShotConfig.DEFAULT_DEMO_MAX_TOKENS, paramLabel = "N",
            description = "Demonstrations are drawn among reviews of at most N tokens (default: ${DEFAULT-VALUE}).")
    int demoMaxTokens;

    @Option(names = "--template", defaultValue = ZeroShotConfig.DEFAULT_TEMPLATE, paramLabel = "TEXT",
            description = "Prompt with {text} where the review goes; \\n is a newline (default: "
                    + "\"Review: {text}\\\\nSentiment:\").")
    String template;

    @Option(names = "--negative", defaultValue = ZeroShotConfig.DEFAULT_NEGATIVE, paramLabel = "TEXT",
            description = "Verbalizer of the negative class (default: \" negative\").")
    String negative;

    @Option(names = "--positive", defaultValue = ZeroShotConfig.DEFAULT_POSITIVE, paramLabel = "TEXT",
            description = "Verbalizer of the positive class (default: \" positive\").")
    String positive;

    @Option(names = "--max-length", defaultValue = "0", paramLabel = "N",
            description = "Longest prompt plus answer in tokens; 0 = the model's n_positions (default).")
    int maxLength;

    @Option(names = "--batch-tokens", defaultValue = "" + ZeroShotConfig.DEFAULT_BATCH_TOKENS, paramLabel = "N",
            description = "Padded tokens per forward pass (default: ${DEFAULT-VALUE}); raise it on a GPU.")
    int batchTokens;

    @Option(names = "--name", paramLabel = "NAME", description = "Run name in tables and charts (default: "
            + "\"zero-shot\", \"zero-shot calibrated\", \"4-shot\", ...).")
    String name;

    @Option(names = "--json", required = true, paramLabel = "FILE", description = "Results JSON to write.")
    Path json;

    @Option(names = "--predictions", paramLabel = "FILE", description = "Per-review predictions CSV to write.")
    Path predictions;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try {
            ZeroShotConfig config = new ZeroShotConfig(unescape(template), unescape(negative), unescape(positive),
                    calibrate, contentFree == null ? ZeroShotConfig.DEFAULT_CONTENT_FREE : contentFree, shots, seed,
                    demoMaxTokens, ZeroShotConfig.DEFAULT_SEPARATOR, maxLength, batchTokens);
            Split which = Split.parse(split);
            ImdbDataset dataset = DataSource.load(data);
            Path folder = ModelSource.resolve(model, revision);
            int total = ClassifierRuns.select(dataset, which, limit, seed).size();
            ClassifierRuns.Outcome outcome;
            try (ProgressBar bar = RunReport.progressBar("baseline", total)) {
                outcome = ClassifierRuns.zeroShot(name != null ? name : defaultName(config), model, folder, dataset,
                        which, limit, config, bar::stepBy);
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

    static String defaultName(ZeroShotConfig config) {
        return (config.shots() == 0 ? "zero-shot" : config.shots() + "-shot") + (config.calibrate() ? " calibrated" : "");
    }

    /** Turns the escapes a shell makes awkward ({@code \n}, {@code \t}, {@code \\}) into the characters. */
    static String unescape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '\\' && i + 1 < s.length()) {
                char next = s.charAt(++i);
                switch (next) {
                    case 'n' -> b.append('\n');
                    case 't' -> b.append('\t');
                    case '\\' -> b.append('\\');
                    default -> b.append('\\').append(next);
                }
            } else {
                b.append(ch);
            }
        }
        return b.toString();
    }
}
