package io.github.gpt2sentiment.explain;

import java.util.List;
import java.util.Objects;

/**
 * How much each word of a text pushed a classifier's p(positive) up (positive weight) or down (negative weight).
 *
 * <p>Usage: {@code for (Attribution.Word w : a.words()) System.out.println(w.text() + " " + w.weight());}
 *
 * @param text the whole text
 * @param pPositive the classifier's p(positive) of the whole text
 * @param words every blank-separated word of the text, in order
 */
public record Attribution(String text, double pPositive, List<Word> words) {

    /**
     * One word.
     *
     * @param start its first character in the text
     * @param end one past its last character
     * @param text the word as it stands in the text (punctuation attached)
     * @param weight its attribution; {@code NaN} for a word that was not scored
     */
    public record Word(int start, int end, String text, double weight) {

        /** Whether this word got a weight. */
        public boolean scored() {
            return !Double.isNaN(weight);
        }
    }

    public Attribution {
        Objects.requireNonNull(text, "text");
        words = List.copyOf(words);
    }

    /** The largest absolute weight (0 when none is scored): the scale of a colour legend. */
    public double maxAbsWeight() {
        return words.stream().filter(Word::scored).mapToDouble(w -> Math.abs(w.weight())).max().orElse(0);
    }

    /** The scored words, strongest first by absolute weight. */
    public List<Word> strongest(int n) {
        return words.stream().filter(Word::scored)
                .sorted((a, b) -> Double.compare(Math.abs(b.weight()), Math.abs(a.weight()))).limit(n).toList();
    }
}
