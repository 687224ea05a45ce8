package io.github.gpt2sentiment.pipeline;

import io.github.gpt2sentiment.data.Review;
import io.github.gpt2sentiment.scoring.Prediction;
import io.github.gpt2sentiment.tables.Tables;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import tech.tablesaw.api.Table;

/**
 * The reviews a classifier got most confidently wrong, with their text: where to look first to understand it.
 *
 * <p>Usage: {@code render(Html.table(Mistakes.mostConfident(data.test(), after, 5, 300)), "text/html")}
 */
public final class Mistakes {

    private Mistakes() {}

    /**
     * The {@code n} wrong predictions farthest from 0.5.
     *
     * @param reviews the reviews, in the order of {@code predictions} (as a run scores and saves them)
     * @param maxChars text shown per review
     * @throws IllegalArgumentException when the two lists differ in length or in any label
     */
    public static Table mostConfident(List<Review> reviews, List<Prediction> predictions, int n, int maxChars) {
        if (reviews.size() != predictions.size()) {
            throw new IllegalArgumentException(reviews.size() + " reviews but " + predictions.size()
                    + " predictions: pass the reviews the run scored, in its order");
        }
        for (int i = 0; i < reviews.size(); i++) {
            if (reviews.get(i).label() != predictions.get(i).label()) {
                throw new IllegalArgumentException("review " + i + " (id " + reviews.get(i).id() + ") is labelled "
                        + reviews.get(i).label() + " but its prediction " + predictions.get(i).id() + " says "
                        + predictions.get(i).label() + ": the lists are not in the same order");
            }
        }
        List<Integer> worst = IntStream.range(0, predictions.size())
                .filter(i -> predictions.get(i).predicted() != predictions.get(i).label())
                .boxed()
                .sorted(Comparator.comparingDouble(i -> -Math.abs(predictions.get(i).pPositive() - 0.5)))
                .limit(n).toList();
        return Tables.of("The " + worst.size() + " most confident mistakes", worst,
                Tables.text("true label", i -> reviews.get(i).positive() ? "positive" : "negative"),
                Tables.ints("stars", i -> reviews.get(i).rating()),
                Tables.numbers("p(positive)", 3, i -> predictions.get(i).pPositive()),
                Tables.text("review", i -> reviews.get(i).preview(maxChars)));
    }
}
