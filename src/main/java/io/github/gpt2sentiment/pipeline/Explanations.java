package io.github.gpt2sentiment.pipeline;

import io.github.gpt2sentiment.data.Review;
import io.github.gpt2sentiment.explain.Attribution;
import io.github.gpt2sentiment.explain.Occlusion;
import io.github.gpt2sentiment.report.AttributionHtml;
import io.github.gpt2sentiment.report.Html;
import io.github.gpt2sentiment.scoring.Prediction;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Why the classifier decided, for a few test reviews: the ones the fine-tuned classifier got right with the most
 * confidence and its most confident mistakes, each with word attributions ({@link Occlusion}) before and after
 * fine-tuning. Notebook 04 and the run's report show the same.
 *
 * <p>Only the part of a review that both classifiers read is explained: occluding a word of a review longer than
 * that would pull the next unread token in at the end, and the fine-tuned classifier reads the last token, so
 * every word would seem to matter through a token it never saw.
 *
 * <p>Usage:
 * <pre>{@code
 * List<Explanations.Explained> picked = Explanations.of(data.test(), afterPredictions, before, after, 2, 2);
 * render(Explanations.html(picked), "text/html")
 * }</pre>
 */
public final class Explanations {

    private Explanations() {}

    /**
     * One review, explained.
     *
     * @param review the test review
     * @param why why it was picked, e.g. {@code most confident mistake}
     * @param cut whether the classifiers read only the beginning of the review (the part explained)
     * @param before the zero-shot classifier's attributions
     * @param after the fine-tuned classifier's attributions
     */
    public record Explained(Review review, String why, boolean cut, Attribution before, Attribution after) {}

    /**
     * Indices of the {@code correct} most confident right predictions, then the {@code wrong} most confident wrong
     * ones (fewer when there are fewer), confidence being the distance of p(positive) from 0.5.
     */
    public static List<Integer> pick(List<Prediction> predictions, int correct, int wrong) {
        Comparator<Integer> confident = Comparator.comparingDouble(i -> -Math.abs(predictions.get(i).pPositive()
                - 0.5));
        List<Integer> picked = new ArrayList<>();
        IntStream.range(0, predictions.size()).boxed()
                .filter(i -> predictions.get(i).predicted() == predictions.get(i).label())
                .sorted(confident).limit(correct).forEach(picked::add);
        IntStream.range(0, predictions.size()).boxed()
                .filter(i -> predictions.get(i).predicted() != predictions.get(i).label())
                .sorted(confident).limit(wrong).forEach(picked::add);
        return picked;
    }

    /**
     * Picks reviews by the fine-tuned run's predictions and explains each with both classifiers, every word of the
     * part both read.
     *
     * @param reviews the test reviews, in the order of {@code afterPredictions} (as the run scored them)
     * @throws IllegalArgumentException when the reviews and predictions do not match
     */
    public static List<Explained> of(List<Review> reviews, List<Prediction> afterPredictions, OpenClassifier before,
            OpenClassifier after, int correct, int wrong) {
        if (reviews.size() != afterPredictions.size()) {
            throw new IllegalArgumentException(reviews.size() + " reviews but " + afterPredictions.size()
                    + " predictions: pass the reviews the run scored, in its order");
        }
        List<Explained> explained = new ArrayList<>();
        for (int i : pick(afterPredictions, correct, wrong)) {
            Review r = reviews.get(i);
            Prediction p = afterPredictions.get(i);
            if (r.label() != p.label()) {
                throw new IllegalArgumentException("review " + i + " is labelled " + r.label() + " but its "
                        + "prediction " + p.id() + " says " + p.label() + ": the lists are not in the same order");
            }
            String why = p.predicted() == p.label() ? "right, with high confidence" : "most confident mistake";
            String a = before.readPart(r.text());
            String b = after.readPart(r.text());
            String read = a.length() <= b.length() ? a : b;
            explained.add(new Explained(r, why, read.length() < r.text().strip().length(),
                    Occlusion.explain(read, before, Integer.MAX_VALUE), Occlusion.explain(read, after,
                            Integer.MAX_VALUE)));
        }
        return explained;
    }

    /**
     * Each review with its before and after attributions, coloured on one scale per review (the larger of the two
     * largest weights), so before and after compare; the legend gives the scale.
     */
    public static String html(List<Explained> explained) {
        StringBuilder html = new StringBuilder();
        for (Explained e : explained) {
            Review r = e.review();
            double scale = Math.max(e.before().maxAbsWeight(), e.after().maxAbsWeight());
            html.append("<div style=\"margin:1.2em 0;border-top:1px solid #ccc\"><p><b>")
                    .append(Html.escape(String.format(Locale.ROOT, "Review %s (%s, %d stars): %s", r.id(),
                            r.labelName(), r.rating(), e.why()))).append("</b></p>")
                    .append(AttributionHtml.legend(scale));
            for (String side : List.of("before", "after")) {
                Attribution a = side.equals("before") ? e.before() : e.after();
                html.append("<p style=\"margin:0.6em 0 0.2em\"><i>").append(side.equals("before")
                        ? "before fine-tuning (zero-shot)" : "after fine-tuning").append("</i>: ")
                        .append(Html.escape(String.format(Locale.ROOT, "p(positive) = %.3f; strongest: %s",
                                a.pPositive(), strongest(a)))).append("</p>")
                        .append(AttributionHtml.text(a, scale));
                if (e.cut()) {
                    html.append("<p style=\"color:#999;margin:0\">[cut here: the classifiers read no further]</p>");
                }
            }
            html.append("</div>");
        }
        return html.toString();
    }

    private static String strongest(Attribution a) {
        List<String> parts = new ArrayList<>();
        for (Attribution.Word w : a.strongest(3)) {
            parts.add(String.format(Locale.ROOT, "\"%s\" %+.3f", w.text(), w.weight()));
        }
        return String.join(", ", parts);
    }
}
