package io.github.gpt2sentiment.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import java.util.Arrays;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The engine operations {@link Gpt2} is written with, what {@code torch.nn.functional} is to nanoGPT: thin calls
 * into DJL's PyTorch engine, and the memory scope each piece of a forward runs in.
 */
public final class Ops {

    // 2 * sqrt(2 / pi): gelu_new's 0.5 * (1 + tanh(z)) equals sigmoid(2z), which needs fewer ops.
    private static final float GELU_A = 1.5957691216057308f;
    private static final float GELU_B = GELU_A * 0.044715f;

    private Ops() {}

    /**
     * Runs {@code work} in its own {@link NDScope}: every intermediate array it makes is closed on return, all but
     * the result, which the caller then owns. This keeps memory flat across blocks in long forwards.
     */
    static NDArray scoped(Supplier<NDArray> work) {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray result = work.get();
            NDScope.unregister(result);
            return result;
        }
    }

    /**
     * Runs {@code work} on {@code input} as {@link #scoped} does, then closes {@code input}: each stage of a forward
     * (a block, a norm, a head) replaces the one before, so only one stage's output is alive between them.
     */
    static NDArray replace(NDArray input, UnaryOperator<NDArray> work) {
        NDArray result = scoped(() -> work.apply(input));
        input.close();
        return result;
    }

    /**
     * A constant to compute with on the training path, shaped {@code []} and typed like {@code like}.
     * {@code x.mul(0.5f)} would make DJL wrap the number in a Java buffer that the garbage collector may free before
     * backward, while autograd keeps that scalar to compute the gradient: gradients then silently turn into garbage.
     * A tensor from {@code full} is owned by PyTorch.
     *
     * <p>Usage: {@code loss.mul(Ops.scalar(loss, 1f / steps))}
     */
    public static NDArray scalar(NDArray like, float value) {
        return like.getManager().full(new Shape(), value, like.getDataType());
    }

    /**
     * Whether autograd records the ops now (inside a gradient collector). DJL cannot tell for a derived array, so
     * ask libtorch's grad mode; on another engine assume it does.
     */
    static boolean recordingGradients() {
        return !"PyTorch".equals(ai.djl.engine.Engine.getInstance().getEngineName())
                || ai.djl.pytorch.jni.JniUtils.isGradMode();
    }

    static NDArray embedding(NDArray ids, NDArray table) {
        return ids.getNDArrayInternal().embedding(ids, table, SparseFormat.DENSE).singletonOrThrow();
    }

    /** {@code x @ weight^T} for a torch-layout {@code [out, in]} weight without bias (the heads, LoRA). */
    static NDArray linear(NDArray x, NDArray weight) {
        return x.getNDArrayInternal().linear(x, weight, null).singletonOrThrow();
    }

    /**
     * GPT-2's Conv1D: {@code x @ weight + bias} with {@code weight [in, out]}, as one fused addmm. The engine's
     * linear wants {@code [out, in]}: a transposed view lets it multiply by the stored layout as is. It fuses the
     * bias only for 2-D inputs, hence the flattening of {@code [B, T, in]} to {@code [B*T, in]}.
     */
    static NDArray conv1d(NDArray x, NDArray weight, NDArray bias) {
        Shape shape = x.getShape();
        NDArray flat = x.reshape(-1, shape.get(shape.dimension() - 1));
        NDArray y = x.getNDArrayInternal().linear(flat, weight.transpose(), bias).singletonOrThrow();
        long[] out = shape.getShape().clone();
        out[out.length - 1] = weight.getShape().get(1);
        return y.reshape(out);
    }

    /** Layer norm over the last axis, whose size is {@code weight}'s. */
    static NDArray layerNorm(NDArray x, NDArray weight, NDArray bias, float epsilon) {
        return x.getNDArrayInternal().layerNorm(x, weight.getShape(), weight, bias, epsilon).singletonOrThrow();
    }

    /** The exact gelu, {@code x * Phi(x)}. */
    static NDArray gelu(NDArray x) {
        return x.getNDArrayInternal().gelu();
    }

    /** gelu_new (the tanh approximation) as {@code x * sigmoid(2 sqrt(2/pi) (x + 0.044715 x^3))}. */
    static NDArray geluNew(NDArray x) {
        // In-place steps save allocating [B, T, 4C] buffers; while gradients are being recorded only those on
        // temporaries autograd does not keep are allowed.
        boolean tracked = recordingGradients();
        NDArray z = x.square().muli(scalar(x, GELU_B)).addi(GELU_A);
        z = tracked ? z.mul(x) : z.muli(x);
        NDArray s = z.getNDArrayInternal().sigmoid();
        return tracked ? s.mul(x) : s.muli(x);
    }

    static NDArray dropout(NDArray x, float rate, boolean training) {
        return training && rate > 0 ? x.getNDArrayInternal().dropout(x, rate, true).singletonOrThrow() : x;
    }

    /**
     * Along {@code axis}, each row's entry at {@code index[row]}: {@code a [B, .., T, ..]} and {@code index [B]} give
     * {@code [B, .., 1, ..]}.
     */
    static NDArray pick(NDArray a, NDArray index, int axis) {
        long[] shape = a.getShape().getShape().clone();
        shape[axis] = 1;
        long[] column = new long[shape.length];
        Arrays.fill(column, 1);
        column[0] = shape[0];
        return a.gather(index.reshape(new Shape(column)).broadcast(new Shape(shape)), axis);
    }
}
