package io.github.gpt2sentiment.scoring;

import io.github.gpt2sentiment.data.Review;
import io.github.gpt2sentiment.model.Gpt2;
import io.github.gpt2sentiment.tokenization.Gpt2Tokenizer;
import java.util.ArrayList;
import java.util.List;

/**
 * What the zero-shot and the fine-tuned classifiers share: the vocabulary check, predictions of reviews.
 *
 * <p>Usage: {@code Scoring.predictions(reviews, classifier.score(Scoring.texts(reviews), n -> { }).pPositive())}
 */
public final class Scoring {

    private Scoring() {}

    /** Fails unless the model can take GPT-2 token ids, padding ({@code <|endoftext|>}) included. */
    static void requireGpt2Vocabulary(Gpt2 model) {
        int vocab = model.config().vocabSize();
        if (vocab <= Gpt2Tokenizer.END_OF_TEXT) {
            throw new IllegalArgumentException("the model's vocabulary has " + vocab + " tokens, fewer than GPT-2's "
                    + (Gpt2Tokenizer.END_OF_TEXT + 1) + ": it cannot read GPT-2's tokenizer output");
        }
    }

    /** Predictions of reviews from their p(positive), index by index. */
    public static List<Prediction> predictions(List<Review> reviews, double[] pPositive) {
        List<Prediction> predictions = new ArrayList<>(reviews.size());
        for (int i = 0; i < reviews.size(); i++) {
            predictions.add(new Prediction(reviews.get(i).key(), reviews.get(i).label(), pPositive[i]));
        }
        return predictions;
    }

    /** The texts of some reviews. */
    public static List<String> texts(List<Review> reviews) {
        return reviews.stream().map(Review::text).toList();
    }
}
