package io.github.gpt2sentiment.evaluation;

import io.github.gpt2sentiment.TestData;
import io.github.gpt2sentiment.model.Checkpoint;
import io.github.gpt2sentiment.model.ConfigJson;
import io.github.gpt2sentiment.model.Gpt2;
import io.github.gpt2sentiment.model.Gpt2Config;
import java.nio.file.Path;
import java.util.List;

/**
 * Small randomly initialised GPT-2s with GPT-2's real vocabulary and tokenizer, saved as model folders: the real
 * weights come from the hub, which tests cannot reach. A wide initializer makes the random model's preferences
 * far from uniform, so scores differ from review to review.
 */
public final class TinyGpt2 {

    private TinyGpt2() {}

    /** The architecture: 2 layers of width 32, GPT-2's vocabulary, {@code positions} positions. */
    public static Gpt2Config config(int positions, List<String> labels) {
        String json = "{\"n_embd\": 32, \"n_layer\": 2, \"n_head\": 4, \"n_positions\": " + positions
                + ", \"initializer_range\": 0.2, \"pad_token_id\": 50256}";
        return ConfigJson.parse(json, "tiny GPT-2").withLabels(labels);
    }

    /** Writes a tiny model with the given head and labels, plus GPT-2's tokenizer files, into {@code folder}. */
    public static Path save(Path folder, Gpt2.Head head, int positions, List<String> labels, long seed) {
        Checkpoint.saveRandom(config(positions, labels), head, (int) seed, folder, TestData.gpt2Tokenizer());
        return folder;
    }

    /** A tiny language model folder. */
    public static Path languageModel(Path folder, int positions) {
        return save(folder, Gpt2.Head.LANGUAGE_MODEL, positions, List.of("LABEL_0", "LABEL_1"), 7);
    }
}
