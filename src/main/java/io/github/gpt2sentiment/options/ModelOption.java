package io.github.gpt2sentiment.options;

import picocli.CommandLine.Option;

/**
 * {@code --model}, as every command that loads a model takes it: a hub id or a model folder.
 *
 * <p>Usage: {@code @Mixin ModelOption model;} then {@code ModelSource.resolve(model.id)}
 */
public final class ModelOption {

    @Option(names = "--model", required = true, paramLabel = "ID|DIR",
            description = "Hub id (gpt2, openai-community/gpt2, distilgpt2, a fine-tuned repo) or a model folder "
                    + "(config.json, model.safetensors, tokenizer.json).")
    public String id;
}
