package io.github.gpt2sentiment.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;

/**
 * Keys and values of the tokens seen so far, per layer ({@code [B, heads, past, head size]}), so each generation
 * step of {@link Gpt2#nextTokenLogits} only runs the new tokens. Close it when done.
 *
 * <p>Usage: {@code try (KvCache cache = model.newCache()) { NDArray next = model.nextTokenLogits(ids, mask, cache); }}
 */
public final class KvCache implements AutoCloseable {
    private final NDArray[] keys;
    private final NDArray[] values;
    private long length;

    KvCache(int layers) {
        keys = new NDArray[layers];
        values = new NDArray[layers];
    }

    /** Number of tokens cached (including padding). */
    public long length() {
        return length;
    }

    /** Counts the tokens of a forward whose keys and values every layer has appended. */
    void advance(long tokens) {
        length += tokens;
    }

    /** Appends a layer's new keys and returns all of them. */
    NDArray appendKeys(int layer, NDArray k) {
        keys[layer] = append(keys[layer], k);
        return keys[layer];
    }

    /** Appends a layer's new values and returns all of them. */
    NDArray appendValues(int layer, NDArray v) {
        values[layer] = append(values[layer], v);
        return values[layer];
    }

    // The cache outlives the forward's scopes, so its arrays leave them.
    private static NDArray append(NDArray old, NDArray added) {
        NDArray all = old == null ? added.duplicate() : old.concat(added, 2);
        NDScope.unregister(all);
        if (old != null) {
            old.close();
        }
        return all;
    }

    @Override
    public void close() {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != null) {
                keys[i].close();
                values[i].close();
            }
        }
    }
}
