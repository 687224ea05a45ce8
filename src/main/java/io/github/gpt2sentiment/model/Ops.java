package io.github.gpt2sentiment.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * The engine operations {@link Gpt2} is written with, what {@code torch.nn.functional} is to nanoGPT: thin calls
 * into DJL's PyTorch engine, and the memory scope each piece of a forward runs in.
 */
final class Ops {

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

    /** {@code x @ weight^T} for a torch-layout {@code [out, in]} weight without bias (the heads). */
    static NDArray linear(NDArray x, NDArray weight) {
        return x.getNDArrayInternal().linear(x, weight, null).singletonOrThrow();
    }

    static NDArray embedding(NDArray ids, NDArray table) {
        return ids.getNDArrayInternal().embedding(ids, table, SparseFormat.DENSE).singletonOrThrow();
    }

    /**
     * A constant to multiply by on the training path. {@code x.mul(0.5f)} would make DJL wrap the number in a Java
     * buffer that the garbage collector may free before backward, while autograd keeps that scalar to compute the
     * gradient: gradients then silently turn into garbage. A tensor from {@code full} is owned by PyTorch.
     */
    static NDArray scalar(NDArray like, float value) {
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
