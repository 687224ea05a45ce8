package io.github.gpt2sentiment.data;

import java.util.Arrays;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What one split holds: counts per label and rating, and lengths in characters (Unicode code points), words
 * (runs of non-blank characters, as Python's {@code str.split()}) and GPT-2 tokens.
 *
 * @param split {@code train} or {@code test}
 * @param reviews how many reviews
 * @param positive how many are labelled positive
 * @param negative how many are labelled negative
 * @param ratings how many reviews have each star rating (1..10; 0 counts reviews without one)
 * @param chars lengths in characters
 * @param words lengths in words
 * @param tokens lengths in GPT-2 tokens
 * @param cutShare for each cut-off in {@link DataReport#CUT_OFFS}, the share of reviews longer than it in tokens
 * @param tokenLengths each review's token count, in the split's order (for histograms)
 */
public record SplitSummary(String split, int reviews, int positive, int negative, SortedMap<Integer, Integer> ratings,
        LengthStats chars, LengthStats words, LengthStats tokens, SortedMap<Integer, Double> cutShare,
        int[] tokenLengths) {

    public SplitSummary {
        ratings = Collections.unmodifiableSortedMap(new TreeMap<>(ratings));
        cutShare = Collections.unmodifiableSortedMap(new TreeMap<>(cutShare));
        tokenLengths = tokenLengths.clone();
    }

    /** Each review's token count (a copy). */
    @Override
    public int[] tokenLengths() {
        return tokenLengths.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SplitSummary s && split.equals(s.split) && reviews == s.reviews
                && positive == s.positive && negative == s.negative && ratings.equals(s.ratings)
                && chars.equals(s.chars) && words.equals(s.words) && tokens.equals(s.tokens)
                && cutShare.equals(s.cutShare) && Arrays.equals(tokenLengths, s.tokenLengths);
    }

    @Override
    public int hashCode() {
        return split.hashCode() * 31 + Arrays.hashCode(tokenLengths);
    }

    @Override
    public String toString() {
        return "SplitSummary[" + split + ": " + reviews + " reviews, " + positive + " positive, tokens " + tokens + "]";
    }
}
