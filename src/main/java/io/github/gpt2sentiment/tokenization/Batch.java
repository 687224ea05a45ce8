package io.github.gpt2sentiment.tokenization;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;

/**
 * A padded batch of token ids and its attention mask, as flat row-major arrays of {@code size x length}: row
 * {@code r}, column {@code c} is at {@code r * length + c}. Flat arrays become NDArrays in one copy
 * ({@link #toNDList}). Padding is {@code <|endoftext|>} (50256) with mask 0; real tokens have mask 1.
 *
 * <p>Usage: {@code Batch b = Batch.pad(ids, Padding.RIGHT); NDList x = b.toNDList(manager);}
 *
 * @param ids token ids, {@code size * length} of them
 * @param mask 1 for a real token, 0 for padding, in the same layout
 * @param size the number of sequences (rows)
 * @param length the padded length (columns): the longest sequence, unless a fixed length was asked for
 * @param lengths each row's number of real tokens
 * @param padding the side the padding is on
 */
public record Batch(long[] ids, long[] mask, int size, int length, int[] lengths, Padding padding) {

    public Batch {
        if (ids.length != (long) size * length || mask.length != ids.length || lengths.length != size) {
            throw new IllegalArgumentException("batch arrays do not match its shape " + size + " x " + length);
        }
    }

    /** Pads all sequences to the longest of them (dynamic padding). */
    public static Batch pad(long[][] sequences, Padding padding) {
        int[] rows = new int[sequences.length];
        Arrays.setAll(rows, i -> i);
        return pad(sequences, rows, padding);
    }

    /** Pads the sequences at {@code rows} (a batch drawn from a tokenized dataset) to the longest of them. */
    public static Batch pad(long[][] sequences, int[] rows, Padding padding) {
        int longest = 0;
        for (int row : rows) {
            longest = Math.max(longest, sequences[row].length);
        }
        return pad(sequences, rows, padding, longest);
    }

    /**
     * Pads the sequences at {@code rows} to exactly {@code length} tokens.
     *
     * @throws IllegalArgumentException when a sequence is longer than {@code length}: truncate first
     */
    public static Batch pad(long[][] sequences, int[] rows, Padding padding, int length) {
        int size = rows.length;
        long[] ids = new long[size * length];
        long[] mask = new long[size * length];
        int[] lengths = new int[size];
        Arrays.fill(ids, Gpt2Tokenizer.END_OF_TEXT);
        for (int r = 0; r < size; r++) {
            long[] seq = sequences[rows[r]];
            if (seq.length > length) {
                throw new IllegalArgumentException("sequence " + rows[r] + " has " + seq.length
                        + " tokens, more than the batch length " + length + "; truncate it first");
            }
            int start = r * length + (padding == Padding.LEFT ? length - seq.length : 0);
            System.arraycopy(seq, 0, ids, start, seq.length);
            Arrays.fill(mask, start, start + seq.length, 1L);
            lengths[r] = seq.length;
        }
        return new Batch(ids, mask, size, length, lengths, padding);
    }

    /**
     * This batch with {@code padId} in its padding instead of {@code <|endoftext|>}, for a model whose
     * {@code pad_token_id} is another token (or whose vocabulary has no {@code <|endoftext|>}).
     */
    public Batch withPadId(long padId) {
        long[] padded = ids.clone();
        for (int i = 0; i < padded.length; i++) {
            if (mask[i] == 0) {
                padded[i] = padId;
            }
        }
        return new Batch(padded, mask, size, length, lengths, padding);
    }

    /** The real tokens of row {@code r}, without padding. */
    public long[] row(int r) {
        int start = r * length + (padding == Padding.LEFT ? length - lengths[r] : 0);
        return Arrays.copyOfRange(ids, start, start + lengths[r]);
    }

    /** The column of row {@code r}'s last real token: where a classifier reads its score. */
    public int lastTokenIndex(int r) {
        if (lengths[r] == 0) {
            throw new IllegalStateException("row " + r + " has no tokens");
        }
        return padding == Padding.LEFT ? length - 1 : lengths[r] - 1;
    }

    /**
     * Position ids that start at 0 on each row's first real token, so a left-padded prompt sees the same positions
     * as an unpadded one (padding gets position 0; the mask hides it).
     */
    public long[] positionIds() {
        long[] positions = new long[ids.length];
        for (int r = 0; r < size; r++) {
            int offset = padding == Padding.LEFT ? length - lengths[r] : 0;
            for (int c = offset; c < offset + lengths[r]; c++) {
                positions[r * length + c] = c - offset;
            }
        }
        return positions;
    }

    /** The number of real (unmasked) tokens. */
    public long tokens() {
        long n = 0;
        for (int l : lengths) {
            n += l;
        }
        return n;
    }

    /** {@code [ids, mask]} as int64 NDArrays of shape {@code (size, length)}, attached to {@code manager}. */
    public NDList toNDList(NDManager manager) {
        Shape shape = new Shape(size, length);
        NDArray idArray = manager.create(ids, shape);
        NDArray maskArray = manager.create(mask, shape);
        return new NDList(idArray, maskArray);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Batch b && size == b.size && length == b.length && padding == b.padding
                && Arrays.equals(ids, b.ids) && Arrays.equals(mask, b.mask) && Arrays.equals(lengths, b.lengths);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(ids) + Arrays.hashCode(mask);
    }

    @Override
    public String toString() {
        return "Batch[" + size + " x " + length + ", " + padding + " padding, " + tokens() + " real tokens]";
    }
}
