package io.github.gpt2sentiment.cli;

import io.github.gpt2sentiment.tokenization.Gpt2Tokenizer;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the model commands find the tokenizer saved with a model. */
final class ModelFolders {

    private ModelFolders() {}

    /** The tokenizer saved with the model ({@code tokenizer.json} in its folder). */
    static Gpt2Tokenizer tokenizer(Path modelFolder) {
        if (!Files.isRegularFile(Gpt2Tokenizer.file(modelFolder))) {
            throw new IllegalArgumentException("Model folder " + modelFolder.toAbsolutePath() + " has no "
                    + "tokenizer.json: copy GPT-2's tokenizer files into it (tokenizer.json, vocab.json, merges.txt, "
                    + "as in ../shared/data/gpt2)");
        }
        return Gpt2Tokenizer.load(modelFolder);
    }
}
