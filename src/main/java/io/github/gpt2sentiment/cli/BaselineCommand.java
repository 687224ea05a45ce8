package io.github.gpt2sentiment.cli;

import io.github.gpt2sentiment.evaluation.ClassifierRuns;
import io.github.gpt2sentiment.scoring.ZeroShotConfig;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code baseline}: the zero-shot (or k-shot) sentiment baseline of a pretrained GPT-2, as a results JSON and a
 * predictions CSV.
 *
 * <p>Usage: {@code java -jar target/gpt2-sentiment.jar baseline --model gpt2 --data imdb --limit 500 --json runs/before.json}
 */
@Command(name = "baseline",
        description = "Zero-shot sentiment with a pretrained GPT-2: prompt plus verbalizers scored by next-token "
                + "log-probabilities; prints the metrics with 95%% intervals and writes the results JSON.")
public final class BaselineCommand extends CliCommand {

    @Mixin
    ClassifierRunOptions run;

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

    @Override
    public Integer call() {
        ZeroShotConfig config = ExitCode.options(spec, () -> new ZeroShotConfig(unescape(template),
                unescape(negative), unescape(positive), calibrate,
                contentFree == null ? ZeroShotConfig.DEFAULT_CONTENT_FREE : contentFree, shots, run.seed.value(),
                demoMaxTokens, ZeroShotConfig.DEFAULT_SEPARATOR, run.maxLength, run.batchTokens));
        String name = run.name != null ? run.name : defaultName(config);
        return run.execute(spec, "baseline", (folder, dataset, split, progress) -> ClassifierRuns.zeroShot(
                name, run.model.id, folder, dataset, split, run.limit, config, progress));
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
