package io.github.gpt2sentiment.training;

/**
 * One tokenized, already truncated review and its label (1 positive, 0 negative).
 *
 * <p>Usage: {@code new Example(tokenizer.encode(text), 1)}
 *
 * @param ids   token ids, at most the run's max length
 * @param label the class index
 */
public record Example(long[] ids, int label) {

    public Example {
        if (ids.length == 0) {
            throw new IllegalArgumentException("An example needs at least one token");
        }
        if (label < 0) {
            throw new IllegalArgumentException("A label is a class index (0 or more), got " + label);
        }
    }

    /** Number of tokens. */
    public int length() {
        return ids.length;
    }
}
