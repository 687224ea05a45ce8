package io.github.gpt2sentiment.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gpt2sentiment.TestData;
import io.github.gpt2sentiment.data.ImdbDataset;
import io.github.gpt2sentiment.data.Review;
import io.github.gpt2sentiment.evaluation.ClassifierRuns;
import io.github.gpt2sentiment.evaluation.TinyGpt2;
import io.github.gpt2sentiment.explain.Attribution;
import io.github.gpt2sentiment.model.Gpt2;
import io.github.gpt2sentiment.scoring.Prediction;
import io.github.gpt2sentiment.training.Gpt2Classifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run's classifiers kept open for notebooks and the report give the scores the run's steps give, and word
 * attributions cover exactly the part of a review both read. Real IMDB reviews, tiny random GPT-2s.
 */
class OpenClassifierTest {

    @TempDir
    Path temp;

    @Test
    void scoresAsTheStepsDoAndExplainsWhatBothClassifiersRead() {
        ImdbDataset imdb = ImdbDataset.load(TestData.imdbArchive());
        RunProfile profile = RunProfile.quick().withModel(TinyGpt2.languageModel(temp.resolve("lm"), 256).toString())
                .withData(TestData.imdbArchive().toString());
        RunData data = RunData.of(imdb, profile);
        Path lm = Path.of(profile.model());
        Path classifier = TinyGpt2.save(temp.resolve("cls"), Gpt2.Head.SEQUENCE_CLASSIFICATION, 256,
                Gpt2Classifier.LABELS, 11);
        List<Review> few = data.test().subList(0, 6);
        List<String> texts = few.stream().map(Review::text).toList();

        ClassifierRuns.Outcome baseline = Steps.baseline(profile, data, lm, n -> { });
        ClassifierRuns.Outcome evaluated = Steps.evaluate(profile, data, classifier, n -> { });
        try (OpenClassifier before = OpenClassifier.zeroShot(profile, data, lm);
                OpenClassifier after = OpenClassifier.fineTuned(profile, classifier)) {
            double[] p = before.pPositive(texts);
            double[] q = after.pPositive(texts);
            for (int i = 0; i < few.size(); i++) {
                assertEquals(baseline.predictions().get(i).pPositive(), p[i], 1e-5, "zero-shot, review " + i);
                assertEquals(evaluated.predictions().get(i).pPositive(), q[i], 1e-5, "fine-tuned, review " + i);
            }
            assertThrows(IllegalStateException.class, () -> after.explain(texts.get(0)));

            // The most confident right and wrong predictions, on a long review and a short one.
            Review longReview = data.test().stream().filter(r -> r.text().split("\\s+").length > 300).findFirst()
                    .orElseThrow();
            Review shortReview = data.test().stream().filter(r -> r.text().split("\\s+").length < 60).findFirst()
                    .orElseThrow();
            List<Review> two = List.of(longReview, shortReview);
            List<Prediction> predictions = new ArrayList<>();
            predictions.add(new Prediction("long", longReview.label(), longReview.label() == 1 ? 0.9 : 0.1));
            predictions.add(new Prediction("short", shortReview.label(), shortReview.label() == 1 ? 0.2 : 0.8));
            List<Explanations.Explained> explained = Explanations.of(two, predictions, before, after, 1, 1);
            assertEquals(2, explained.size());

            Explanations.Explained cut = explained.get(0);
            assertEquals(longReview, cut.review());
            assertTrue(cut.cut());
            String read = before.readPart(longReview.text());
            assertTrue(read.length() <= after.readPart(longReview.text()).length(), "the prompt leaves less room");
            assertTrue(longReview.text().startsWith(read), "the read part is the review's beginning");
            for (Attribution a : List.of(cut.before(), cut.after())) {
                assertEquals(read, a.text());
                assertTrue(a.words().stream().allMatch(Attribution.Word::scored), "every word read is scored");
            }
            assertEquals(after.pPositive(List.of(read))[0], cut.after().pPositive(), 1e-6);

            Explanations.Explained whole = explained.get(1);
            assertFalse(whole.cut());
            assertEquals("most confident mistake", whole.why());
            assertEquals(shortReview.text(), whole.after().text());
            String html = Explanations.html(explained);
            assertEquals(2, html.split("cut here", -1).length - 1, "a cut note under each side of the cut review only");
        }
    }
}
