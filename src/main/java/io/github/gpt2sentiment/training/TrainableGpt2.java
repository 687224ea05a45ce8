package io.github.gpt2sentiment.training;

import ai.djl.nn.Block;
import io.github.gpt2sentiment.model.Checkpoint;
import io.github.gpt2sentiment.model.Gpt2;
import io.github.gpt2sentiment.model.LoraAdapter;
import java.nio.file.Path;

/**
 * A GPT-2 the trainer can fit, what both framings share: the network it differentiates, its context length, and
 * checkpoints in the Hugging Face layout with the tokenizer files beside them. {@link Gpt2Classifier} and
 * {@link Gpt2LanguageModel} add their head and objective.
 *
 * <p>Usage: {@code TrainableGpt2 model = Gpt2Classifier.load(dir, manager); model.save(Path.of("runs/best"));}
 */
public abstract class TrainableGpt2 implements TrainableModel {

    private final Gpt2 model;
    private final Path tokenizerFolder;
    private final String baseModel;

    /** @param tokenizerFolder where checkpoints copy the tokenizer files from, or null for none */
    TrainableGpt2(Gpt2 model, Path tokenizerFolder) {
        this(model, tokenizerFolder, null);
    }

    /**
     * @param baseModel for a LoRA model, the base as the user named it (hub id or folder): checkpoints are adapter
     *     folders that name it
     */
    TrainableGpt2(Gpt2 model, Path tokenizerFolder, String baseModel) {
        if (model.lora() != null && baseModel == null) {
            throw new IllegalArgumentException("A LoRA model's checkpoints need the name of its base model");
        }
        this.model = model;
        this.tokenizerFolder = tokenizerFolder;
        this.baseModel = baseModel;
    }

    /** The underlying GPT-2. */
    public Gpt2 model() {
        return model;
    }

    @Override
    public Block block() {
        return model;
    }

    @Override
    public int maxPositions() {
        return model.config().nPositions();
    }

    @Override
    public void save(Path folder) {
        if (model.lora() != null) {
            LoraAdapter.save(model, folder, baseModel, tokenizerFolder);
        } else {
            Checkpoint.save(model, folder, tokenizerFolder);
        }
    }

    @Override
    public void restore(Path folder) {
        if (model.lora() != null) {
            LoraAdapter.restore(model, folder);
        } else {
            Checkpoint.restore(model, folder);
        }
    }
}
