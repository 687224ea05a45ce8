package io.github.gpt2sentiment.training;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.io.IOException;
import java.nio.file.Path;

/**
 * What the trainer needs from a model: the block it differentiates, and a way to write and re-read its weights in
 * the Hugging Face layout so checkpoints open in {@code transformers} too.
 *
 * <p>The block's {@code forward(parameterStore, NDList(inputIds int64 [B,T], attentionMask int64 [B,T]), training)}
 * returns {@code NDList(logits [B, numLabels])}; {@code training=true} turns dropout on. Its parameters are named as
 * in Hugging Face checkpoints ({@code h.0.attn.c_attn.weight}, {@code ln_f.bias}, {@code score.weight}).
 *
 * <p>Usage: {@code new Trainer(config, output).fit(model, train, validation, false)}
 */
public interface TrainableModel {

    /** The initialised block, parameters on the device to train on. */
    Block block();

    /** The longest sequence the model accepts ({@code n_positions}). */
    int maxPositions();

    /**
     * Writes a complete model folder ({@code config.json}, {@code model.safetensors}, ...) into {@code folder}, or
     * for LoRA a peft adapter folder ({@code adapter_config.json}, {@code adapter_model.safetensors}, ...).
     */
    void save(Path folder) throws IOException;

    /** Loads into this model's parameters the weights that {@link #save} wrote in {@code folder}. */
    void restore(Path folder) throws IOException;

    /**
     * How many weights training updates: those that require a gradient. Fewer for LoRA (adapters and head) than
     * for full fine-tuning (every weight).
     */
    default long trainableParameters() {
        long count = 0;
        for (Parameter p : block().getParameters().values()) {
            count += p.isInitialized() && p.requiresGradient() ? p.getShape().size() : 0;
        }
        return count;
    }

    /** What training minimises; the classifier's cross-entropy unless the model says otherwise. */
    default Objective objective() {
        return Objective.CLASSIFIER;
    }
}
