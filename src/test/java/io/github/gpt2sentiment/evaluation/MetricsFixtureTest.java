package io.github.gpt2sentiment.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.gpt2sentiment.scoring.Prediction;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Our metrics against scikit-learn's on the vectors reference/make_metric_fixtures.py wrote. */
class MetricsFixtureTest {

    private static final double TOLERANCE = 1e-9;

    static Stream<String> cases() {
        return Stream.of("informative", "ties", "imbalanced", "all_predicted_negative", "all_predicted_positive",
                "one_class_labels", "perfect", "inverted", "constant", "single_review");
    }

    static JsonObject fixture(String name) throws IOException {
        String resource = "/fixtures/metrics/" + name + ".json";
        try (InputStream in = MetricsFixtureTest.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("missing test resource " + resource
                        + ": run reference/make_metric_fixtures.py");
            }
            return JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
        }
    }

    static int[] labels(JsonObject fixture) {
        return stream(fixture, "labels").mapToInt(JsonElement::getAsInt).toArray();
    }

    static double[] pPositive(JsonObject fixture) {
        return stream(fixture, "p_positive").mapToDouble(JsonElement::getAsDouble).toArray();
    }

    private static Stream<JsonElement> stream(JsonObject obj, String name) {
        return StreamSupport.stream(obj.getAsJsonArray(name).spliterator(), false);
    }

    /** null in a fixture means undefined, which is NaN on our side. */
    private static double expected(JsonObject expected, String key) {
        JsonElement e = expected.get(key);
        return e.isJsonNull() ? Double.NaN : e.getAsDouble();
    }

    private static void assertClose(double expected, double actual, String what) {
        if (Double.isNaN(expected)) {
            assertTrue(Double.isNaN(actual), what + ": expected undefined (NaN), got " + actual);
        } else {
            assertEquals(expected, actual, TOLERANCE, what);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void metricsMatchScikitLearn(String name) throws IOException {
        JsonObject fixture = fixture(name);
        JsonObject expected = fixture.getAsJsonObject("expected");
        Metrics m = Metrics.of(labels(fixture), pPositive(fixture));

        for (Metric metric : Metric.values()) {
            assertClose(expected(expected, metric.key()), metric.of(m), name + " " + metric.key());
        }
        assertClose(expected(expected, "precision_negative"), m.precisionNegative(), name + " precision_negative");
        assertClose(expected(expected, "recall_negative"), m.recallNegative(), name + " recall_negative");
        assertClose(expected(expected, "f1_negative"), m.f1Negative(), name + " f1_negative");

        JsonObject cm = expected.getAsJsonObject("confusion_matrix");
        assertEquals(new ConfusionMatrix(cm.get("tn").getAsInt(), cm.get("fp").getAsInt(),
                cm.get("fn").getAsInt(), cm.get("tp").getAsInt()), m.confusion(), name);
        JsonObject support = expected.getAsJsonObject("support");
        assertEquals(support.get("negative").getAsInt(), m.confusion().actualNegative(), name);
        assertEquals(support.get("positive").getAsInt(), m.confusion().actualPositive(), name);
        assertEquals(labels(fixture).length, m.support(), name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rocCurveMatchesScikitLearn(String name) throws IOException {
        JsonObject fixture = fixture(name);
        JsonElement roc = fixture.getAsJsonObject("expected").get("roc_curve");
        if (roc.isJsonNull()) {
            assertThrows(IllegalArgumentException.class, () -> RocCurve.of(labels(fixture), pPositive(fixture)));
            return;
        }
        RocCurve curve = RocCurve.of(labels(fixture), pPositive(fixture));
        double[] fpr = stream(roc.getAsJsonObject(), "fpr").mapToDouble(JsonElement::getAsDouble).toArray();
        double[] tpr = stream(roc.getAsJsonObject(), "tpr").mapToDouble(JsonElement::getAsDouble).toArray();
        assertArrayEquals(fpr, curve.falsePositiveRate(), TOLERANCE, name + " fpr");
        assertArrayEquals(tpr, curve.truePositiveRate(), TOLERANCE, name + " tpr");
    }

    @Test
    void quantilesMatchNumpy() throws IOException {
        JsonObject fixture = fixture("percentiles");
        for (JsonElement c : fixture.getAsJsonArray("cases")) {
            JsonObject obj = c.getAsJsonObject();
            double[] values = stream(obj, "values").mapToDouble(JsonElement::getAsDouble).sorted().toArray();
            double[] q = stream(obj, "q").mapToDouble(JsonElement::getAsDouble).toArray();
            double[] want = stream(obj, "expected").mapToDouble(JsonElement::getAsDouble).toArray();
            for (int k = 0; k < q.length; k++) {
                assertEquals(want[k], Bootstrap.quantile(values, q[k] / 100), TOLERANCE,
                        obj.get("name").getAsString() + " q=" + q[k]);
            }
        }
    }

    @Test
    void predictionListsGiveTheSameMetricsAsArrays() throws IOException {
        JsonObject fixture = fixture("ties");
        int[] labels = labels(fixture);
        double[] p = pPositive(fixture);
        List<Prediction> predictions = java.util.stream.IntStream.range(0, labels.length)
                .mapToObj(i -> new Prediction("r" + i, labels[i], p[i]))
                .toList();
        assertEquals(Metrics.of(labels, p), Metrics.of(predictions));
    }

    @Test
    void badInputsAreRejectedWithTheirIndex() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Metrics.of(new int[] {0, 2}, new double[] {0.1, 0.2}));
        assertTrue(e.getMessage().contains("index 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Metrics.of(new int[] {0, 1}, new double[] {0.1, Double.NaN}));
        assertTrue(e.getMessage().contains("index 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Metrics.of(new int[0], new double[0]));
        assertTrue(e.getMessage().contains("no predictions"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Metrics.of(new int[] {1}, new double[] {0.2, 0.3}));
        assertThrows(IllegalArgumentException.class, () -> new Prediction("x", 1, 1.5));
        assertEquals(0, new Prediction("x", 1, 0.5).predicted(), "a tie at 0.5 goes to negative");
    }
}
