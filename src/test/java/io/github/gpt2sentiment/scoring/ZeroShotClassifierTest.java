package io.github.gpt2sentiment.scoring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.github.gpt2sentiment.TestData;
import io.github.gpt2sentiment.data.ImdbDataset;
import io.github.gpt2sentiment.data.Review;
import io.github.gpt2sentiment.data.Subsets;
import io.github.gpt2sentiment.evaluation.TinyGpt2;
import io.github.gpt2sentiment.model.Checkpoint;
import io.github.gpt2sentiment.model.Gpt2;
import io.github.gpt2sentiment.tokenization.Batch;
import io.github.gpt2sentiment.tokenization.Gpt2Tokenizer;
import io.github.gpt2sentiment.tokenization.Padding;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The zero-shot classifier on real IMDB reviews with GPT-2's real tokenizer and a tiny random GPT-2 (512
 * positions, so long reviews are cut). Scores are checked against log-probabilities computed here from plain,
 * unpadded forwards of the whole sequence, one review at a time.
 */
class ZeroShotClassifierTest {

    private static final int POSITIONS = 512;

    @TempDir
    static Path temp;

    private static ImdbDataset imdb;
    private static List<Review> test;
    private static NDManager manager;
    private static Gpt2 lm;
    private static Gpt2Tokenizer tokenizer;

    @BeforeAll
    static void setUp() {
        imdb = ImdbDataset.load(TestData.imdbArchive());
        test = Subsets.stratified(imdb.test(), 120, 1);
        Path dir = TinyGpt2.languageModel(temp.resolve("lm"), POSITIONS);
        manager = NDManager.newBaseManager();
        lm = Checkpoint.load(dir, Gpt2.Head.LANGUAGE_MODEL, manager).model();
        tokenizer = Gpt2Tokenizer.load(dir);
    }

    @AfterAll
    static void tearDown() {
        tokenizer.close();
        manager.close();
    }

    private static ZeroShotClassifier classifier(ZeroShotConfig config) {
        return new ZeroShotClassifier(lm, tokenizer, config, imdb.train());
    }

    /** The first test review with more than {@code tokens} tokens. */
    private static Review longReview(int tokens) {
        return imdb.test().stream().filter(r -> tokenizer.encode(r.text()).length > tokens).findFirst().orElseThrow();
    }

