package io.github.gpt2sentiment.pipeline;

import ai.djl.ndarray.NDManager;
import io.github.gpt2sentiment.model.Checkpoint;
import io.github.gpt2sentiment.model.Generator;
import io.github.gpt2sentiment.model.Gpt2;
import io.github.gpt2sentiment.tokenization.Gpt2Tokenizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * GPT-2 continuing a few prompts, as a table: what the pretrained language model does before anyone fine-tunes it.
 *
 * <p>Usage: {@code Table t = Generation.continuations(modelDir, Generation.PROMPTS, Generation.SAMPLING);}
 */
public final class Generation {

    /** Openings of movie reviews, one leaning each way and one neutral. */
    public static final List<String> PROMPTS = List.of(
            "This movie was",
            "I expected to hate this film, but",
            "The worst thing about the movie is");

    /** Sampling as {@code transformers}' {@code generate} would with top-k 50, a little cooler, seeded. */
    public static final Generator.Settings SAMPLING = Generator.Settings.sampling(40, 0.8f, 50, 1f, 42);

    private Generation() {}

    /** Loads the model folder's language model and continues each prompt; columns {@code prompt}, {@code continuation}. */
    public static Table continuations(Path modelDir, List<String> prompts, Generator.Settings settings) {
        List<String> continuations = new ArrayList<>();
        try (Gpt2Tokenizer tokenizer = Gpt2Tokenizer.load(modelDir);
                NDManager manager = NDManager.newBaseManager()) {
            Gpt2 lm = Checkpoint.load(modelDir, Gpt2.Head.LANGUAGE_MODEL, manager).model();
            for (long[] ids : Generator.generate(lm, prompts.stream().map(tokenizer::encode).toList(), settings)) {
                continuations.add(tokenizer.decode(ids));
            }
        }
        return Table.create("GPT-2 continuing review openings (" + describe(settings) + ")",
                StringColumn.create("prompt", prompts), StringColumn.create("continuation", continuations));
    }

    /** e.g. {@code sampling, temperature 0.8, top-k 50, seed 42, up to 40 tokens}. */
    public static String describe(Generator.Settings s) {
        return s.greedy() ? "greedy, up to " + s.maxNewTokens() + " tokens"
                : "sampling, temperature " + s.temperature() + ", top-k " + s.topK()
                        + (s.topP() < 1 ? ", top-p " + s.topP() : "") + ", seed " + s.seed() + ", up to "
                        + s.maxNewTokens() + " tokens";
    }
}
