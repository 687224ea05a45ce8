package io.github.gpt2sentiment.tokenization;

import java.util.Arrays;
import java.util.List;

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

    /** The truncations {@link #parse} understands by name. */
    public static final List<String> NAMES = List.of("head", "tail", "head+tail");

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

    /**
     * A truncation by name: {@code head}, {@code tail}, or {@code head+tail} (a quarter of the tokens from the
     * start, the rest from the end).
     *
     * <p>Usage: {@code Truncation cut = Truncation.parse("head+tail", 256); // head 64, tail 192}
     */
    public static Truncation parse(String name, int maxLength) {
        return switch (name) {
            case "head" -> head(maxLength);
            case "tail" -> tail(maxLength);
            case "head+tail" -> headTail(maxLength / 4, maxLength - maxLength / 4);
            default -> throw new IllegalArgumentException("--truncation must be head, tail or head+tail, got " + name);
        };
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
