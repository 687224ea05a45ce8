package io.github.gpt2sentiment.training;

import io.github.gpt2sentiment.data.Review;
import io.github.gpt2sentiment.tokenization.Gpt2Tokenizer;
import io.github.gpt2sentiment.tokenization.Truncation;
import java.util.ArrayList;
import java.util.List;

/**
 * One tokenized, already truncated review and its label (1 positive, 0 negative).
 *
 * <p>Usage: {@code new Example("train/pos/12", tokenizer.encode(text), 1)}
 *
 * @param id           the review's id, unique within its split (it names the review in per-review predictions)
 * @param ids          token ids, at most the run's max length
 * @param label        the class index
 * @param answerTokens for language-model training, how many final tokens are the answer (the verbalizer) that the
 *                     loss is computed on; 0 for a classifier
 */
public record Example(String id, long[] ids, int label, int answerTokens) {

    public Example {
        if (ids.length == 0) {
            throw new IllegalArgumentException("Review " + id + " has no tokens");
        }
        if (label < 0) {
            throw new IllegalArgumentException("A label is a class index (0 or more), got " + label + " for " + id);
        }
        if (answerTokens < 0 || answerTokens >= ids.length) {
            throw new IllegalArgumentException("Review " + id + ": " + answerTokens + " answer tokens do not fit in "
                    + ids.length + " tokens with a prompt before them");
        }
    }

    /** A classifier's example: the whole sequence is the input. */
    public Example(String id, long[] ids, int label) {
        this(id, ids, label, 0);
    }

    /** Number of tokens. */
    public int length() {
        return ids.length;
    }

    /**
     * Tokenizes reviews (the tokenizer's native batch call) and truncates them. Each example is named like the
     * predictions files name reviews ({@link Review#key()}).
     *
     * @throws IllegalArgumentException naming a review that has no tokens
     */
    public static List<Example> of(List<Review> reviews, Gpt2Tokenizer tokenizer, Truncation truncation) {
        long[][] ids = tokenizer.encodeAll(reviews.stream().map(Review::text).toArray(String[]::new));
        List<Example> examples = new ArrayList<>(reviews.size());
        for (int i = 0; i < reviews.size(); i++) {
            Review review = reviews.get(i);
            examples.add(new Example(review.key(), truncation.apply(ids[i]), review.label()));
        }
        return examples;
    }
}
