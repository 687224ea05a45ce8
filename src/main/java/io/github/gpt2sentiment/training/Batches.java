package io.github.gpt2sentiment.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.github.gpt2sentiment.tokenization.Batch;
import io.github.gpt2sentiment.tokenization.Batching;
import io.github.gpt2sentiment.tokenization.Padding;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Batches of examples: which examples go together (length-bucketed for training; evaluation sorts them with
 * {@link Batching#byLength}) and
 * the padded tensors of one batch.
 *
 * <p>Usage: {@code List<int[]> order = Batches.bucketed(examples, 8, seed);}
 */
public final class Batches {

    private Batches() {}

    /**
     * A random order in which each batch holds reviews of similar length ({@link Batching#lengthBucketed}, as
     * transformers' {@code group_by_length}), so padding wastes little compute while the order stays random.
     */
    public static List<int[]> bucketed(List<Example> examples, int batchSize, long seed) {
        return Batching.lengthBucketed(lengths(examples), batchSize, seed);
    }

    /**
     * The model inputs for the examples at {@code rows}: ids and attention mask right-padded with
     * {@code <|endoftext|>} to the longest of them, both int64 {@code [B, T]}, and the labels int64 {@code [B]}.
     */
    public static Tensors tensors(NDManager manager, List<Example> examples, int[] rows) {
        long[][] ids = new long[rows.length][];
        long[] labels = new long[rows.length];
        for (int r = 0; r < rows.length; r++) {
            ids[r] = examples.get(rows[r]).ids();
            labels[r] = examples.get(rows[r]).label();
        }
        Batch batch = Batch.pad(ids, Padding.RIGHT);
        List<Example> members = new ArrayList<>(rows.length);
        for (int row : rows) {
            members.add(examples.get(row));
        }
        return new Tensors(batch.toNDList(manager), manager.create(labels), batch.tokens(),
                (long) batch.size() * batch.length(), members);
    }

    static int[] lengths(List<Example> examples) {
        return examples.stream().mapToInt(Example::length).toArray();
    }

    /**
     * One batch on the device.
     *
     * @param inputs       input ids and attention mask, as the model takes them
     * @param labels       the class of each row
     * @param tokens       real (unpadded) tokens in the batch
     * @param paddedTokens rows times width, what the model computes over
     * @param examples     the batch's examples, row by row
     */
    public record Tensors(NDList inputs, NDArray labels, long tokens, long paddedTokens, List<Example> examples) {

        /** The padded width {@code T}. */
        public int width() {
            return (int) inputs.get(0).getShape().get(1);
        }
    }
}
