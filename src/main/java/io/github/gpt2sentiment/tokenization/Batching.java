package io.github.gpt2sentiment.tokenization;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Which rows go into which batch. Each batch is an array of row indices into a tokenized dataset, ready for
 * {@link Batch#pad(long[][], int[], Padding)}.
 *
 * <p>Length bucketing puts reviews of similar length together, so dynamic padding wastes little: with IMDB's
 * lengths (median 217 tokens, 2% past 1,024) it removes most of the padding of random batches.
 *
 * <p>Usage: {@code for (int[] rows : Batching.lengthBucketed(lengths, 16, 42)) train(Batch.pad(ids, rows, Padding.RIGHT));}
 */
public final class Batching {

    /** How many batches form one bucket that is sorted by length (as {@code transformers}' length grouping does). */
    public static final int BATCHES_PER_BUCKET = 50;

    private Batching() {}

    /** Rows 0..n-1 in order, {@code batchSize} at a time (the last batch may be smaller). */
    public static List<int[]> sequential(int n, int batchSize) {
        int[] order = new int[n];
        Arrays.setAll(order, i -> i);
        return chunks(order, batchSize);
    }

    /** Rows 0..n-1 in an order fixed by {@code seed}, {@code batchSize} at a time. */
    public static List<int[]> shuffled(int n, int batchSize, long seed) {
        int[] order = permutation(n, new Random(seed));
        return chunks(order, batchSize);
    }

    /**
     * Batches of rows of similar length: the rows are shuffled by {@code seed}, cut into buckets of
     * {@link #BATCHES_PER_BUCKET} batches, each bucket sorted by length (longest first) and cut into batches, and
     * the batches are shuffled again. Every row appears exactly once.
     *
     * @param lengths each row's token count
     */
    public static List<int[]> lengthBucketed(int[] lengths, int batchSize, long seed) {
        Random random = new Random(seed);
        int[] order = permutation(lengths.length, random);
        int bucket = batchSize * BATCHES_PER_BUCKET;
        Integer[] boxed = new Integer[order.length];
        for (int i = 0; i < order.length; i++) {
            boxed[i] = order[i];
        }
        for (int from = 0; from < boxed.length; from += bucket) {
            Arrays.sort(boxed, from, Math.min(from + bucket, boxed.length),
                    (a, b) -> Integer.compare(lengths[b], lengths[a]));
        }
        for (int i = 0; i < order.length; i++) {
            order[i] = boxed[i];
        }
        List<int[]> batches = chunks(order, batchSize);
        Collections.shuffle(batches, random);
        return batches;
    }

    /**
     * A fixed order for inference: rows sorted by length, longest first (ties in row order), cut into batches of at
     * most {@code maxRows} rows and at most {@code maxTokens} padded tokens (one row at least). Sorting leaves little
     * padding, and the first batch is the heaviest, so running out of memory shows at once rather than at the end.
     *
     * <p>Usage: {@code for (int[] rows : Batching.byLength(lengths, 32, Integer.MAX_VALUE)) run(Batch.pad(ids, rows, Padding.LEFT));}
     *
     * @param lengths each row's padded size in tokens (a row may stand for several model rows: give their sum)
     */
    public static List<int[]> byLength(int[] lengths, int maxRows, int maxTokens) {
        if (maxRows < 1 || maxTokens < 1) {
            throw new IllegalArgumentException("batches need at least one row and one token, got " + maxRows
                    + " rows and " + maxTokens + " tokens");
        }
        Integer[] boxed = new Integer[lengths.length];
        Arrays.setAll(boxed, i -> i);
        Arrays.sort(boxed, (a, b) -> Integer.compare(lengths[b], lengths[a])); // stable: ties keep row order
        int[] order = new int[boxed.length];
        Arrays.setAll(order, i -> boxed[i]);
        List<int[]> batches = new ArrayList<>();
        for (int from = 0; from < order.length; ) {
            int rows = Math.min(maxRows, Math.max(1, maxTokens / Math.max(1, lengths[order[from]])));
            int to = Math.min(order.length, from + rows);
            batches.add(Arrays.copyOfRange(order, from, to));
            from = to;
        }
        return batches;
    }

    private static int[] permutation(int n, Random random) {
        int[] order = new int[n];
        Arrays.setAll(order, i -> i);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    private static List<int[]> chunks(int[] order, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        List<int[]> batches = new ArrayList<>();
        for (int from = 0; from < order.length; from += batchSize) {
            batches.add(Arrays.copyOfRange(order, from, Math.min(from + batchSize, order.length)));
        }
        return batches;
    }
}
