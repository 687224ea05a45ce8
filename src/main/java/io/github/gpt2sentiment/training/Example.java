package io.github.gpt2sentiment.training;

/**
 * One tokenized, already truncated review and its label (1 positive, 0 negative).
 *
 * <p>Usage: {@code new Example("train/pos/12", tokenizer.encode(text), 1)}
 *
 * @param id    the review's id, unique within its split (it names the review in per-review predictions)
 * @param ids   token ids, at most the run's max length
 * @param label the class index
 */
public record Example(String id, long[] ids, int label) {

    public Example {
        if (ids.length == 0) {
            throw new IllegalArgumentException("Review " + id + " has no tokens");
        }
        if (label < 0) {
            throw new IllegalArgumentException("A label is a class index (0 or more), got " + label + " for " + id);
        }
    }

    /** Number of tokens. */
    public int length() {
        return ids.length;
    }
}
