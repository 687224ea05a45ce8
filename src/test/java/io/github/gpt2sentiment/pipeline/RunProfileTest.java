package io.github.gpt2sentiment.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gpt2sentiment.TestData;
import io.github.gpt2sentiment.data.ImdbDataset;
import io.github.gpt2sentiment.data.Review;
import io.github.gpt2sentiment.data.Split;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The QUICK/FULL record the notebooks and {@code all} share, and the reviews it draws from the real IMDB archive. */
class RunProfileTest {

    private static ImdbDataset imdb;

    @BeforeAll
    static void load() {
        imdb = ImdbDataset.load(TestData.imdbArchive());
    }

    @Test
    void environmentPicksModeModelAndData() {
        RunProfile p = RunProfile.fromEnvironment(Map.of("GPT2_SENTIMENT_MODE", "FULL",
                "GPT2_SENTIMENT_MODEL", "/models/gpt2", "GPT2_SENTIMENT_DATA", " ~/aclImdb_v1.tar.gz "));
        assertEquals(RunProfile.full().withModel("/models/gpt2").withData("~/aclImdb_v1.tar.gz"), p);
        RunProfile blank = RunProfile.fromEnvironment(Map.of("GPT2_SENTIMENT_MODE", "quick",
                "GPT2_SENTIMENT_MODEL", " ", "GPT2_SENTIMENT_DATA", ""));
        assertEquals("gpt2", blank.model());
        assertEquals("imdb", blank.data());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RunProfile.fromEnvironment(Map.of("GPT2_SENTIMENT_MODE", "medium")));
        assertTrue(e.getMessage().contains("expected quick or full"), e.getMessage());
    }

    @Test
    void everyStepReadsTheSameBeginningOfAReview() {
        assertEquals(128, RunProfile.quick().truncation().head());
        assertEquals(0, RunProfile.quick().truncation().tail());
        assertEquals(128, RunProfile.quick().zeroShot().maxLength());
        assertTrue(RunProfile.quick().zeroShot().calibrate());
        assertEquals(512, RunProfile.full().zeroShot().maxLength());
        assertEquals(200, RunProfile.quick().testLimit());
        RunProfile quick = RunProfile.quick();
        int steps = quick.epochs() * (quick.trainReviews() / quick.batchSize());
        assertTrue(steps / quick.training().evalEvery() >= 10, "QUICK's curves get at least 10 validation points");
        assertEquals(null, RunProfile.full().testLimit());
    }

    @Test
    void quickDrawsDisjointBalancedSubsetsAndTheSameOnesEveryTime() {
        RunProfile quick = RunProfile.quick();
        RunData a = RunData.of(imdb, quick);
        RunData b = RunData.of(imdb, quick);
        assertEquals(quick.trainReviews(), a.train().size());
        assertEquals(quick.validationReviews(), a.validation().size());
        assertEquals(quick.testReviews(), a.test().size());
        assertEquals(a.train(), b.train());
        assertEquals(a.test(), b.test());
        for (List<Review> part : List.of(a.train(), a.validation(), a.test())) {
            assertEquals(part.size() / 2, part.stream().filter(Review::positive).count(), "balanced labels");
        }
        Set<String> train = keys(a.train());
        assertTrue(keys(a.validation()).stream().noneMatch(train::contains), "validation is held out of training");
        assertTrue(a.train().stream().allMatch(r -> r.split() == Split.TRAIN));
        assertTrue(a.validation().stream().allMatch(r -> r.split() == Split.TRAIN));
        assertTrue(a.test().stream().allMatch(r -> r.split() == Split.TEST));
        assertEquals(quick.exploreReviews(), a.explored().train().size());
        assertEquals(quick.exploreReviews(), a.explored().test().size());
    }

    @Test
    void fullUsesEveryReview() {
        RunData full = RunData.of(imdb, RunProfile.full());
        assertEquals(24_000, full.train().size());
        assertEquals(1_000, full.validation().size());
        assertEquals(25_000, full.test().size());
        assertEquals(imdb, full.explored());
    }

    @Test
    void tooFewReviewsIsAClearError() {
        ImdbDataset tiny = new ImdbDataset(imdb.source(), imdb.train().subList(0, 50), imdb.test().subList(0, 10));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RunData.of(tiny, RunProfile.quick()));
        assertTrue(e.getMessage().contains("has 50 training reviews"), e.getMessage());
    }

    private static Set<String> keys(List<Review> reviews) {
        Set<String> keys = new HashSet<>();
        reviews.forEach(r -> keys.add(r.split() + "/" + r.labelName() + "/" + r.id()));
        return keys;
    }
}
