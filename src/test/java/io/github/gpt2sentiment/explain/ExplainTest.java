package io.github.gpt2sentiment.explain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.github.gpt2sentiment.TestData;
import io.github.gpt2sentiment.data.ImdbDataset;
import io.github.gpt2sentiment.data.Review;
import io.github.gpt2sentiment.evaluation.TinyGpt2;
import io.github.gpt2sentiment.model.Checkpoint;
import io.github.gpt2sentiment.model.Gpt2;
import io.github.gpt2sentiment.scoring.ZeroShotClassifier;
import io.github.gpt2sentiment.scoring.ZeroShotConfig;
import io.github.gpt2sentiment.tokenization.Gpt2Tokenizer;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/**
 * Opening the black box on real IMDB reviews with GPT-2's real tokenizer and a tiny random GPT-2: the zero-shot
 * verdict step by step, word attributions by occlusion, and the hand-written probes.
 */
class ExplainTest {

    @TempDir
    static Path temp;

    private static ImdbDataset imdb;
    private static NDManager manager;
    private static Gpt2Tokenizer tokenizer;
    private static ZeroShotClassifier calibrated;
    private static ZeroShotClassifier plain;

    @BeforeAll
    static void setUp() {
        imdb = ImdbDataset.load(TestData.imdbArchive());
        Path dir = TinyGpt2.languageModel(temp.resolve("lm"), 256);
        manager = NDManager.newBaseManager();
        Gpt2 lm = Checkpoint.load(dir, Gpt2.Head.LANGUAGE_MODEL, manager).model();
        tokenizer = Gpt2Tokenizer.load(dir);
        ZeroShotConfig config = ZeroShotConfig.defaults().withMaxLength(64);
        calibrated = new ZeroShotClassifier(lm, tokenizer, config.withCalibration(true), imdb.train());
        plain = new ZeroShotClassifier(lm, tokenizer, config, imdb.train());
    }

    @AfterAll
    static void tearDown() {
        tokenizer.close();
        manager.close();
    }

    private static TextScorer scorer(ZeroShotClassifier classifier) {
        return texts -> classifier.score(texts, n -> { }).pPositive();
    }

    private static Review shortest() {
        return imdb.test().stream().min(Comparator.comparingInt(r -> r.text().length())).orElseThrow();
    }

    @Test
    void theExplanationGivesTheScorersAnswerAndEveryNumberToRecomputeIt() {
        Review review = shortest();
        ZeroShotExplanation e = ZeroShotExplanation.of(calibrated, tokenizer, review.text());
        double scored = calibrated.score(List.of(review.text()), n -> { }).pPositive()[0];
        assertEquals(scored, e.pPositive(), 0.0, "the same number the classifier gives that review");

        // Recomputed by hand from the printed parts: softmax of the two log-probabilities, divided by the prior.
        double uncalibrated = 1 / (1 + Math.exp(e.logProbNegative() - e.logProbPositive()));
        assertEquals(uncalibrated, e.pPositiveUncalibrated(), 1e-12);
        double up = uncalibrated / e.prior()[1];
        double down = (1 - uncalibrated) / e.prior()[0];
        assertEquals(up / (up + down), e.pPositive(), 1e-9);
        assertArrayEquals(calibrated.contentFreePrior(), e.prior());

        assertArrayEquals(calibrated.promptIds(review.text()), e.ids());
        assertEquals(e.ids().length, e.pieces().size());
        assertEquals(e.prompt(), String.join("", e.pieces()), "the pieces spell the prompt");
        assertTrue(e.prompt().startsWith("Review: ") && e.prompt().endsWith("\nSentiment:"), e.prompt());
        assertTrue(e.steps().contains(String.format(java.util.Locale.ROOT, "%.4f", e.pPositive())), e.steps());
        Table tokens = io.github.gpt2sentiment.report.TokenTables.tokens("prompt", e.ids(), e.pieces());
        assertEquals(e.ids().length, tokens.rowCount());
        assertEquals("Review", tokens.stringColumn("piece").get(0));
        assertEquals("⏎", tokens.stringColumn("piece").get(e.ids().length - 4), "the newline before Sent|iment|:");

        ZeroShotExplanation raw = ZeroShotExplanation.of(plain, tokenizer, review.text());
        assertEquals(null, raw.prior());
        assertEquals(raw.pPositiveUncalibrated(), raw.pPositive(), 1e-12, "without calibration nothing is divided");
        assertEquals(e.logProbPositive(), raw.logProbPositive(), 1e-9, "calibration changes no log-probability");
        assertTrue(raw.steps().contains("no calibration"));
    }

