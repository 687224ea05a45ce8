package io.github.gpt2sentiment.explain;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Word attributions by occlusion: a word's weight is how much p(positive) drops when that one word is removed,
 * {@code weight = p(text) - p(text without the word)}. A positive weight means the word pushed towards positive.
 * Chosen over gradient x input because it needs nothing from the model but its scores (so the zero-shot prompt
 * and the fine-tuned classifier are explained the same way), and a weight means exactly what it says.
 *
 * <p>Cost: one forward per scored word plus one, all in one call to the scorer (which batches them). Only the
 * first {@code maxWords} words are scored; every word is at least one token, so {@code maxWords} equal to the
 * model's maximum length covers every word the model reads (words after the cut score 0, as they must).
 *
 * <p>Usage: {@code Attribution a = Occlusion.explain(review.text(), scorer, profile.maxLength());}
 */
public final class Occlusion {

    private static final Pattern WORD = Pattern.compile("\\S+");

    private Occlusion() {}

    /**
     * Weights of the first {@code maxWords} words of {@code text}; later words get {@code NaN} (not scored).
     *
     * @throws IllegalArgumentException for a text without words or {@code maxWords < 1}
     */
    public static Attribution explain(String text, TextScorer scorer, int maxWords) {
        if (maxWords < 1) {
            throw new IllegalArgumentException("maxWords must be at least 1, got " + maxWords);
        }
        List<int[]> spans = words(text);
        if (spans.isEmpty()) {
            throw new IllegalArgumentException("nothing to explain: the text has no words");
        }
        int scored = Math.min(maxWords, spans.size());
        List<String> texts = new ArrayList<>(scored + 1);
        texts.add(text);
        for (int i = 0; i < scored; i++) {
            texts.add(without(text, spans, i));
        }
        double[] p = scorer.pPositive(texts);
        if (p.length != texts.size()) {
            throw new IllegalStateException("the scorer returned " + p.length + " scores for " + texts.size()
                    + " texts");
        }
        List<Attribution.Word> words = new ArrayList<>(spans.size());
        for (int i = 0; i < spans.size(); i++) {
            int[] s = spans.get(i);
            words.add(new Attribution.Word(s[0], s[1], text.substring(s[0], s[1]),
                    i < scored ? p[0] - p[i + 1] : Double.NaN));
        }
        return new Attribution(text, p[0], words);
    }

    /** The {@code [start, end)} of every blank-separated word. */
    static List<int[]> words(String text) {
        List<int[]> spans = new ArrayList<>();
        Matcher m = WORD.matcher(text);
        while (m.find()) {
            spans.add(new int[] {m.start(), m.end()});
        }
        return spans;
    }

    /**
     * The text without word {@code i} and the blanks before it (after it, for the first word), so the words around
     * it keep their own tokens: GPT-2 attaches a leading space to a word's token.
     */
    static String without(String text, List<int[]> spans, int i) {
        int from = i == 0 ? spans.get(0)[0] : spans.get(i - 1)[1];
        int to = i == 0 ? (spans.size() > 1 ? spans.get(1)[0] : spans.get(0)[1]) : spans.get(i)[1];
        return text.substring(0, from) + text.substring(to);
    }
}
