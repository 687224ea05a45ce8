package io.github.gpt2sentiment.options;

import io.github.gpt2sentiment.hub.ModelSource;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --tokenizer}, as every command that tokenizes without a model takes it: GPT-2's tokenizer, by default the
 * reference data's copy, else the hub's (a few MB, downloaded once into the cache).
 *
 * <p>Usage: {@code @Mixin TokenizerOption tokenizer;} then {@code Gpt2Tokenizer.load(tokenizer.location())}
 */
public final class TokenizerOption {

    @Option(names = "--tokenizer", paramLabel = "DIR", description = "Folder holding GPT-2's tokenizer.json, or the "
            + "file itself (default: the gpt2/ folder of the reference data, -Dgpt2sentiment.data or "
            + "$GPT2_SENTIMENT_DATA_DIR, else ../shared/data, when it has one; else the hub's gpt2 tokenizer files, a "
            + "few MB, cached like every hub download).")
    Path path;

    /** The folder (or tokenizer.json) given, else the default above: what {@code Gpt2Tokenizer.load} takes. */
    public Path location() {
        return path != null ? path : ModelSource.gpt2Tokenizer();
    }
}
