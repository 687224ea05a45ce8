package io.github.gpt2sentiment.model;

import java.math.BigDecimal;
import java.util.List;
import java.util.Set;

/**
 * The settings of LoRA (Hu et al. 2021, low-rank adapters) as {@code peft}'s {@code LoraConfig} names them: each
 * target Conv1D {@code x @ W + b} becomes {@code x @ W + b + dropout(x) @ A^T @ B^T * (alpha / r)}, with
 * {@code A [r, in]} and {@code B [out, r]} trained and {@code W}, {@code b} frozen.
 *
 * <p>Usage: {@code Gpt2 model = new Gpt2(config, Gpt2.Head.SEQUENCE_CLASSIFICATION, LoraConfig.defaults());}
 *
 * @param r the rank of the update
 * @param alpha {@code lora_alpha}: the update is scaled by {@code alpha / r}
 * @param dropout dropout on the adapter's input while training
 * @param targets module names matched as {@code peft} does, by the last part of the name: {@code c_attn},
 *     {@code c_proj} (the attention's and the MLP's output projections both), {@code c_fc}
 */
public record LoraConfig(int r, double alpha, double dropout, List<String> targets) {

    /** The module names GPT-2 has that LoRA can adapt. */
    public static final Set<String> MODULES = Set.of("c_attn", "c_proj", "c_fc");

    public LoraConfig {
        if (r < 1) {
            throw new IllegalArgumentException("LoRA rank r must be 1 or more, got " + r);
        }
        if (!(alpha > 0)) {
            throw new IllegalArgumentException("lora_alpha must be positive, got " + alpha);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("LoRA dropout must be in [0, 1), got " + dropout);
        }
        targets = List.copyOf(targets);
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("LoRA needs at least one target module (c_attn, c_proj, c_fc)");
        }
        for (String t : targets) {
            if (!MODULES.contains(t)) {
                throw new IllegalArgumentException("Unknown LoRA target module '" + t + "': expected c_attn, "
                        + "c_proj or c_fc");
            }
        }
    }

    /** r 8, alpha 16, dropout 0.05 on {@code c_attn}: the project's defaults. */
    public static LoraConfig defaults() {
        return new LoraConfig(8, 16, 0.05, List.of("c_attn"));
    }

    /** {@code alpha / r}, what the update is multiplied by. */
    public double scaling() {
        return alpha / r;
    }

    /**
     * The settings as a person reads them, numbers without trailing zeros.
     *
     * <p>Usage: {@code LoraConfig.defaults().summary() // "r 8, alpha 16, dropout 0.05 on c_attn"}
     */
    public String summary() {
        return "r " + r + ", alpha " + plain(alpha) + ", dropout " + plain(dropout) + " on "
                + String.join(", ", targets);
    }

    private static String plain(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    /** Whether a module such as {@code h.3.mlp.c_proj} is adapted: its last name part is a target. */
    public boolean targets(String module) {
        return targets.contains(module.substring(module.lastIndexOf('.') + 1));
    }
}
