package io.github.gpt2sentiment.cli;

import io.github.gpt2sentiment.hub.ModelSource;
import io.github.gpt2sentiment.tokenization.Gpt2Tokenizer;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the model commands find a model and its tokenizer. */
final class ModelFolders {

    private ModelFolders() {}

    /**
     * The local folder for {@code --model}: a folder as it is, or a hub id ({@code gpt2}, {@code org/name})
     * downloaded into the shared Hugging Face cache.
     */
    static Path resolve(String model) {
        return ModelSource.resolve(model);
    }

    /** The tokenizer saved with the model ({@code tokenizer.json} in its folder). */
    static Gpt2Tokenizer tokenizer(Path modelFolder) {
        if (!Files.isRegularFile(modelFolder.resolve("tokenizer.json"))) {
            throw new IllegalArgumentException("Model folder " + modelFolder.toAbsolutePath() + " has no "
                    + "tokenizer.json: copy GPT-2's tokenizer files into it (tokenizer.json, vocab.json, merges.txt, "
                    + "as in ../shared/data/gpt2)");
        }
        return Gpt2Tokenizer.load(modelFolder);
    }
}
