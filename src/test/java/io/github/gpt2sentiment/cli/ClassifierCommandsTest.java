package io.github.gpt2sentiment.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.google.gson.Gson;
import com.google.gson.JsonObject;
import io.github.gpt2sentiment.TestData;
import io.github.gpt2sentiment.data.ImdbDataset;
import io.github.gpt2sentiment.data.Review;
import io.github.gpt2sentiment.data.Subsets;
import io.github.gpt2sentiment.evaluation.ConfusionMatrix;
import io.github.gpt2sentiment.evaluation.Evaluation;
import io.github.gpt2sentiment.evaluation.Metric;
import io.github.gpt2sentiment.evaluation.PredictionsCsv;
import io.github.gpt2sentiment.evaluation.ResultsJson;
import io.github.gpt2sentiment.evaluation.RunResult;
import io.github.gpt2sentiment.evaluation.TinyGpt2;
import io.github.gpt2sentiment.model.Checkpoint;
import io.github.gpt2sentiment.model.Gpt2;
import io.github.gpt2sentiment.scoring.Prediction;
import io.github.gpt2sentiment.tokenization.Gpt2Tokenizer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code baseline} and {@code evaluate} end to end on a JSON Lines file of real IMDB reviews (the 10 shortest of
 * each class from the training split, for demonstrations, and 120 stratified test reviews) with tiny random
 * GPT-2s: the results files they write, read back, and their bad-input errors.
 */
class ClassifierCommandsTest {

    @TempDir
    static Path temp;

    private static Path data;
    private static Path lm;
    private static Path classifier;
    private static final Map<String, String> TEXTS = new HashMap<>();



    @BeforeAll
    static void setUp() throws IOException {
        ImdbDataset imdb = ImdbDataset.load(TestData.imdbArchive());
        List<Review> rows = new ArrayList<>();
        for (int label : new int[] {0, 1}) {
            imdb.train().stream().filter(r -> r.label() == label)
                    .sorted(Comparator.comparingInt((Review r) -> r.text().length())).limit(10).forEach(rows::add);
        }
        rows.addAll(Subsets.stratified(imdb.test(), 120, 2));
        StringBuilder jsonl = new StringBuilder();
        Gson gson = new Gson();
        for (int i = 0; i < rows.size(); i++) {
            Review r = rows.get(i);
            JsonObject o = new JsonObject();
            o.addProperty("text", r.text());
            o.addProperty("label", r.label());
            o.addProperty("split", r.split().label());
            jsonl.append(gson.toJson(o)).append('\n');
            // A user's file numbers its reviews by line.
            TEXTS.put(r.split().label() + "/" + r.labelName() + "/" + (i + 1), r.text());
        }
        data = temp.resolve("reviews.jsonl");
        Files.writeString(data, jsonl, StandardCharsets.UTF_8);
        lm = TinyGpt2.languageModel(temp.resolve("lm"), 384);
        classifier = TinyGpt2.save(temp.resolve("cls"), Gpt2.Head.SEQUENCE_CLASSIFICATION, 384,
                List.of("POSITIVE", "NEGATIVE"), 5);
    }

    /** Checks what every results file and its predictions must agree on; returns the predictions. */
    private static List<Prediction> checkFiles(Path json, Path csv, int reviews) throws IOException {
        RunResult result = ResultsJson.read(json);
        assertEquals(Files.readString(json), ResultsJson.toJson(result), "the JSON reads back to itself");
        assertEquals(csv.toAbsolutePath().normalize(), Evaluation.predictionsPath(result, json));
        List<Prediction> predictions = PredictionsCsv.read(csv);
        assertEquals(reviews, predictions.size());
        assertEquals(reviews, result.numReviews());
        Set<String> ids = new HashSet<>();
        int[] cells = new int[4];
        for (Prediction p : predictions) {
            assertTrue(p.id().matches("test/(pos|neg)/\\d+"), p.id());
            assertTrue(TEXTS.containsKey(p.id()), p.id());
            assertEquals(p.id().startsWith("test/pos/") ? 1 : 0, p.label(), p.id());
            ids.add(p.id());
            cells[2 * p.label() + (p.pPositive() > 0.5 ? 1 : 0)]++;
        }
        assertEquals(reviews, ids.size(), "no review twice");
        assertEquals(reviews / 2, cells[2] + cells[3], "the subset keeps the split's balance");
        ConfusionMatrix c = result.metrics().point().confusion();
        assertEquals(List.of(cells[0], cells[1], cells[2], cells[3]), List.of(c.tn(), c.fp(), c.fn(), c.tp()));
        assertEquals((cells[0] + cells[3]) / (double) reviews, result.metrics().value(Metric.ACCURACY), 1e-12);
        assertEquals("test", result.split());
        assertEquals(data.toString(), result.dataSource());
        return predictions;
    }

