package io.github.gpt2sentiment.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Seeded, stratified subsets: the same seed gives the same reviews on every machine, and each subset keeps the
 * label balance of its source.
 *
 * <p>Usage: {@code var tv = Subsets.trainValidation(imdb.train(), 0.1, 42); var small = Subsets.stratified(tv.train(), 2000, 42);}
 */
public final class Subsets {

    private Subsets() {}

    /** Training reviews and the validation reviews held out from them (disjoint, both in their source order). */
    public record TrainValidation(List<Review> train, List<Review> validation) {
        public TrainValidation {
            train = List.copyOf(train);
            validation = List.copyOf(validation);
        }
    }

    /**
     * {@code n} reviews drawn without replacement, each label in proportion to its share of {@code reviews}
     * (rounded), chosen by {@code seed}; they keep their order in {@code reviews}.
     *
     * @throws IllegalArgumentException when {@code n} is negative or larger than {@code reviews}
     */
    public static List<Review> stratified(List<Review> reviews, int n, long seed) {
        if (n < 0 || n > reviews.size()) {
            throw new IllegalArgumentException("cannot draw " + n + " of " + reviews.size() + " reviews");
        }
        return split(reviews, n, seed).get(0);
    }

    /**
     * Holds out {@code validationFraction} of the training reviews as validation data, stratified by label and
     * chosen by {@code seed}.
     *
     * @throws IllegalArgumentException when the fraction is not in (0, 1) or a test review is passed: the test split
     *     is kept for the final evaluation only
     */
    public static TrainValidation trainValidation(List<Review> train, double validationFraction, long seed) {
        if (!(validationFraction > 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("validationFraction must be in (0, 1), got " + validationFraction);
        }
        for (Review r : train) {
            if (r.split() != Split.TRAIN) {
                throw new IllegalArgumentException("validation data is carved from the training split only; got a "
                        + r.split().label() + " review (id " + r.id() + ")");
            }
        }
        int n = (int) Math.round(train.size() * validationFraction);
        List<List<Review>> parts = split(train, n, seed);
        return new TrainValidation(parts.get(1), parts.get(0));
    }

    /** [the n chosen, the rest], each in source order. */
    private static List<List<Review>> split(List<Review> reviews, int n, long seed) {
        List<Integer> positives = new ArrayList<>();
        List<Integer> negatives = new ArrayList<>();
        for (int i = 0; i < reviews.size(); i++) {
            (reviews.get(i).positive() ? positives : negatives).add(i);
        }
        int fromPositives = reviews.isEmpty() ? 0
                : (int) Math.round((double) n * positives.size() / reviews.size());
        fromPositives = Math.min(fromPositives, positives.size());
        fromPositives = Math.max(fromPositives, n - negatives.size());
        Random random = new Random(seed);
        Collections.shuffle(positives, random);
        Collections.shuffle(negatives, random);
        boolean[] chosen = new boolean[reviews.size()];
        positives.subList(0, fromPositives).forEach(i -> chosen[i] = true);
        negatives.subList(0, n - fromPositives).forEach(i -> chosen[i] = true);
        List<Review> picked = new ArrayList<>(n);
        List<Review> rest = new ArrayList<>(reviews.size() - n);
        for (int i = 0; i < reviews.size(); i++) {
            (chosen[i] ? picked : rest).add(reviews.get(i));
        }
        return List.of(picked, rest);
    }
}
