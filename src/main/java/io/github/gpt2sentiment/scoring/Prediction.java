package io.github.gpt2sentiment.scoring;

import java.util.Objects;

/**
 * One classified review: its id, its true label (1 positive, 0 negative) and the model's probability that it is
 * positive. The predicted label follows from the probability, so a results file can never disagree with itself.
 *
 * <p>Usage: {@code new Prediction("test/pos/123_9", 1, 0.87).predicted() == 1}
 */
public record Prediction(String id, int label, double pPositive) {

    /** Predicted positive iff p(positive) is above this; a tie goes to negative, like argmax over (neg, pos). */
    public static final double THRESHOLD = 0.5;

    public Prediction {
        Objects.requireNonNull(id, "id");
        if (label != 0 && label != 1) {
            throw new IllegalArgumentException("review " + id + ": label must be 0 or 1, got " + label);
        }
        if (!(pPositive >= 0.0 && pPositive <= 1.0)) {
            throw new IllegalArgumentException(
                    "review " + id + ": p(positive) must be a probability in [0, 1], got " + pPositive);
        }
    }

    /** The predicted label: 1 iff {@code pPositive > THRESHOLD}. */
    public int predicted() {
        return predictedLabel(pPositive);
    }

    /** The label the rule predicts for a probability of positive. */
    public static int predictedLabel(double pPositive) {
        return pPositive > THRESHOLD ? 1 : 0;
    }
}
