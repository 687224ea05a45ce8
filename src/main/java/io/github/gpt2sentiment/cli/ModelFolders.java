package io.github.gpt2sentiment.cli;

import io.github.gpt2sentiment.tokenization.Gpt2Tokenizer;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the model commands find a model and its tokenizer. */
final class ModelFolders {

    private ModelFolders() {}

    /**
     * The local folder for {@code --model}. Hub ids (e.g. {@code gpt2}) come with the hub package: this is the one
     * place to swap for {@code ModelSource.resolve(idOrDir, revision)}.
     */
    static Path resolve(String model) {
        Path dir = Path.of(model);
        if (Files.isDirectory(dir)) {
            return dir;
        }
        throw new IllegalArgumentException("--model " + model + ": no such folder. Give a model folder holding "
                + "config.json, model.safetensors and tokenizer.json");
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
