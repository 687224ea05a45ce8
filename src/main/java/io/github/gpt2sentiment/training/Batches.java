package io.github.gpt2sentiment.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Turns examples into padded batches. Training batches are length-bucketed as in transformers'
 * {@code group_by_length}: shuffle, cut into "mega-batches" of 50 batches, sort each by length and slice it, then
 * shuffle the batches, so every batch holds reviews of similar length and padding wastes little compute while the
 * order stays random.
 *
 * <p>Usage: {@code List<int[]> order = Batches.bucketed(examples, 8, new Random(seed));}
 */
public final class Batches {

    /** How many batches are sorted together: large enough to group lengths, small enough to stay random. */
    static final int MEGA_BATCH = 50;

    private Batches() {}

    /** A random, length-bucketed order: each entry is the example indices of one batch. */
    public static List<int[]> bucketed(List<Example> examples, int batchSize, Random random) {
        List<Integer> indices = new ArrayList<>(examples.size());
        for (int i = 0; i < examples.size(); i++) {
            indices.add(i);
        }
        Collections.shuffle(indices, random);
        List<int[]> batches = new ArrayList<>();
        Comparator<Integer> longestFirst = Comparator.comparingInt(i -> -examples.get(i).length());
        for (int start = 0; start < indices.size(); start += MEGA_BATCH * batchSize) {
            List<Integer> mega = new ArrayList<>(
                    indices.subList(start, Math.min(indices.size(), start + MEGA_BATCH * batchSize)));
            mega.sort(longestFirst);
            for (int b = 0; b < mega.size(); b += batchSize) {
                batches.add(mega.subList(b, Math.min(mega.size(), b + batchSize)).stream()
                        .mapToInt(Integer::intValue).toArray());
            }
        }
        Collections.shuffle(batches, random);
        return batches;
    }

    /** A fixed order sorted by length, for evaluation, where order does not matter and padding does. */
    public static List<int[]> sorted(List<Example> examples, int batchSize) {
        Integer[] indices = new Integer[examples.size()];
        for (int i = 0; i < indices.length; i++) {
            indices[i] = i;
        }
        Arrays.sort(indices, Comparator.comparingInt(i -> -examples.get(i).length()));
        List<int[]> batches = new ArrayList<>();
        for (int b = 0; b < indices.length; b += batchSize) {
            batches.add(Arrays.stream(indices, b, Math.min(indices.length, b + batchSize))
                    .mapToInt(Integer::intValue).toArray());
        }
        return batches;
    }

    /**
     * The model inputs for one batch, right-padded with {@code padId} to its longest example: input ids and
     * attention mask, both int64 {@code [B, T]}, plus the labels int64 {@code [B]}.
     */
    public static Batch tensors(NDManager manager, List<Example> examples, int[] batch, long padId) {
        int width = 0;
        int tokens = 0;
        for (int i : batch) {
            width = Math.max(width, examples.get(i).length());
            tokens += examples.get(i).length();
        }
        long[] ids = new long[batch.length * width];
        long[] mask = new long[batch.length * width];
        long[] labels = new long[batch.length];
        Arrays.fill(ids, padId);
        for (int row = 0; row < batch.length; row++) {
            Example example = examples.get(batch[row]);
            System.arraycopy(example.ids(), 0, ids, row * width, example.length());
            Arrays.fill(mask, row * width, row * width + example.length(), 1L);
            labels[row] = example.label();
        }
        Shape shape = new Shape(batch.length, width);
        NDList inputs = new NDList(manager.create(ids, shape), manager.create(mask, shape));
        return new Batch(inputs, manager.create(labels), tokens, batch.length * width);
    }

    /**
     * One batch on the device.
     *
     * @param inputs       input ids and attention mask, as the model takes them
     * @param labels       the class of each row
     * @param tokens       real (unpadded) tokens in the batch
     * @param paddedTokens rows times width, what the model computes over
     */
    public record Batch(NDList inputs, NDArray labels, int tokens, int paddedTokens) {}
}
