package io.github.gpt2sentiment.cli;

import io.github.gpt2sentiment.files.Outputs;
import io.github.gpt2sentiment.model.LoraConfig;
import io.github.gpt2sentiment.options.LoraOptions;
import io.github.gpt2sentiment.pipeline.Pipeline;
import io.github.gpt2sentiment.pipeline.RunProfile;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code all}: the whole walkthrough headless (explore, zero-shot baseline, fine-tune, evaluate) ending in one
 * self-contained {@code report.html}.
 *
 * <p>Usage: {@code java -jar target/gpt2-sentiment.jar all --quick --out runs/quick}
 */
@Command(name = "all",
        description = "Run the whole walkthrough without Jupyter: explore the data, score zero-shot GPT-2, fine-tune "
                + "it, score the fine-tuned classifier, and write one self-contained report.html. QUICK: a few "
                + "hundred reviews, small enough for a CPU; FULL: all of IMDB, meant for a GPU.")
public final class AllCommand extends CliCommand {

    @Option(names = "--model", paramLabel = "ID|DIR", description = "Hub id or local model folder (default: "
            + "$GPT2_SENTIMENT_MODEL, else gpt2 from the Hugging Face hub).")
    String model;

    @Option(names = "--data", paramLabel = "PATH", description = "aclImdb_v1.tar.gz, an extracted aclImdb/ folder, a "
            + ".csv/.tsv/.jsonl file of labelled reviews, or 'imdb' (default: $GPT2_SENTIMENT_DATA, else imdb: the "
            + "official archive, downloaded once into the cache).")
    String data;

    @ArgGroup(exclusive = true)
    Size size;

    static final class Size {
        @Option(names = "--quick", required = true, description = "A few hundred reviews, 128 tokens, CPU, minutes.")
        boolean quick;

        @Option(names = "--full", required = true, description = "All of IMDB, 512 tokens, 3 epochs; for a GPU.")
        boolean full;
    }

    @Mixin
    LoraOptions method;

    @Option(names = "--out", paramLabel = "DIR", description = "Run folder for results, the fine-tuned model and "
            + "report.html (default: runs/quick or runs/full).")
    Path out;

    @Override
    public Integer call() throws Exception {
        PrintWriter term = stdout();
        RunProfile env = RunProfile.fromEnvironment();
        RunProfile profile = size == null ? env
                : RunProfile.of(size.full ? RunProfile.Mode.FULL : RunProfile.Mode.QUICK)
                        .withModel(env.model()).withData(env.data());
        if (model != null) {
            profile = profile.withModel(model);
        }
        if (data != null) {
            profile = profile.withData(data);
        }
        LoraConfig lora = ExitCode.options(spec, method::lora);
        if (lora != null) {
            // The rate notebook 03's LoRA run takes: the frozen base lets the adapters learn faster than full weights.
            profile = profile.withLora(lora).withLearningRate(RunProfile.LORA_LEARNING_RATE);
        }
        Path folder = out != null ? out : Path.of("runs", profile.mode().label());
        Outputs.checkFolders(folder);
        term.printf("%s run of %s on %s into %s%s%n", profile.mode(), profile.model(), profile.data(), folder,
                lora == null ? "" : " (LoRA)");
        term.flush();
        Path report = new Pipeline(profile, folder, System.err).run();
        term.println("Report: " + report.toAbsolutePath().normalize());
        term.flush();
        return 0;
    }
}
