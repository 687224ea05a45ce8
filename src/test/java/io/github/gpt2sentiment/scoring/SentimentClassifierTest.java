package io.github.gpt2sentiment.scoring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.github.gpt2sentiment.TestData;
import io.github.gpt2sentiment.data.ImdbDataset;
import io.github.gpt2sentiment.data.Review;
import io.github.gpt2sentiment.data.Subsets;
import io.github.gpt2sentiment.evaluation.TinyGpt2;
import io.github.gpt2sentiment.model.Checkpoint;
import io.github.gpt2sentiment.model.Gpt2;
import io.github.gpt2sentiment.tokenization.Gpt2Tokenizer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** p(positive) of a fine-tuned classifier against unpadded single-review forwards, and its label names. */
class SentimentClassifierTest {

    @TempDir
    Path temp;

    @Test
    void findsTheSentimentLabelsByName() {
        assertArrayEquals(new int[] {1, 0}, SentimentClassifier.labelIndices(List.of("POSITIVE", "NEGATIVE")));
        assertArrayEquals(new int[] {0, 2}, SentimentClassifier.labelIndices(List.of("neg", "neutral", "pos")));
        assertArrayEquals(new int[] {0, 1}, SentimentClassifier.labelIndices(List.of("LABEL_0", "LABEL_1")));
        assertArrayEquals(new int[] {0, 1}, SentimentClassifier.labelIndices(List.of("0", "1")));
        for (List<String> bad : List.of(List.of("A", "B"), List.of("LABEL_0", "LABEL_1", "LABEL_2"),
                List.of("POSITIVE", "positive"), List.of("POSITIVE", "LABEL_1"))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> SentimentClassifier.labelIndices(bad));
            assertTrue(e.getMessage().contains("cannot tell which label is positive in id2label " + bad),
                    e.getMessage());
        }
    }

    @Test
    void pPositiveIsTheSoftmaxOfThePositiveAndNegativeLogits() {
        ImdbDataset imdb = ImdbDataset.load(TestData.imdbArchive());
        List<Review> reviews = Subsets.stratified(imdb.test(), 12, 3);
        // Three labels, in an order where neither index gives away the meaning.
        Path dir = TinyGpt2.save(temp.resolve("cls"), Gpt2.Head.SEQUENCE_CLASSIFICATION, 256,
                List.of("POSITIVE", "NEUTRAL", "NEGATIVE"), 11);
        try (NDManager manager = NDManager.newBaseManager(); Gpt2Tokenizer tokenizer = Gpt2Tokenizer.load(dir)) {
            Gpt2 model = Checkpoint.load(dir, Gpt2.Head.SEQUENCE_CLASSIFICATION, manager).model();
            SentimentClassifier classifier = new SentimentClassifier(model, tokenizer, 0, 2048);
            assertEquals(0, classifier.positiveIndex());
            assertEquals(2, classifier.negativeIndex());
            List<String> texts = reviews.stream().map(Review::text).toList();
            SentimentClassifier.Scores scores = classifier.score(texts, n -> { });
            int cut = 0;
            for (int i = 0; i < texts.size(); i++) {
                long[] ids = tokenizer.encode(texts.get(i));
                cut += ids.length > 256 ? 1 : 0;
                ids = Arrays.copyOf(ids, Math.min(ids.length, 256));
                float[] logits;
                try (NDManager m = manager.newSubManager()) {
                    long[] ones = new long[ids.length];
                    Arrays.fill(ones, 1);
                    Shape shape = new Shape(1, ids.length);
                    logits = model.forward(new ParameterStore(m, false),
                            new NDList(m.create(ids, shape), m.create(ones, shape)), false).singletonOrThrow()
                            .toFloatArray();
                }
                double pos = Math.exp(logits[0]);
                double neg = Math.exp(logits[2]);
                assertEquals(pos / (pos + neg), scores.pPositive()[i], 1e-5, "review " + i);
            }
            assertEquals(cut, scores.truncated());
            assertTrue(cut > 0, "some reviews are longer than 256 tokens");
            IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                    () -> classifier.score(List.of("Good.", ""), n -> { }));
            assertTrue(empty.getMessage().contains("review 2 is empty"), empty.getMessage());
        }
    }
}