    @Test
    void eachOcclusionWeightIsTheDropInPPositiveWithoutThatWord() {
        String text = imdb.test().get(3).text();
        TextScorer scorer = scorer(calibrated);
        int maxWords = 40;
        Attribution a = Occlusion.explain(text, scorer, maxWords);
        double full = scorer.pPositive(List.of(text))[0];
        assertEquals(full, a.pPositive(), 1e-6);
        List<int[]> spans = Occlusion.words(text);
        assertEquals(spans.size(), a.words().size());
        int nonZero = 0;
        for (int i = 0; i < Math.min(maxWords, spans.size()); i++) {
            Attribution.Word w = a.words().get(i);
            assertEquals(text.substring(spans.get(i)[0], spans.get(i)[1]), w.text());
            double without = scorer.pPositive(List.of(Occlusion.without(text, spans, i)))[0];
            assertEquals(full - without, w.weight(), 1e-5, "word " + i + " '" + w.text() + "'");
            nonZero += Math.abs(w.weight()) > 1e-4 ? 1 : 0;
        }
        assertTrue(nonZero > 5, "a random model still reacts to words: " + nonZero);
        assertTrue(a.words().stream().skip(maxWords).noneMatch(Attribution.Word::scored), "only maxWords scored");
    }

    @Test
    void wordsAfterTheCutWeighNothing() {
        // The prompt keeps 64 tokens at most: the later words of a long review never reach the model.
        Review longReview = imdb.test().stream().filter(r -> r.text().split("\\s+").length > 150).findFirst()
                .orElseThrow();
        Attribution a = Occlusion.explain(longReview.text(), scorer(calibrated), 120);
        for (Attribution.Word w : a.words().subList(100, 120)) {
            assertEquals(0, w.weight(), 1e-5, "'" + w.text() + "' lies after the cut");
        }
    }

    @Test
    void removingAWordKeepsTheOthersAsTheyWere() {
        String text = "  Not bad\nat  all.";
        List<int[]> spans = Occlusion.words(text);
        assertEquals(4, spans.size());
        assertEquals("  bad\nat  all.", Occlusion.without(text, spans, 0));
        assertEquals("  Not\nat  all.", Occlusion.without(text, spans, 1));
        assertEquals("  Not bad\nat", Occlusion.without(text, spans, 3));
        assertThrows(IllegalArgumentException.class, () -> Occlusion.explain(" \n ", t -> new double[t.size()], 5));
        assertThrows(IllegalStateException.class, () -> Occlusion.explain("a b", t -> new double[1], 5));
    }

    @Test
    void handWrittenSentencesAreScoredByEveryClassifierInOneTable() {
        assertTrue(HandWritten.SENTENCES.stream().map(HandWritten.Sentence::kind).toList()
                .containsAll(List.of("praise", "criticism", "negation", "sarcasm", "mixed")));
        Map<String, TextScorer> scorers = new LinkedHashMap<>();
        scorers.put("calibrated", scorer(calibrated));
        scorers.put("plain", scorer(plain));
        Table table = HandWritten.table(scorers);
        assertEquals(HandWritten.SENTENCES.size(), table.rowCount());
        assertEquals(List.of("kind", "sentence", "a reader says", "p(positive) calibrated", "p(positive) plain"),
                table.columnNames());
        double[] expected = scorer(plain).pPositive(HandWritten.texts());
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], table.doubleColumn("p(positive) plain").getDouble(i), 1e-9);
        }
        assertNotEquals(table.doubleColumn(3).getDouble(0), table.doubleColumn(4).getDouble(0),
                "calibration moves the score");
        assertFalse(table.stringColumn("sentence").isMissing(0));
    }
}
