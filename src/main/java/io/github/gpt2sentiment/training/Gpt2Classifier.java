package io.github.gpt2sentiment.training;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import io.github.gpt2sentiment.hub.ModelSource;
import io.github.gpt2sentiment.model.Checkpoint;
import io.github.gpt2sentiment.model.Gpt2;
import io.github.gpt2sentiment.model.Gpt2Config;
import io.github.gpt2sentiment.model.LoraAdapter;
import io.github.gpt2sentiment.model.LoraConfig;
import io.github.gpt2sentiment.tokenization.Gpt2Tokenizer;
import java.nio.file.Path;
import java.util.List;

/**
 * GPT-2 with a sequence-classification head, ready for the trainer: padding with {@code <|endoftext|>} (as the
 * walkthrough sets {@code pad_token_id = eos_token_id}), two labels, checkpoints in the Hugging Face layout with the
 * tokenizer files beside them.
 *
 * <p>Usage:
 * <pre>{@code
 * Engine.getInstance().setRandomSeed(42); // the new score head is drawn from the engine's generator
 * Gpt2Classifier model = Gpt2Classifier.load(ModelSource.resolve("gpt2", null), manager);
 * new Trainer(config, output).fit(model, train, validation, false);
 * }</pre>
 */
public final class Gpt2Classifier extends TrainableGpt2 {

    /** Label names in id order, as the classifier's config stores them ({@code id2label}). */
    public static final List<String> LABELS = List.of("NEGATIVE", "POSITIVE");

    private Gpt2Classifier(Gpt2 model, Path tokenizerFolder, String baseModel) {
        super(model, tokenizerFolder, baseModel);
    }

    /**
     * Wraps an initialised classifier.
     *
     * @param tokenizerFolder where checkpoints copy the tokenizer files from, or null for none
     */
    public static Gpt2Classifier of(Gpt2 model, Path tokenizerFolder) {
        if (model.head() != Gpt2.Head.SEQUENCE_CLASSIFICATION) {
            throw new IllegalArgumentException("The trainer's classifier mode needs a sequence-classification head");
        }
        if (model.config().padTokenId() == null) {
            throw new IllegalArgumentException("The classifier needs a pad_token_id to find each review's last token"
                    + " in a padded batch: use config.withPadTokenId(" + Gpt2Tokenizer.END_OF_TEXT + ")");
        }
        return new Gpt2Classifier(model, tokenizerFolder, null);
    }

    /**
     * Loads a GPT-2 checkpoint folder as {@link #load} does and adds LoRA adapters: only they and the head train,
     * and checkpoints are peft adapter folders naming {@code baseModel} as their base.
     *
     * <p>Usage: {@code Gpt2Classifier.lora(ModelSource.resolve("gpt2"), "gpt2", LoraConfig.defaults(), manager)}
     *
     * @param baseModel the base as the user named it ({@code --model}), written as {@code base_model_name_or_path}
     */
    public static Gpt2Classifier lora(Path folder, String baseModel, LoraConfig lora, NDManager manager) {
        Gpt2Classifier base = load(folder, manager);
        return new Gpt2Classifier(LoraAdapter.attach(base.model(), lora, manager), folder, baseModel);
    }

    /**
     * Loads any GPT-2 checkpoint folder (a language model or a classifier, or a LoRA adapter merged onto its base)
     * as a two-label classifier on the manager's device; a new {@code score} head is drawn from the engine's
     * generator.
     */
    public static Gpt2Classifier load(Path folder, NDManager manager) {
        return of(Checkpoint.load(folder, Gpt2.Head.SEQUENCE_CLASSIFICATION, manager, ModelSource::resolve), folder,
                manager);
    }

    /**
     * A loaded classifier with the sentiment labels ({@link #LABELS}) and a {@code pad_token_id}, as training writes
     * them; {@code export --merge} gives a merged adapter the same.
     *
     * <p>Usage: {@code Gpt2Classifier.of(LoraAdapter.load(dir, ModelSource::resolve, manager, true), dir, manager)}
     *
     * @param tokenizerFolder where checkpoints copy the tokenizer files from, or null for none
     * @throws IllegalArgumentException when the classifier has other than two labels
     */
    public static Gpt2Classifier of(Checkpoint.Loaded loaded, Path tokenizerFolder, NDManager manager) {
        Path folder = loaded.report().folder();
        Gpt2Config config = loaded.config();
        if (config.numLabels() != LABELS.size()) {
            throw new IllegalArgumentException(folder + " is a classifier with " + config.numLabels()
                    + " labels " + config.labels() + "; sentiment needs 2 (negative, positive)");
        }
        Gpt2Config wanted = config.withLabels(LABELS).withPadTokenId(
                config.padTokenId() != null ? config.padTokenId() : (int) Gpt2Tokenizer.END_OF_TEXT);
        if (wanted.equals(config)) {
            return of(loaded.model(), tokenizerFolder);
        }
        // The model takes its settings at construction: build one with the padding id and the labels, and move
        // the loaded weights into it.
        Gpt2 model = new Gpt2(wanted, Gpt2.Head.SEQUENCE_CLASSIFICATION);
        model.initialize(manager, DataType.FLOAT32, new Shape(1, 1), new Shape(1, 1));
        Checkpoint.copyWeights(loaded.model(), model);
        loaded.model().getParameters().values().forEach(Parameter::close);
        return of(model, tokenizerFolder);
    }
}