    @Test
    void baselineWritesResultsThatReadBack() throws IOException {
        Path json = temp.resolve("out/baseline.json");
        Path csv = temp.resolve("out/baseline.csv");
        CliRun r = CliRun.of("baseline", "--model", lm.toString(), "--data", data.toString(), "--limit", "100", "--seed", "5",
                "--calibrate", "--shots", "2", "--demo-max-tokens", "80", "--json", json.toString(),
                "--predictions", csv.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("Accuracy") && r.out().contains("reviews/s") && r.out().contains("["), r.out());
        checkFiles(json, csv, 100);
        RunResult result = ResultsJson.read(json);
        assertEquals("2-shot calibrated", result.runName());
        assertEquals(RunResult.ZERO_SHOT, result.kind());
        assertEquals(lm.toString(), result.model());
        Map<String, Object> s = result.settings();
        assertEquals("Review: {text}\nSentiment:", s.get("template"));
        assertEquals(Map.of("negative", " negative", "positive", " positive"), s.get("verbalizers"));
        assertEquals(true, s.get("calibrate"));
        assertEquals(List.of("N/A", "", "[MASK]"), s.get("content_free"));
        assertEquals(2L, s.get("shots"));
        assertEquals(5L, s.get("seed"));
        assertEquals(100L, s.get("limit"));
        assertEquals(384L, s.get("max_length"));
        @SuppressWarnings("unchecked")
        List<String> demos = (List<String>) s.get("demonstrations");
        assertEquals(2, demos.size());
        assertTrue(demos.contains(demos.stream().filter(d -> d.startsWith("train/pos/")).findFirst().orElse("none")));
        assertTrue(demos.stream().anyMatch(d -> d.startsWith("train/neg/")), demos.toString());
        @SuppressWarnings("unchecked")
        Map<String, Object> prior = (Map<String, Object>) s.get("content_free_prior");
        assertEquals(1.0, (Double) prior.get("negative") + (Double) prior.get("positive"), 1e-12);
    }

    @Test
    void evaluateReportsTheClassifiersPositiveProbability() throws IOException {
        Path json = temp.resolve("out/evaluate.json");
        Path csv = temp.resolve("out/evaluate.csv");
        CliRun r = CliRun.of("evaluate", "--model", classifier.toString(), "--data", data.toString(), "--json",
                json.toString(), "--predictions", csv.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("reviews/s"), r.out());
        List<Prediction> predictions = checkFiles(json, csv, 120);
        RunResult result = ResultsJson.read(json);
        assertEquals(RunResult.FINE_TUNED, result.kind());
        assertEquals("POSITIVE", result.settings().get("positive_label"));

        // The positive label is the first: p(positive) = softmax(logits)[0] of the review alone, unpadded.
        try (NDManager manager = NDManager.newBaseManager(); Gpt2Tokenizer tokenizer = Gpt2Tokenizer.load(classifier)) {
            Gpt2 model = Checkpoint.load(classifier, Gpt2.Head.SEQUENCE_CLASSIFICATION, manager).model();
            for (Prediction p : predictions.subList(0, 8)) {
                long[] ids = tokenizer.encode(TEXTS.get(p.id()));
                ids = Arrays.copyOf(ids, Math.min(ids.length, 384));
                long[] ones = new long[ids.length];
                Arrays.fill(ones, 1);
                Shape shape = new Shape(1, ids.length);
                float[] logits = model.forward(new ParameterStore(manager, false),
                        new NDList(manager.create(ids, shape), manager.create(ones, shape)), false)
                        .singletonOrThrow().toFloatArray();
                assertEquals(1 / (1 + Math.exp(logits[1] - logits[0])), p.pPositive(), 1e-5, p.id());
            }
        }
    }

    @Test
    void badInputGivesClearErrors() throws IOException {
        Path json = temp.resolve("out/bad.json");
        Path empty = Files.writeString(temp.resolve("empty.jsonl"), "");
        CliRun noData = CliRun.of("baseline", "--model", lm.toString(), "--data", empty.toString(), "--json", json.toString());
        assertEquals(1, noData.exitCode());
        assertTrue(noData.err().contains("no reviews"), noData.err());

        Path trainOnly = Files.writeString(temp.resolve("train-only.jsonl"),
                "{\"text\": \"Great fun.\", \"label\": 1}\n{\"text\": \"Awful.\", \"label\": 0}\n");
        CliRun noTest = CliRun.of("baseline", "--model", lm.toString(), "--data", trainOnly.toString(), "--json",
                json.toString());
        assertEquals(1, noTest.exitCode());
        assertTrue(noTest.err().contains("holds no test reviews"), noTest.err());

        CliRun tooMany = CliRun.of("baseline", "--model", lm.toString(), "--data", data.toString(), "--limit", "1000",
                "--json", json.toString());
        assertEquals(1, tooMany.exitCode());
        assertTrue(tooMany.err().contains("limit 1000 is not in 1..120"), tooMany.err());

        CliRun emptyWord = CliRun.of("baseline", "--model", lm.toString(), "--data", data.toString(), "--limit", "10",
                "--positive", "", "--json", json.toString());
        assertEquals(1, emptyWord.exitCode());
        assertTrue(emptyWord.err().contains("positive verbalizer \"\" is empty after tokenization"), emptyWord.err());

        CliRun notClassifier = CliRun.of("evaluate", "--model", lm.toString(), "--data", data.toString(), "--limit", "10",
                "--json", json.toString());
        assertEquals(1, notClassifier.exitCode());
        assertTrue(notClassifier.err().contains("has no classification head"), notClassifier.err());
        assertTrue(!Files.exists(json), "no results file is written for a failed run");
    }
}
