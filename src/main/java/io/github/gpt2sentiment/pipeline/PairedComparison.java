package io.github.gpt2sentiment.pipeline;

import io.github.gpt2sentiment.scoring.Prediction;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Two classifiers scored on the same reviews, compared review by review: how many each gets right that the other
 * gets wrong, and McNemar's exact test of whether that split could be chance. Paired, so it is sharper than
 * comparing two accuracies with their separate intervals.
 *
 * <p>Usage: {@code PairedComparison c = PairedComparison.of(before.predictions(), after.predictions()); c.pValue();}
 *
 * @param bothRight reviews both classify correctly
 * @param onlyFirstRight reviews only the first classifies correctly
 * @param onlySecondRight reviews only the second classifies correctly
 * @param bothWrong reviews both get wrong
 */
public record PairedComparison(int bothRight, int onlyFirstRight, int onlySecondRight, int bothWrong) {

    /**
     * Matches the predictions by review id.
     *
     * @throws IllegalArgumentException when the two lists do not cover the same reviews with the same labels
     */
    public static PairedComparison of(List<Prediction> first, List<Prediction> second) {
        Map<String, Prediction> byId = new HashMap<>();
        first.forEach(p -> byId.put(p.id(), p));
        if (byId.size() != first.size() || second.size() != first.size()) {
            throw new IllegalArgumentException("a paired comparison needs the same reviews on both sides, once each; got "
                    + first.size() + " and " + second.size() + " predictions");
        }
        int[] counts = new int[4];
        for (Prediction b : second) {
            Prediction a = byId.get(b.id());
            if (a == null || a.label() != b.label()) {
                throw new IllegalArgumentException("review " + b.id() + (a == null ? " is only in the second run"
                        : " has label " + a.label() + " in the first run and " + b.label() + " in the second"));
            }
            boolean aRight = a.predicted() == a.label();
            boolean bRight = b.predicted() == b.label();
            counts[(aRight ? 0 : 2) + (aRight == bRight ? 0 : 1)]++;
        }
        // counts: [both right, only first right, both wrong, only second right]
        return new PairedComparison(counts[0], counts[1], counts[3], counts[2]);
    }

    /** Reviews compared. */
    public int total() {
        return bothRight + onlyFirstRight + onlySecondRight + bothWrong;
    }

    /**
     * McNemar's exact two-sided p-value: under "neither classifier is better", each review that only one of them
     * gets right is equally likely to favour either, so the smaller count is binomial(n, 1/2) with n the
     * disagreements. 1 when they never disagree.
     */
    public double pValue() {
        int n = onlyFirstRight + onlySecondRight;
        int k = Math.min(onlyFirstRight, onlySecondRight);
        double tail = 0;
        for (int i = 0; i <= k; i++) {
            tail += Math.exp(logChoose(n, i) - n * Math.log(2));
        }
        return Math.min(1.0, 2 * tail);
    }

    private static double logChoose(int n, int k) {
        double s = 0;
        for (int i = 1; i <= k; i++) {
            s += Math.log(n - k + i) - Math.log(i);
        }
        return s;
    }

    /** A 2 x 2 table: rows the first run right/wrong, columns the second run right/wrong. */
    public Table table(String firstName, String secondName) {
        return Table.create("Review by review: " + firstName + " (rows) against " + secondName + " (columns)",
                StringColumn.create(firstName, "right", "wrong"),
                IntColumn.create(secondName + " right", bothRight, onlySecondRight),
                IntColumn.create(secondName + " wrong", onlyFirstRight, bothWrong));
    }

    /** One sentence, e.g. {@code after fixes 61 reviews before got wrong and breaks 7 (McNemar p = 1.2e-11)}. */
    public String summary(String firstName, String secondName) {
        return String.format(Locale.ROOT, "%s gets %d reviews right that %s got wrong, and %d wrong that %s got "
                + "right, out of %d (McNemar's exact test: p = %.2g)", secondName, onlySecondRight, firstName,
                onlyFirstRight, firstName, total(), pValue());
    }
}
