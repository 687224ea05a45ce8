package io.github.gpt2sentiment.cli;

import io.github.gpt2sentiment.data.DataSource;
import io.github.gpt2sentiment.files.Outputs;
import io.github.gpt2sentiment.model.Checkpoint;
import io.github.gpt2sentiment.model.ConfigJson;
import io.github.gpt2sentiment.model.Gpt2;
import io.github.gpt2sentiment.model.Gpt2Config;
import io.github.gpt2sentiment.options.SeedOption;
import io.github.gpt2sentiment.tokenization.Gpt2Tokenizer;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Writes a small, randomly initialised GPT-2 checkpoint folder (config, weights, tokenizer): a stand-in for
 * {@code gpt2} wherever the hub cannot be reached (CI, tests), with GPT-2's real vocabulary so every other step
 * runs unchanged. Its predictions mean nothing; it proves the plumbing, not the model.
 *
 * <p>Usage: {@code java -jar target/gpt2-sentiment.jar init-model --layers 2 --heads 2 --width 64 --out tiny-gpt2}
 */
@Command(name = "init-model",
        description = "Write a small randomly initialised GPT-2 checkpoint folder (config.json, model.safetensors, "
                + "tokenizer files) that every --model option accepts: for CI and tests, where the hub is out of "
                + "reach. Same seed, same weights.")
public final class InitModelCommand extends CliCommand {

    @Option(names = "--config", paramLabel = "PATH",
            description = "config.json (or its folder) to start from; the tokenizer files are copied from its folder "
                    + "(default: the gpt2/ folder of the reference data, -Dgpt2sentiment.data or "
                    + "$GPT2_SENTIMENT_DATA_DIR, else ../shared/data).")
    Path config;

    @Option(names = "--layers", paramLabel = "N", description = "Transformer blocks (n_layer; default: the config's).")
    Integer layers;

    @Option(names = "--heads", paramLabel = "N", description = "Attention heads (n_head; default: the config's).")
    Integer heads;

    @Option(names = "--width", paramLabel = "N", description = "Model width (n_embd, a multiple of --heads; "
            + "default: the config's). The MLP is 4 times as wide.")
    Integer width;

    @Option(names = "--positions", paramLabel = "N", description = "Longest sequence (n_positions; default: the "
            + "config's).")
    Integer positions;

    @Mixin
    SeedOption seed;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder to write (created; files "
            + "already there are replaced).")
    Path out;

    @Override
    public Integer call() throws Exception {
        PrintWriter term = stdout();
        Outputs.checkFolders(out);
        Path source = config != null ? config : DataSource.referenceData().resolve("gpt2");
        if (!Files.exists(source)) {
            throw new IllegalArgumentException((config != null ? "--config " : "GPT-2's config (default --config) ")
                    + source.toAbsolutePath().normalize() + ": no such file or folder; give GPT-2's config.json or "
                    + "a folder holding it and the tokenizer files, such as ../shared/data/gpt2");
        }
        Path sourceFolder = Files.isDirectory(source) ? source : source.toAbsolutePath().getParent();
        if (!Files.isRegularFile(Gpt2Tokenizer.file(sourceFolder))) {
            throw new IllegalArgumentException("--config " + source + ": no tokenizer.json in " + sourceFolder
                    + " to copy beside the weights; point --config at a folder like ../shared/data/gpt2");
        }
        Gpt2Config base = ConfigJson.load(source);
        Gpt2Config small = base.resized(or(positions, base.nPositions()), or(width, base.nEmbd()),
                or(layers, base.nLayer()), or(heads, base.nHead()));
        Files.createDirectories(out);
        long parameters = Checkpoint.saveRandom(small, Gpt2.Head.LANGUAGE_MODEL, seed.value(), out, sourceFolder);
        term.printf(Locale.ROOT, "Random GPT-2 (%d layers, %d heads, width %d, %d positions, %,d parameters, seed %d) "
                + "written to %s%n", small.nLayer(), small.nHead(), small.nEmbd(), small.nPositions(), parameters,
                seed.value(), out);
        term.flush();
        return 0;
    }

    private static int or(Integer value, int fallback) {
        return value != null ? value : fallback;
    }
}
