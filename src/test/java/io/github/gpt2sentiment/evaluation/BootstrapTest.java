package io.github.gpt2sentiment.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Bootstrap intervals on the scikit-learn fixture vectors. */
class BootstrapTest {

    private static int[] labels;
    private static double[] p;

    private static void load(String name) throws IOException {
        JsonObject fixture = MetricsFixtureTest.fixture(name);
        labels = MetricsFixtureTest.labels(fixture);
        p = MetricsFixtureTest.pPositive(fixture);
    }

    @Test
    void intervalsContainThePointEstimate() throws IOException {
        load("informative");
        MetricsWithIntervals m = Bootstrap.defaults().estimate(labels, p);
        assertEquals(Metrics.of(labels, p), m.point());
        for (Metric metric : Metric.values()) {
            Interval i = m.interval(metric);
            assertTrue(i.isDefined(), metric.key());
            assertTrue(i.contains(m.value(metric)), metric.key() + " " + m.value(metric) + " outside " + i);
            assertTrue(i.width() > 0, metric.key() + " has a zero-width interval " + i);
        }
    }

    @Test
    void intervalsShrinkWithMoreData() throws IOException {
        load("informative");
        MetricsWithIntervals small = Bootstrap.defaults().estimate(labels, p);
        // The same reviews sixteen times over: same point estimates, intervals about four times narrower.
        int[] manyLabels = new int[labels.length * 16];
        double[] manyP = new double[p.length * 16];
        for (int i = 0; i < manyLabels.length; i++) {
            manyLabels[i] = labels[i % labels.length];
            manyP[i] = p[i % p.length];
        }
        MetricsWithIntervals large = Bootstrap.defaults().estimate(manyLabels, manyP);
        for (Metric metric : Metric.values()) {
            assertEquals(small.value(metric), large.value(metric), 1e-12, metric.key());
            double ratio = large.interval(metric).width() / small.interval(metric).width();
            assertTrue(ratio > 0.15 && ratio < 0.4, metric.key() + ": width ratio " + ratio + ", expected ~1/4");
        }
    }

    @Test
    void aHigherLevelGivesAWiderInterval() throws IOException {
        load("informative");
        MetricsWithIntervals wide = Bootstrap.defaults().estimate(labels, p);
        MetricsWithIntervals narrow = new Bootstrap(1000, Bootstrap.DEFAULT_SEED, 0.5).estimate(labels, p);
        for (Metric metric : Metric.values()) {
            assertTrue(narrow.interval(metric).width() < wide.interval(metric).width(), metric.key());
        }
    }

    @Test
    void theSameSeedGivesTheSameIntervalsAndAnotherSeedOthers() throws IOException {
        load("imbalanced");
        Bootstrap bootstrap = Bootstrap.defaults().withResamples(300).withSeed(7);
        assertEquals(bootstrap.estimate(labels, p), bootstrap.estimate(labels, p));
        assertNotEquals(bootstrap.estimate(labels, p).intervals(),
                bootstrap.withSeed(8).estimate(labels, p).intervals());
    }

    @Test
    void eachResampleEqualsTheMetricsOfTheMaterialisedSample() throws IOException {
        load("ties");
        Bootstrap bootstrap = new Bootstrap(50, 3, 0.95);
        Metrics[] fast = bootstrap.resample(labels, p);
        // Replay the documented draws, build each resample as arrays, and compute its metrics directly.
        int n = labels.length;
        int[] order = Metrics.ascending(p);
        SplittableRandom random = new SplittableRandom(3);
        for (int b = 0; b < fast.length; b++) {
            int[] sampleLabels = new int[n];
            double[] sampleP = new double[n];
            for (int draw = 0; draw < n; draw++) {
                int i = order[random.nextInt(n)];
                sampleLabels[draw] = labels[i];
                sampleP[draw] = p[i];
            }
            Metrics direct = Metrics.of(sampleLabels, sampleP);
            assertEquals(direct.confusion(), fast[b].confusion(), "resample " + b);
            for (Metric metric : Metric.values()) {
                assertEquals(metric.of(direct), metric.of(fast[b]), 1e-12, "resample " + b + " " + metric.key());
            }
        }
    }

    @Test
    void aMetricUndefinedOnTheDataHasAnUndefinedInterval() throws IOException {
        load("one_class_labels");
        MetricsWithIntervals m = Bootstrap.defaults().estimate(labels, p);
        assertTrue(Double.isNaN(m.value(Metric.ROC_AUC)));
        assertFalse(m.interval(Metric.ROC_AUC).isDefined());
        assertTrue(m.interval(Metric.ACCURACY).contains(m.value(Metric.ACCURACY)));
    }

    @Test
    void badSettingsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new Bootstrap(0, 1, 0.95));
        assertThrows(IllegalArgumentException.class, () -> new Bootstrap(100, 1, 1.0));
        assertThrows(IllegalArgumentException.class, () -> new Bootstrap(100, 1, 0.0));
    }
}
