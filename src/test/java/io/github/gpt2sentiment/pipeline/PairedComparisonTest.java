package io.github.gpt2sentiment.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.gpt2sentiment.scoring.Prediction;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PairedComparisonTest {

    /** Reviews r0..r(n-1), all positive; {@code right[i]} says whether the classifier gets review i right. */
    private static List<Prediction> run(boolean... right) {
        List<Prediction> list = new ArrayList<>();
        for (int i = 0; i < right.length; i++) {
            list.add(new Prediction("r" + i, 1, right[i] ? 0.9 : 0.1));
        }
        return list;
    }

    @Test
    void countsEachCellOfTheTwoByTwoTable() {
        PairedComparison c = PairedComparison.of(run(true, true, false, false, true),
                run(true, false, true, false, true));
        assertEquals(new PairedComparison(2, 1, 1, 1), c);
        assertEquals(5, c.total());
        assertEquals(1.0, c.pValue(), 1e-15, "one each way: no evidence either way");
    }

    @Test
    void exactMcNemarPValueMatchesTheBinomialTail() {
        // 1 review only the first gets right, 9 only the second: 2 * (C(10,0) + C(10,1)) / 2^10 = 22/1024.
        boolean[] first = new boolean[10];
        boolean[] second = new boolean[10];
        first[0] = true;
        for (int i = 1; i < 10; i++) {
            second[i] = true;
        }
        PairedComparison c = PairedComparison.of(run(first), run(second));
        assertEquals(1, c.onlyFirstRight());
        assertEquals(9, c.onlySecondRight());
        assertEquals(22.0 / 1024, c.pValue(), 1e-15);
        // 0 against 5: 2 / 32.
        assertEquals(2.0 / 32, PairedComparison.of(run(false, false, false, false, false),
                run(true, true, true, true, true)).pValue(), 1e-15);
    }

    @Test
    void refusesRunsOnDifferentReviews() {
        List<Prediction> a = List.of(new Prediction("x", 1, 0.9));
        List<Prediction> b = List.of(new Prediction("y", 1, 0.9));
        assertThrows(IllegalArgumentException.class, () -> PairedComparison.of(a, b));
        List<Prediction> relabelled = List.of(new Prediction("x", 0, 0.9));
        assertThrows(IllegalArgumentException.class, () -> PairedComparison.of(a, relabelled));
    }
}
