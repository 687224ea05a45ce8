package io.github.gpt2sentiment.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.gpt2sentiment.data.Review;
import io.github.gpt2sentiment.data.Split;
import io.github.gpt2sentiment.scoring.Prediction;
import java.util.List;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

class MistakesTest {

    private static final List<Review> REVIEWS = List.of(
            new Review(Split.TEST, 1, 9, 1, "Loved it."),
            new Review(Split.TEST, 2, 2, 0, "Hated it."),
            new Review(Split.TEST, 3, 8, 1, "Not bad at all."),
            new Review(Split.TEST, 4, 1, 0, "A masterpiece of boredom."));

    @Test
    void wrongPredictionsFarthestFromOneHalfComeFirst() {
        List<Prediction> predictions = List.of(new Prediction("a", 1, 0.9), new Prediction("b", 0, 0.6),
                new Prediction("c", 1, 0.1), new Prediction("d", 0, 0.95));
        Table t = Mistakes.mostConfident(REVIEWS, predictions, 5, 100);
        assertEquals(3, t.rowCount(), "three of four are wrong");
        assertEquals(List.of("A masterpiece of boredom.", "Not bad at all.", "Hated it."),
                t.stringColumn("review").asList());
        assertEquals(List.of("negative", "positive", "negative"), t.stringColumn("true label").asList());
        assertEquals(2, Mistakes.mostConfident(REVIEWS, predictions, 2, 100).rowCount());
    }

    @Test
    void listsInAnotherOrderAreRefused() {
        List<Prediction> shuffled = List.of(new Prediction("b", 0, 0.6), new Prediction("a", 1, 0.9),
                new Prediction("c", 1, 0.1), new Prediction("d", 0, 0.95));
        assertThrows(IllegalArgumentException.class, () -> Mistakes.mostConfident(REVIEWS, shuffled, 3, 100));
    }
}
