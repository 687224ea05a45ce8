package io.github.gpt2sentiment.explain;

import io.github.gpt2sentiment.tables.Tables;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

/**
 * A handful of sentences written to probe a sentiment classifier where it is easy and where it is hard: plain
 * praise and criticism, negation, sarcasm, a mixed verdict. Notebook 02 scores them before fine-tuning, notebook 04
 * before and after, side by side.
 *
 * <p>Usage: {@code render(Html.table(HandWritten.table(Map.of("before", zeroShot))), "text/html")}
 */
public final class HandWritten {

    /**
     * One probe.
     *
     * @param kind what it tests, e.g. {@code negation}
     * @param text the sentence
     * @param expected the label a reader would give it: {@code positive}, {@code negative} or {@code mixed}
     */
    public record Sentence(String kind, String text, String expected) {}

    /** The shared list, in the order the tables show it. */
    public static final List<Sentence> SENTENCES = List.of(
            new Sentence("praise", "A wonderful film: moving, funny and beautifully acted.", "positive"),
            new Sentence("criticism", "A dull, badly written film. I want my two hours back.", "negative"),
            new Sentence("negation", "Not bad at all, I enjoyed every minute of it.", "positive"),
            new Sentence("negation", "I did not like it, and the ending was not good either.", "negative"),
            new Sentence("sarcasm", "Oh great, another masterpiece of boredom. Brilliant use of my evening.",
                    "negative"),
            new Sentence("mixed", "Great cast, awful script.", "mixed"));

    private HandWritten() {}

    /** The sentences' texts, in order. */
    public static List<String> texts() {
        return SENTENCES.stream().map(Sentence::text).toList();
    }

    /**
     * One row per sentence: its kind, text and expected label, then one p(positive) column per scorer (e.g.
     * {@code before}, {@code after}), in the map's order.
     */
    public static Table table(Map<String, TextScorer> scorers) {
        Map<String, double[]> scores = new LinkedHashMap<>();
        scorers.forEach((name, scorer) -> scores.put(name, scorer.pPositive(texts())));
        return table(scores, "Hand-written sentences: p(positive)");
    }

    /** {@link #table(Map)} from scores already computed, one array per column, in {@link #SENTENCES} order. */
    public static Table table(Map<String, double[]> pPositive, String caption) {
        Table table = Tables.of(caption, SENTENCES,
                Tables.text("kind", Sentence::kind),
                Tables.text("sentence", Sentence::text),
                Tables.text("a reader says", Sentence::expected));
        pPositive.forEach((name, p) -> {
            if (p.length != SENTENCES.size()) {
                throw new IllegalArgumentException(name + " has " + p.length + " scores for " + SENTENCES.size()
                        + " sentences");
            }
            DoubleColumn column = DoubleColumn.create("p(positive) " + name, p);
            column.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(3));
            table.addColumns(column);
        });
        return table;
    }
}