    /** Natural-log softmax of one row of logits, in double. */
    private static double[] logSoftmax(float[] logits, int from, int size) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < size; i++) {
            max = Math.max(max, logits[from + i]);
        }
        double sum = 0;
        for (int i = 0; i < size; i++) {
            sum += Math.exp(logits[from + i] - max);
        }
        double log = max + Math.log(sum);
        double[] out = new double[size];
        for (int i = 0; i < size; i++) {
            out[i] = logits[from + i] - log;
        }
        return out;
    }

    /** Summed log-probability of {@code answer} after {@code prompt}, from one unpadded forward of both. */
    private static double independentScore(long[] prompt, long[] answer) {
        long[] ids = new long[prompt.length + answer.length];
        System.arraycopy(prompt, 0, ids, 0, prompt.length);
        System.arraycopy(answer, 0, ids, prompt.length, answer.length);
        int vocab = lm.config().vocabSize();
        try (NDManager m = manager.newSubManager()) {
            Shape shape = new Shape(1, ids.length);
            long[] ones = new long[ids.length];
            Arrays.fill(ones, 1);
            float[] logits = lm.forward(new ParameterStore(m, false),
                    new NDList(m.create(ids, shape), m.create(ones, shape)), false).singletonOrThrow().toFloatArray();
            double sum = 0;
            for (int t = 0; t < answer.length; t++) {
                int position = prompt.length - 1 + t;
                sum += logSoftmax(logits, position * vocab, vocab)[(int) answer[t]];
            }
            return sum;
        }
    }

    @Test
    void lastLogitsAreTheFullForwardsLastPositions() {
        long[][] rows = {tokenizer.encode("A fine film."), tokenizer.encode("Dull"), tokenizer.encode("It was ok")};
        Batch batch = Batch.pad(rows, Padding.LEFT);
        try (NDManager m = manager.newSubManager()) {
            NDList in = batch.toNDList(m);
            NDArray full = lm.forward(new ParameterStore(m, false), in, false).singletonOrThrow();
            NDArray last = lm.lastLogits(in.get(0), in.get(1), 2);
            assertEquals(new Shape(3, 2, lm.config().vocabSize()), last.getShape());
            NDArray expected = full.get(new NDIndex(":, {}:, :", batch.length() - 2));
            assertTrue(expected.sub(last).abs().max().getFloat() < 1e-5f);
        }
    }

    @Test
    void predictsOneProbabilityPerReviewInOrder() {
        ZeroShotClassifier zs = classifier(ZeroShotConfig.defaults());
        AtomicInteger done = new AtomicInteger();
        List<String> texts = test.stream().map(Review::text).toList();
        ZeroShotClassifier.Scores scores = zs.score(texts, done::addAndGet);
        assertEquals(test.size(), done.get());
        assertEquals(test.size(), scores.logProbabilities().length);
        assertEquals(test.size(), scores.pPositive().length);
        double min = 1;
        double max = 0;
        for (int i = 0; i < test.size(); i++) {
            double[] s = scores.logProbabilities()[i];
            assertEquals(2, s.length);
            assertTrue(s[0] < 0 && s[1] < 0 && Double.isFinite(s[0]) && Double.isFinite(s[1]), Arrays.toString(s));
            assertEquals(1 / (1 + Math.exp(s[0] - s[1])), scores.pPositive()[i], 1e-12);
            min = Math.min(min, scores.pPositive()[i]);
            max = Math.max(max, scores.pPositive()[i]);
        }
        assertTrue(max - min > 0.01, "a random model still prefers differently from review to review");
        assertTrue(scores.truncated() > 0, "some of 120 IMDB reviews are longer than 512 tokens");

        // Predicting a part of the reviews batches them differently; the scores stay the same.
        List<Review> some = test.subList(40, 70);
        List<Prediction> predictions = zs.predict(some, n -> { });
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < some.size(); i++) {
            Review r = some.get(i);
            Prediction p = predictions.get(i);
            assertEquals("test/" + r.labelName() + "/" + r.id() + "_" + r.rating(), p.id());
            assertEquals(r.label(), p.label());
            assertEquals(scores.pPositive()[40 + i], p.pPositive(), 1e-5, "batching does not change a score");
            assertEquals(p.pPositive() > 0.5 ? 1 : 0, p.predicted());
            ids.add(p.id());
        }
        assertEquals(some.size(), ids.size());
    }

    @Test
    void singleTokenScoresAreTheNextTokenLogProbabilities() {
        ZeroShotClassifier zs = classifier(ZeroShotConfig.defaults());
        long[] positive = tokenizer.encode(" positive");
        long[] negative = tokenizer.encode(" negative");
        assertEquals(1, positive.length);
        assertEquals(1, negative.length);
        List<String> texts = List.of(test.get(0).text(), longReview(700).text(), "Loved it!");
        double[][] scores = zs.score(texts, n -> { }).logProbabilities();
        for (int i = 0; i < texts.size(); i++) {
            long[] prompt = zs.promptIds(texts.get(i));
            assertEquals(independentScore(prompt, negative), scores[i][0], 1e-4, "negative, text " + i);
            assertEquals(independentScore(prompt, positive), scores[i][1], 1e-4, "positive, text " + i);
        }
    }

    @Test
    void multiTokenVerbalizersScoreTheSumOfTheirTokensLogProbabilities() {
        ZeroShotConfig config = ZeroShotConfig.defaults().withVerbalizers(" bad", " truly wonderful movie");
        ZeroShotClassifier zs = classifier(config);
        long[] negative = tokenizer.encode(" bad");
        long[] positive = tokenizer.encode(" truly wonderful movie");
        assertEquals(1, negative.length);
        assertEquals(3, positive.length);
        List<String> texts = List.of(test.get(3).text(), longReview(800).text(), "Not my cup of tea.");
        ZeroShotClassifier.Scores scores = zs.score(texts, n -> { });
        for (int i = 0; i < texts.size(); i++) {
            long[] prompt = zs.promptIds(texts.get(i));
            assertTrue(prompt.length + positive.length <= POSITIONS, "the longest answer still fits");
            double neg = independentScore(prompt, negative);
            double pos = independentScore(prompt, positive);
            assertEquals(neg, scores.logProbabilities()[i][0], 1e-4, "negative, text " + i);
            assertEquals(pos, scores.logProbabilities()[i][1], 1e-4, "positive, text " + i);
            assertEquals(Math.exp(pos) / (Math.exp(pos) + Math.exp(neg)), scores.pPositive()[i], 1e-4);
        }
        assertEquals(POSITIONS - 3, zs.promptIds(longReview(800).text()).length,
                "the budget leaves room for the longest verbalizer");
    }

    @Test
    void calibrationMathsOnAHandComputedCase() {
        // p = (0.2, 0.6) renormalised is (0.25, 0.75); divided by the prior (0.3, 0.7): (5/6, 15/14), whose
        // positive share is (45/42) / (80/42) = 0.5625.
        double[] p = ZeroShotClassifier.classProbabilities(new double[] {Math.log(0.2), Math.log(0.6)},
                new double[] {0.3, 0.7});
        assertEquals(0.4375, p[0], 1e-12);
        assertEquals(0.5625, p[1], 1e-12);
        double[] plain = ZeroShotClassifier.classProbabilities(new double[] {Math.log(0.2), Math.log(0.6)}, null);
        assertArrayEquals(new double[] {0.25, 0.75}, plain, 1e-12);
        // Two content-free inputs with verbalizer probabilities (0.1, 0.3) and (0.2, 0.2): mean (0.15, 0.25),
        // normalised (0.375, 0.625).
        double[] prior = ZeroShotClassifier.contentFreePrior(new double[][] {
            {Math.log(0.1), Math.log(0.3)}, {Math.log(0.2), Math.log(0.2)}});
        assertArrayEquals(new double[] {0.375, 0.625}, prior, 1e-12);
    }

    @Test
    void calibrationMakesTheContentFreeInputUndecided() {
        ZeroShotConfig plain = ZeroShotConfig.defaults();
        ZeroShotClassifier uncalibrated = classifier(plain);
        assertNull(uncalibrated.contentFreePrior());
        double[] raw = uncalibrated.score(List.of("N/A"), n -> { }).logProbabilities()[0];
        double rawP = uncalibrated.score(List.of("N/A"), n -> { }).pPositive()[0];
        assertTrue(Math.abs(rawP - 0.5) > 1e-3, "the random model is not undecided by chance: " + rawP);

        ZeroShotClassifier calibrated = classifier(plain.withCalibration(true).withContentFree(List.of("N/A")));
        double[] prior = calibrated.contentFreePrior();
        assertEquals(1 - rawP, prior[0], 1e-9);
        assertEquals(rawP, prior[1], 1e-9);
        assertEquals(0.5, calibrated.score(List.of("N/A"), n -> { }).pPositive()[0], 1e-9);

        // With the default three inputs, a review's calibrated odds are its raw odds over the prior's odds.
        ZeroShotClassifier three = classifier(plain.withCalibration(true));
        double[] p3 = three.contentFreePrior();
        String review = test.get(5).text();
        double[] s = uncalibrated.score(List.of(review), n -> { }).logProbabilities()[0];
        double odds = Math.exp(s[1] - s[0]) / (p3[1] / p3[0]);
        assertEquals(odds / (1 + odds), three.score(List.of(review), n -> { }).pPositive()[0], 1e-9);
        assertTrue(raw[0] < 0 && raw[1] < 0);
    }

    @Test
    void truncationCutsTheReviewsTailAndKeepsTheWholePrompt() {
        ZeroShotClassifier zs = classifier(ZeroShotConfig.defaults());
        Review review = longReview(700);
        String text = review.text().strip();
        long[] ids = zs.promptIds(review.text());
        assertEquals(POSITIONS - 1, ids.length, "prompt plus the one-token answer fill the context exactly");
        String prompt = zs.prompt(review.text());
        assertTrue(prompt.startsWith("Review: " + text.substring(0, 200)), prompt.substring(0, 220));
        assertTrue(prompt.endsWith("\nSentiment:"), prompt.substring(prompt.length() - 40));
        assertTrue(!prompt.contains(text.substring(text.length() - 100)), "the review's end is cut");

        long[] kept = Arrays.copyOf(tokenizer.encode(" " + text), zs.reviewBudget());
        long[] head = tokenizer.encode("Review:");
        assertArrayEquals(kept, Arrays.copyOfRange(ids, head.length, head.length + kept.length));
        assertEquals(POSITIONS - 1 - head.length - tokenizer.encode("\nSentiment:").length, zs.reviewBudget());

        ZeroShotClassifier short64 = classifier(ZeroShotConfig.defaults().withMaxLength(64));
        assertEquals(63, short64.promptIds(review.text()).length);
        assertTrue(short64.prompt(review.text()).endsWith("\nSentiment:"));

        String small = "A small, lovely film.  ";
        assertEquals("Review: A small, lovely film.\nSentiment:", zs.prompt(small), "short reviews are whole");
    }

    @Test
    void demonstrationsAreBalancedWholeTrainingReviewsBeforeTheCutReview() {
        ZeroShotConfig config = ZeroShotConfig.defaults().withShots(4).withSeed(3).withDemoMaxTokens(60);
        ZeroShotClassifier zs = classifier(config);
        List<Review> demos = zs.demonstrations();
        assertEquals(4, demos.size());
        assertEquals(2, demos.stream().filter(Review::positive).count());
        StringBuilder expected = new StringBuilder();
        for (Review d : demos) {
            assertEquals(io.github.gpt2sentiment.data.Split.TRAIN, d.split());
            assertTrue(tokenizer.encode(" " + d.text().strip()).length <= 60);
            expected.append("Review: ").append(d.text().strip()).append("\nSentiment: ")
                    .append(d.positive() ? "positive" : "negative").append("\n\n");
        }
        Review review = longReview(700);
        String prompt = zs.prompt(review.text());
        assertTrue(prompt.startsWith(expected + "Review: " + review.text().strip().substring(0, 100)), prompt);
        assertTrue(prompt.endsWith("\nSentiment:"));
        assertEquals(POSITIONS - 1, zs.promptIds(review.text()).length);

        assertEquals(demos, classifier(config).demonstrations(), "the seed fixes the demonstrations");
        assertNotEquals(demos, classifier(config.withSeed(4)).demonstrations());
        List<Review> three = classifier(config.withShots(3)).demonstrations();
        assertEquals(3, three.size());
        long positives = three.stream().filter(Review::positive).count();
        assertTrue(positives == 1 || positives == 2);
    }

    @Test
    void badInputGivesClearErrors() {
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> classifier(ZeroShotConfig.defaults().withVerbalizers(" negative", "")));
        assertTrue(empty.getMessage().contains("positive verbalizer \"\" is empty after tokenization"),
                empty.getMessage());
        IllegalArgumentException noText = assertThrows(IllegalArgumentException.class,
                () -> ZeroShotConfig.defaults().withTemplate("Review:\nSentiment:"));
        assertTrue(noText.getMessage().contains("{text} exactly once"), noText.getMessage());
        IllegalArgumentException nothing = assertThrows(IllegalArgumentException.class,
                () -> classifier(ZeroShotConfig.defaults()).score(List.of(), n -> { }));
        assertTrue(nothing.getMessage().contains("no reviews"), nothing.getMessage());
        IllegalArgumentException noRoom = assertThrows(IllegalArgumentException.class,
                () -> classifier(ZeroShotConfig.defaults().withMaxLength(6)));
        assertTrue(noRoom.getMessage().contains("leaves no room for the review"), noRoom.getMessage());
        IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class,
                () -> classifier(ZeroShotConfig.defaults().withMaxLength(POSITIONS + 1)));
        assertTrue(tooLong.getMessage().contains("n_positions"), tooLong.getMessage());
        IllegalArgumentException fewShort = assertThrows(IllegalArgumentException.class,
                () -> classifier(ZeroShotConfig.defaults().withShots(2).withDemoMaxTokens(1)));
        assertTrue(fewShort.getMessage().contains("cannot draw 2 demonstrations"), fewShort.getMessage());
        IllegalArgumentException leak = assertThrows(IllegalArgumentException.class,
                () -> new ZeroShotClassifier(lm, tokenizer, ZeroShotConfig.defaults().withShots(2),
                        new ArrayList<>(test)));
        assertTrue(leak.getMessage().contains("training split only"), leak.getMessage());
    }
}
