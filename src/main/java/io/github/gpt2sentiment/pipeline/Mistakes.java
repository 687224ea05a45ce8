package io.github.gpt2sentiment.pipeline;

import io.github.gpt2sentiment.data.Review;
import io.github.gpt2sentiment.scoring.Prediction;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

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
        int[] worst = IntStream.range(0, predictions.size())
                .filter(i -> predictions.get(i).predicted() != predictions.get(i).label())
                .boxed()
                .sorted(Comparator.comparingDouble(i -> -Math.abs(predictions.get(i).pPositive() - 0.5)))
                .limit(n).mapToInt(Integer::intValue).toArray();
        StringColumn truth = StringColumn.create("true label");
        IntColumn rating = IntColumn.create("stars");
        DoubleColumn p = DoubleColumn.create("p(positive)");
        StringColumn text = StringColumn.create("review");
        for (int i : worst) {
            Review r = reviews.get(i);
            truth.append(r.positive() ? "positive" : "negative");
            rating.append(r.rating());
            p.append(predictions.get(i).pPositive());
            String t = r.text().replace('\n', ' ');
            text.append(t.length() <= maxChars ? t : t.substring(0, maxChars - 3) + "...");
        }
        p.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(3));
        return Table.create("The " + worst.length + " most confident mistakes", truth, rating, p, text);
    }
}
