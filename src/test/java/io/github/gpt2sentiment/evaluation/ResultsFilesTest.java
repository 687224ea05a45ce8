package io.github.gpt2sentiment.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.gpt2sentiment.scoring.Prediction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Results JSON and predictions CSV: round trips and clear errors for bad files. */
class ResultsFilesTest {

    @TempDir
    Path dir;

    /** The fixture's reviews as predictions, with ids that need CSV quoting now and then. */
    static List<Prediction> predictions(String fixtureName) throws IOException {
        JsonObject fixture = MetricsFixtureTest.fixture(fixtureName);
        int[] labels = MetricsFixtureTest.labels(fixture);
        double[] p = MetricsFixtureTest.pPositive(fixture);
        return IntStream.range(0, labels.length)
                .mapToObj(i -> new Prediction(i % 50 == 7 ? "odd, \"id\" " + i : "test/" + i, labels[i], p[i]))
                .toList();
    }

    static RunResult run(String name, List<Prediction> predictions) {
        Map<String, Object> settings = Map.of(
                "prompt", "Review: {text}\nSentiment:", "limit", 300, "calibrate", true, "temperature", 0.7,
                "verbalizers", List.of(" negative", " positive"));
        return Evaluation.run(name, RunResult.ZERO_SHOT, "openai-community/gpt2", "imdb/aclImdb_v1.tar.gz", "test",
                predictions, settings, Duration.ofMillis(2500), Bootstrap.defaults().withResamples(200));
    }

    @Test
    void resultsAndPredictionsRoundTrip() throws IOException {
        List<Prediction> predictions = predictions("informative");
        RunResult result = run("before", predictions);
        assertEquals(300, result.numReviews());
        assertEquals(120.0, result.reviewsPerSecond(), 1e-9);
        assertEquals(300L, result.settings().get("limit"), "settings hold JSON values: whole numbers are Long");

        Path json = dir.resolve("runs/before.json");
        RunResult saved = Evaluation.save(result, predictions, json, dir.resolve("runs/predictions/before.csv"));
        assertEquals("predictions/before.csv", saved.predictionsFile());

        RunResult read = ResultsJson.read(json);
        assertEquals(saved, read);
        assertEquals(predictions, PredictionsCsv.read(Evaluation.predictionsPath(read, json)));
        assertTrue(Files.readString(json).contains("\"schema_version\": 1"));
    }

    @Test
    void nestedSettingsAreWrittenInOneOrderWhateverOrderTheyCameIn() throws IOException {
        // A Map.of's order changes between JVMs; two insertion orders stand for two runs of the same command.
        Map<String, Object> ab = new java.util.LinkedHashMap<>();
        ab.put("negative", " bad");
        ab.put("positive", " good");
        Map<String, Object> ba = new java.util.LinkedHashMap<>();
        ba.put("positive", " good");
        ba.put("negative", " bad");
        List<Prediction> predictions = predictions("informative");
        String first = ResultsJson.toJson(Evaluation.run("r", RunResult.ZERO_SHOT, "m", "d", "test", predictions,
                Map.of("verbalizers", ab, "runs", List.of(ab)), Duration.ofSeconds(1),
                Bootstrap.defaults().withResamples(20)));
        String second = ResultsJson.toJson(Evaluation.run("r", RunResult.ZERO_SHOT, "m", "d", "test", predictions,
                Map.of("verbalizers", ba, "runs", List.of(ba)), Duration.ofSeconds(1),
                Bootstrap.defaults().withResamples(20)));
        // The two runs' dates may fall in different seconds; everything else must be the same bytes.
        String undated = "\"date\": \"[^\"]+\"";
        assertEquals(first.replaceFirst(undated, ""), second.replaceFirst(undated, ""));
        assertTrue(first.indexOf("\"negative\"") < first.indexOf("\"positive\""), first);
    }

    @Test
    void undefinedMetricsAreWrittenAsNullAndReadBackAsNaN() throws IOException {
        RunResult result = run("one class", predictions("one_class_labels"));
        String text = ResultsJson.toJson(result);
        JsonObject auc = JsonParser.parseString(text).getAsJsonObject()
                .getAsJsonObject("metrics").getAsJsonObject("roc_auc");
        assertTrue(auc.get("value").isJsonNull() && auc.get("low").isJsonNull() && auc.get("high").isJsonNull());
        RunResult read = ResultsJson.fromJson(text, "memory");
        assertEquals(result, read);
        assertTrue(Double.isNaN(read.metrics().value(Metric.ROC_AUC)));
        assertNull(read.predictionsFile());
    }

