package io.github.gpt2sentiment.pipeline;

import ai.djl.ndarray.NDManager;
import io.github.gpt2sentiment.hub.ModelSource;
import io.github.gpt2sentiment.model.Checkpoint;
import io.github.gpt2sentiment.model.LoraAdapter;
import io.github.gpt2sentiment.tokenization.Gpt2Tokenizer;
import io.github.gpt2sentiment.training.Gpt2Classifier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * A LoRA adapter folder merged onto its base and written as a plain classifier folder ({@code config.json},
 * {@code model.safetensors}, tokenizer files), the one a full fine-tune writes: {@code transformers} loads it with
 * {@code GPT2ForSequenceClassification.from_pretrained}, no {@code peft} needed, and it predicts as fast as the base.
 *
 * <p>Usage: {@code MergedExport.Result r = MergedExport.write(Path.of("runs/lora"), Path.of("runs/merged"));}
 */
public final class MergedExport {

    private MergedExport() {}

    /**
     * What was written.
     *
     * @param baseFolder the base model's folder, found from the adapter's {@code base_model_name_or_path}
     * @param tokenizerFolder where the tokenizer files came from (the adapter's folder, else the base's), or null
     *     when neither has a {@code tokenizer.json}
     */
    public record Result(Path baseFolder, Path tokenizerFolder) {}

    /**
     * Merges the adapter in {@code adapter} onto its base (a hub id is downloaded) and writes the classifier into
     * {@code out}, with the labels and {@code pad_token_id} training gives a classifier.
     *
     * @throws IllegalArgumentException when {@code adapter} is not an adapter folder, or {@code out} is a folder
     *     with files in it (nothing is overwritten)
     */
    public static Result write(Path adapter, Path out) {
        if (!Files.isDirectory(adapter)) {
            throw new IllegalArgumentException("No adapter folder at " + adapter.toAbsolutePath());
        }
        if (!LoraAdapter.isAdapterFolder(adapter)) {
            throw new IllegalArgumentException(adapter.toAbsolutePath() + " is not a LoRA adapter folder: it has no "
                    + LoraAdapter.CONFIG + " (give the folder train --method lora wrote, or peft's save_pretrained)");
        }
        requireEmpty(out);
        Path base = ModelSource.resolve(LoraAdapter.readSettings(adapter).baseModel());
        Path tokenizer = Stream.of(adapter, base).filter(f -> Files.isRegularFile(Gpt2Tokenizer.file(f)))
                .findFirst().orElse(null);
        try (NDManager manager = NDManager.newBaseManager()) {
            Checkpoint.Loaded merged = LoraAdapter.load(adapter, base, manager, true);
            Gpt2Classifier classifier = Gpt2Classifier.of(merged, tokenizer, manager);
            classifier.save(out);
        }
        return new Result(base, tokenizer);
    }

    private static void requireEmpty(Path out) {
        if (!Files.isDirectory(out)) {
            return; // a missing folder is created; a file in the way fails in Outputs.checkFolders or the write
        }
        try (Stream<Path> files = Files.list(out)) {
            if (files.findAny().isPresent()) {
                throw new IllegalArgumentException("Cannot export into " + out + ": it already holds files; give a "
                        + "new or empty folder (an export overwrites nothing)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + out.toAbsolutePath(), e);
        }
    }
}
