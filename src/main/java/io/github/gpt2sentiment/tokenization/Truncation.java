package io.github.gpt2sentiment.tokenization;

import java.util.Arrays;

/**
 * Which tokens of a long text to keep: the first {@code head} and the last {@code tail}. {@link #head(int)} keeps
 * the beginning (what {@code transformers} does), {@link #tail(int)} the end, and {@link #headTail(int, int)} both,
 * which suits reviews: they open with the plot and close with the verdict.
 *
 * <p>Usage: {@code long[] ids = Truncation.headTail(128, 382).apply(tokenizer.encode(text));}
 *
 * @param head how many tokens to keep from the start
 * @param tail how many tokens to keep from the end
 */
public record Truncation(int head, int tail) {

    public Truncation {
        if (head < 0 || tail < 0 || head + tail < 1 || head + tail > Gpt2Tokenizer.MAX_LENGTH) {
            throw new IllegalArgumentException("truncation must keep between 1 and " + Gpt2Tokenizer.MAX_LENGTH
                    + " tokens in all (GPT-2's context); got head " + head + " and tail " + tail);
        }
    }

    /** Keep the first {@code maxLength} tokens. */
    public static Truncation head(int maxLength) {
        return new Truncation(maxLength, 0);
    }

    /** Keep the last {@code maxLength} tokens. */
    public static Truncation tail(int maxLength) {
        return new Truncation(0, maxLength);
    }

    /** Keep the first {@code first} and the last {@code last} tokens of texts longer than both together. */
    public static Truncation headTail(int first, int last) {
        return new Truncation(first, last);
    }

    /** The longest sequence this truncation lets through. */
    public int maxLength() {
        return head + tail;
    }

    /** The ids kept; {@code ids} itself when it is short enough. */
    public long[] apply(long[] ids) {
        int max = maxLength();
        if (ids.length <= max) {
            return ids;
        }
        long[] kept = Arrays.copyOf(ids, max);
        System.arraycopy(ids, ids.length - tail, kept, head, tail);
        return kept;
    }
}
