package io.github.gpt2sentiment.training;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.gpt2sentiment.evaluation.Metrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The validation's accuracy and F1, computed in this package so that training needs nothing of the results package,
 * are exactly the evaluation's {@link Metrics}: the history of a run and its results file agree to the last bit.
 */
class ValidationTest {

    @Test
    void accuracyAndF1AreTheEvaluationsToTheLastBit() {
        Random random = new Random(5);
        for (int trial = 0; trial < 200; trial++) {
            int n = 1 + random.nextInt(40);
            List<Example> examples = new ArrayList<>();
            int[] labels = new int[n];
            double[] p = new double[n];
            // Some trials hold one class only, and some probabilities sit exactly on the 0.5 threshold.
            boolean oneClass = trial % 10 == 0;
            for (int i = 0; i < n; i++) {
                labels[i] = oneClass ? trial % 20 / 10 : random.nextInt(2);
                p[i] = random.nextInt(8) == 0 ? 0.5 : random.nextDouble();
                examples.add(new Example("r" + i, new long[] {1, 2}, labels[i]));
            }
            Validation v = Validation.of(0.25, examples, p);
            Metrics m = Metrics.of(labels, p);
            assertEquals(m.accuracy(), v.accuracy(), 0.0, "accuracy, trial " + trial);
            assertEquals(m.f1Positive(), v.f1(), 0.0, "F1, trial " + trial);
            assertEquals(n, v.predictions().size());
            assertEquals(p[n - 1], v.predictions().get(n - 1).pPositive(), 0.0);
        }
    }
}
