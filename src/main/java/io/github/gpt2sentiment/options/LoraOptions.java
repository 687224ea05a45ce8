package io.github.gpt2sentiment.options;

import io.github.gpt2sentiment.model.LoraConfig;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * {@code --method full|lora} and the LoRA settings, with peft's names and defaults, as {@code train} and
 * {@code bench train} take them.
 *
 * <p>Usage: {@code @Mixin LoraOptions method;} then {@code LoraConfig lora = method.lora();} (null: full)
 */
public final class LoraOptions {

    @Option(names = "--method", paramLabel = "full|lora", defaultValue = "full",
            description = "full: every weight trains (default); lora: low-rank adapters and the head train, the base "
                    + "stays frozen; a trained model is then a peft adapter folder naming its base.")
    public String method;

    @Option(names = "--lora-r", paramLabel = "R", description = "LoRA rank (default: ${DEFAULT-VALUE}).")
    public int r = LoraConfig.defaults().r();

    @Option(names = "--lora-alpha", paramLabel = "A",
            description = "LoRA alpha: updates are scaled by alpha / r (default: ${DEFAULT-VALUE}).")
    public double alpha = LoraConfig.defaults().alpha();

    @Option(names = "--lora-dropout", paramLabel = "P",
            description = "Dropout on the adapters' input while training (default: ${DEFAULT-VALUE}).")
    public double dropout = LoraConfig.defaults().dropout();

    @Option(names = "--lora-targets", paramLabel = "M[,M...]", split = ",",
            description = "Modules to adapt, matched by name as peft does: c_attn, c_proj (attention and MLP "
                    + "output), c_fc (default: c_attn).")
    public List<String> targets = LoraConfig.defaults().targets();

    /** The LoRA settings for {@code --method lora}, null for full fine-tuning; a bad value throws. */
    public LoraConfig lora() {
        return switch (method.toLowerCase(Locale.ROOT)) {
            case "full" -> null;
            case "lora" -> new LoraConfig(r, alpha, dropout, targets);
            default -> throw new IllegalArgumentException("--method must be full or lora, got " + method);
        };
    }
}
