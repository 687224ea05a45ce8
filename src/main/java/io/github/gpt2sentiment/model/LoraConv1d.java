package io.github.gpt2sentiment.model;

import static io.github.gpt2sentiment.model.Ops.dropout;
import static io.github.gpt2sentiment.model.Ops.linear;
import static io.github.gpt2sentiment.model.Ops.scalar;

import ai.djl.ndarray.NDArray;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.UniformInitializer;

/**
 * LoRA on one of GPT-2's Conv1D layers, as {@code peft}'s {@code lora.Linear} with {@code fan_in_fan_out}: the
 * frozen {@code x @ W + b} plus {@code dropout(x) @ A^T @ B^T * alpha / r}. {@link Gpt2} declares {@code A [r, in]}
 * and {@code B [out, r]} beside the module's own weights ({@code MODULE.lora_A.weight}, {@code MODULE.lora_B.weight})
 * and adds {@link #update} to the module's output.
 */
final class LoraConv1d {

    private LoraConv1d() {}

    /** Whether a parameter name is an adapter's ({@code MODULE.lora_A.weight}, {@code MODULE.lora_B.weight}). */
    static boolean isAdapter(String name) {
        return name.contains(".lora_A.") || name.contains(".lora_B.");
    }

    /**
     * How {@code A} starts: {@code peft}'s {@code kaiming_uniform_(A, a=sqrt(5))}, uniform in
     * {@code +-1/sqrt(in)}. {@code B} starts at zero, so a new adapter leaves the model as it was.
     */
    static Initializer initializerA(long in) {
        return new UniformInitializer((float) (1 / Math.sqrt(in)));
    }

    /**
     * {@code dropout(x) @ A^T @ B^T * alpha / r}: {@code x [.., in]} to {@code [.., out]} through the rank-r
     * bottleneck, the product {@code B A} never formed.
     */
    static NDArray update(NDArray x, NDArray a, NDArray b, LoraConfig lora, boolean training) {
        NDArray low = linear(dropout(x, (float) lora.dropout(), training), a);
        NDArray delta = linear(low, b);
        return delta.mul(scalar(delta, (float) lora.scaling()));
    }
}
