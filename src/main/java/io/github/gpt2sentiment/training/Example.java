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

    /**
     * Tokenizes reviews (the tokenizer's native batch call) and truncates them. Each example is named like the
     * evaluation package's predictions files name reviews: {@code test/pos/123_9}.
     *
     * @throws IllegalArgumentException naming a review that has no tokens
     */
    public static List<Example> of(List<Review> reviews, Gpt2Tokenizer tokenizer, Truncation truncation) {
        long[][] ids = tokenizer.encodeAll(reviews.stream().map(Review::text).toArray(String[]::new));
        List<Example> examples = new ArrayList<>(reviews.size());
        for (int i = 0; i < reviews.size(); i++) {
            Review review = reviews.get(i);
            String id = review.split().label() + "/" + review.labelName() + "/" + review.id()
                    + (review.rating() == Review.NO_RATING ? "" : "_" + review.rating());
            examples.add(new Example(id, truncation.apply(ids[i]), review.label()));
        }
        return examples;
    }
}
