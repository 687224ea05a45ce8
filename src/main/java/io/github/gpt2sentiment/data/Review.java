package io.github.gpt2sentiment.data;

import java.util.Objects;

/**
 * One labelled movie review.
 *
 * <p>IMDB ids are unique within a split and label folder only ({@code train/pos/0_9.txt} and
 * {@code train/neg/0_3.txt} both have id 0), so the key of a review is (split, label, id). Reviews from a user's
 * file get their 1-based record number as id.
 *
 * <p>Usage: {@code if (review.positive()) ...}
 *
 * @param split the split it belongs to
 * @param id the IMDB id from the file name {@code <id>_<rating>.txt}, or the record number in a user's file
 * @param rating the IMDB star rating 1..10, or {@link #NO_RATING} when the source has none
 * @param label 1 for positive, 0 for negative
 * @param text the review, with {@code <br />} breaks turned into newlines unless that cleaning was switched off
 */
public record Review(Split split, int id, int rating, int label, String text) {

    /** The rating of reviews whose source gives none (a user's file). */
    public static final int NO_RATING = 0;

    public Review {
        Objects.requireNonNull(split, "split");
        Objects.requireNonNull(text, "text");
        if (label != 0 && label != 1) {
            throw new IllegalArgumentException("label must be 0 (negative) or 1 (positive), got " + label);
        }
        if (rating != NO_RATING && (rating < 1 || rating > 10)) {
            throw new IllegalArgumentException("rating must be 1..10 or NO_RATING (0), got " + rating);
        }
    }

    /** Whether the label is positive (1). */
    public boolean positive() {
        return label == 1;
    }

    /** {@code pos} or {@code neg}, the label's folder name in the IMDB layout. */
    public String labelName() {
        return label == 1 ? "pos" : "neg";
    }

    /** The text on one line, cut to at most {@code maxChars} characters ending in {@code ...}: for tables. */
    public String preview(int maxChars) {
        String line = text.replace('\n', ' ');
        return line.length() <= maxChars ? line : line.substring(0, maxChars - 3) + "...";
    }

    /**
     * The review's name in predictions files and training examples: its IMDB path without {@code .txt},
     * {@code test/pos/123_9}, unique because IMDB ids are unique within a split and label; reviews without a rating
     * leave out {@code _rating}.
     */
    public String key() {
        return split.label() + "/" + labelName() + "/" + id + (rating == NO_RATING ? "" : "_" + rating);
    }
}