    /** Writes a valid results file, applies {@code edit} to its JSON, and returns the error reading it. */
    private String errorAfter(Consumer<JsonObject> edit) throws IOException {
        JsonObject root = JsonParser.parseString(ResultsJson.toJson(run("r", predictions("ties"))))
                .getAsJsonObject();
        edit.accept(root);
        Path file = dir.resolve("edited.json");
        Files.writeString(file, root.toString());
        IOException e = assertThrows(IOException.class, () -> ResultsJson.read(file));
        assertTrue(e.getMessage().contains(file.toString()), "error names the file: " + e.getMessage());
        return e.getMessage();
    }

    @Test
    void badResultsFilesGiveErrorsNamingTheField() throws IOException {
        assertTrue(errorAfter(root -> root.remove("model")).contains("missing field 'model'"));
        assertTrue(errorAfter(root -> root.getAsJsonObject("metrics").getAsJsonObject("f1_macro").remove("low"))
                .contains("missing field 'metrics.f1_macro.low'"));
        assertTrue(errorAfter(root -> root.getAsJsonObject("metrics").remove("roc_auc"))
                .contains("missing field 'metrics.roc_auc'"));
        assertTrue(errorAfter(root -> root.addProperty("schema_version", 2))
                .contains("'schema_version' is 2"));
        assertTrue(errorAfter(root -> root.remove("schema_version")).contains("missing field 'schema_version'"));
        assertTrue(errorAfter(root -> root.addProperty("num_reviews", "two hundred"))
                .contains("field 'num_reviews' must be a number"));
        assertTrue(errorAfter(root -> root.addProperty("num_reviews", 199)).contains("'num_reviews' is 199"));
        assertTrue(errorAfter(root -> root.getAsJsonObject("confusion_matrix").addProperty("tp", 1.5))
                .contains("'confusion_matrix.tp' must be a whole number"));
        assertTrue(errorAfter(root -> root.addProperty("date", "yesterday")).contains("field 'date'"));
        assertTrue(errorAfter(root -> root.addProperty("run_name", " ")).contains("run name must not be empty"));
    }

    @Test
    void aFileThatIsNotJsonOrMissingSaysSo() throws IOException {
        Path file = dir.resolve("broken.json");
        Files.writeString(file, "{\"schema_version\": 1, ");
        IOException e = assertThrows(IOException.class, () -> ResultsJson.read(file));
        assertTrue(e.getMessage().contains(file + " is not valid JSON"), e.getMessage());
        e = assertThrows(IOException.class, () -> ResultsJson.read(dir.resolve("absent.json")));
        assertTrue(e.getMessage().contains("absent.json"), e.getMessage());
    }

    @Test
    void badPredictionFilesGiveErrorsNamingTheLine() throws IOException {
        Path file = dir.resolve("p.csv");
        Files.writeString(file, "id,label,p\na,1,0.5\n");
        assertTrue(assertThrows(IOException.class, () -> PredictionsCsv.read(file)).getMessage()
                .contains("line 1: expected the header"));
        Files.writeString(file, PredictionsCsv.HEADER + "\na,1,0.9,1\nb,1,0.2,1\n");
        String message = assertThrows(IOException.class, () -> PredictionsCsv.read(file)).getMessage();
        assertTrue(message.contains(file + " line 3: predicted is 1 but p_positive 0.2 predicts 0"), message);
        Files.writeString(file, PredictionsCsv.HEADER + "\na,2,0.9,1\n");
        assertTrue(assertThrows(IOException.class, () -> PredictionsCsv.read(file)).getMessage()
                .contains("line 2: label must be 0 or 1"));
        Files.writeString(file, PredictionsCsv.HEADER + "\na,1,1.2,1\n");
        assertTrue(assertThrows(IOException.class, () -> PredictionsCsv.read(file)).getMessage()
                .contains("line 2: review a: p(positive) must be a probability"));
        Files.writeString(file, PredictionsCsv.HEADER + "\na,1,0.9\n");
        assertTrue(assertThrows(IOException.class, () -> PredictionsCsv.read(file)).getMessage()
                .contains("line 2: expected 4 fields"));
    }

    @Test
    void evaluationRejectsEmptyAndDuplicatedPredictions() {
        assertThrows(IllegalArgumentException.class, () -> run("empty", List.of()));
        List<Prediction> twice = List.of(new Prediction("a", 1, 0.9), new Prediction("a", 0, 0.1));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> run("twice", twice)).getMessage()
                .contains("review a occurs twice"));
    }
}
