package io.github.gpt2sentiment.evaluation;

import com.google.gson.FieldNamingPolicy;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.ToNumberPolicy;
import com.google.gson.reflect.TypeToken;
import io.github.gpt2sentiment.files.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes and reads results JSON files, schema version {@value #SCHEMA_VERSION} (documented in the README,
 * "Evaluation and results"). Undefined values (NaN) are written as {@code null}. Reading checks every field and
 * names the file and the field when one is missing or wrong; nothing half-read is returned.
 *
 * <p>Usage: {@code ResultsJson.write(result, Path.of("runs/before.json")); RunResult r = ResultsJson.read(path);}
 */
public final class ResultsJson {

    /** The schema version this code writes and the only one it reads. */
    public static final int SCHEMA_VERSION = 1;

    static final String INTERVAL_METHOD = "percentile bootstrap";

    private static final Gson GSON = new GsonBuilder()
            .setPrettyPrinting()
            .setFieldNamingPolicy(FieldNamingPolicy.LOWER_CASE_WITH_UNDERSCORES)
            .disableHtmlEscaping()
            .serializeNulls()
            .setObjectToNumberStrategy(ToNumberPolicy.LONG_OR_DOUBLE)
            .create();

    private ResultsJson() {}

    /** Writes {@code result} to {@code file} atomically (a temporary file moved into place). */
    public static void write(RunResult result, Path file) throws IOException {
        AtomicFiles.writeString(file, toJson(result));
    }

    /** The JSON text of {@code result}. */
    public static String toJson(RunResult result) {
        MetricsWithIntervals m = result.metrics();
        Map<String, Bounds> metrics = new LinkedHashMap<>();
        for (Metric metric : Metric.values()) {
            Interval interval = m.interval(metric);
            metrics.put(metric.key(),
                    new Bounds(orNull(m.value(metric)), orNull(interval.low()), orNull(interval.high())));
        }
        ConfusionMatrix c = m.point().confusion();
        Bootstrap b = m.bootstrap();
        ResultsFile file = new ResultsFile(SCHEMA_VERSION, result.runName(), result.kind(), result.model(),
                result.dataSource(), result.split(), result.numReviews(), result.settings(), metrics, c,
                new Support(c.actualNegative(), c.actualPositive()),
                new Intervals(INTERVAL_METHOD, b.level(), b.resamples(), b.seed()),
                orNull(result.runTimeSeconds()), orNull(result.reviewsPerSecond()), result.date().toString(),
                result.predictionsFile());
        return GSON.toJson(file) + "\n";
    }

    /**
     * A results file as written, its fields in the file's order; Gson names each in snake case
     * ({@code runName}: {@code run_name}) and writes a null (an undefined number, no predictions file) as null.
     */
    private record ResultsFile(int schemaVersion, String runName, String kind, String model, String dataSource,
            String split, int numReviews, Map<String, Object> settings, Map<String, Bounds> metrics,
            ConfusionMatrix confusionMatrix, Support support, Intervals intervals, Double runTimeSeconds,
            Double reviewsPerSecond, String date, String predictionsFile) {}

    private record Bounds(Double value, Double low, Double high) {}

    private record Support(int negative, int positive) {}

    private record Intervals(String method, double level, int resamples, long seed) {}

    /** Reads a results file; a missing or malformed field is an {@link IOException} naming file and field. */
    public static RunResult read(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "results file not found");
        }
        return fromJson(text, file.toString());
    }

    /** Parses results JSON text; {@code source} names it in errors (usually the file path). */
    public static RunResult fromJson(String json, String source) throws IOException {
        JsonElement parsed;
        try {
            parsed = JsonParser.parseString(json);
        } catch (JsonParseException e) {
            throw new IOException(source + " is not valid JSON: " + e.getMessage(), e);
        }
        if (!parsed.isJsonObject()) {
            throw new IOException(source + ": expected a JSON object at the top level of a results file");
        }
        Fields f = new Fields(source);
        JsonObject root = parsed.getAsJsonObject();
        long version = f.whole(root, "", "schema_version");
        if (version != SCHEMA_VERSION) {
            throw new IOException(source + ": field 'schema_version' is " + version + " but this version of "
                    + "gpt2-sentiment reads schema_version " + SCHEMA_VERSION + " only");
        }
        JsonObject confusionJson = f.object(root, "", "confusion_matrix");
        ConfusionMatrix confusion = new ConfusionMatrix(
                f.count(confusionJson, "confusion_matrix.", "tn"),
                f.count(confusionJson, "confusion_matrix.", "fp"),
                f.count(confusionJson, "confusion_matrix.", "fn"),
                f.count(confusionJson, "confusion_matrix.", "tp"));
        JsonObject supportJson = f.object(root, "", "support");
        if (f.count(supportJson, "support.", "negative") != confusion.actualNegative()
                || f.count(supportJson, "support.", "positive") != confusion.actualPositive()) {
            throw new IOException(source + ": field 'support' disagrees with 'confusion_matrix'");
        }
        int numReviews = f.count(root, "", "num_reviews");
        if (numReviews != confusion.total()) {
            throw new IOException(source + ": field 'num_reviews' is " + numReviews
                    + " but 'confusion_matrix' counts " + confusion.total() + " reviews");
        }

        JsonObject metricsJson = f.object(root, "", "metrics");
        Map<Metric, Double> values = new EnumMap<>(Metric.class);
        Map<Metric, Interval> intervals = new EnumMap<>(Metric.class);
        for (Metric metric : Metric.values()) {
            String prefix = "metrics." + metric.key() + ".";
            JsonObject entry = f.object(metricsJson, "metrics.", metric.key());
            values.put(metric, f.nullableNumber(entry, prefix, "value"));
            double low = f.nullableNumber(entry, prefix, "low");
            double high = f.nullableNumber(entry, prefix, "high");
            if (low > high) {
                throw new IOException(source + ": field '" + prefix + "low' is above '" + prefix + "high'");
            }
            intervals.put(metric, new Interval(low, high));
        }
        Metrics point = new Metrics(confusion,
                values.get(Metric.ACCURACY),
                values.get(Metric.PRECISION_POSITIVE),
                values.get(Metric.RECALL_POSITIVE),
                values.get(Metric.F1_POSITIVE),
                values.get(Metric.PRECISION_MACRO),
                values.get(Metric.RECALL_MACRO),
                values.get(Metric.F1_MACRO),
                values.get(Metric.ROC_AUC),
                values.get(Metric.LOG_LOSS));

        JsonObject intervalsJson = f.object(root, "", "intervals");
        String method = f.string(intervalsJson, "intervals.", "method");
        if (!method.equals(INTERVAL_METHOD)) {
            throw new IOException(source + ": field 'intervals.method' is '" + method + "', expected '"
                    + INTERVAL_METHOD + "'");
        }
        Bootstrap bootstrap;
        try {
            bootstrap = new Bootstrap(
                    f.count(intervalsJson, "intervals.", "resamples"),
                    f.whole(intervalsJson, "intervals.", "seed"),
                    f.number(intervalsJson, "intervals.", "level"));
        } catch (IllegalArgumentException e) {
            throw new IOException(source + ": field 'intervals': " + e.getMessage(), e);
        }

        String dateText = f.string(root, "", "date");
        Instant date;
        try {
            date = Instant.parse(dateText);
        } catch (DateTimeParseException e) {
            throw new IOException(source + ": field 'date' must be an ISO-8601 instant such as "
                    + "2026-11-29T10:15:30Z, got '" + dateText + "'", e);
        }

        JsonObject settingsJson = f.object(root, "", "settings");
        Map<String, Object> settings = GSON.fromJson(settingsJson, new TypeToken<Map<String, Object>>() {}.getType());
        JsonElement predictions = root.get("predictions_file");
        if (predictions != null && !predictions.isJsonNull() && !isString(predictions)) {
            throw new IOException(source + ": field 'predictions_file' must be a string or null");
        }
        try {
            return new RunResult(
                    f.string(root, "", "run_name"),
                    f.string(root, "", "kind"),
                    f.string(root, "", "model"),
                    f.string(root, "", "data_source"),
                    f.string(root, "", "split"),
                    numReviews,
                    settings,
                    new MetricsWithIntervals(point, intervals, bootstrap),
                    f.number(root, "", "run_time_seconds"),
                    f.nullableNumber(root, "", "reviews_per_second"),
                    date,
                    predictions == null || predictions.isJsonNull() ? null : predictions.getAsString());
        } catch (IllegalArgumentException e) {
            throw new IOException(source + ": " + e.getMessage(), e);
        }
    }

    /** Settings as they will read back from JSON: numbers become Long or Double, keys sorted. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> normaliseSettings(Map<String, Object> settings) {
        JsonElement tree = GSON.toJsonTree(settings);
        Map<String, Object> normalised = GSON.fromJson(tree, new TypeToken<Map<String, Object>>() {}.getType());
        return Collections.unmodifiableMap((Map<String, Object>) sortedKeys(normalised));
    }

    /**
     * Every map's keys in order, at every depth: a {@code Map.of} iterates in an order that changes from one JVM
     * to the next, and the same run must write the same bytes.
     */
    private static Object sortedKeys(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> sorted = new TreeMap<>();
            map.forEach((k, v) -> sorted.put(String.valueOf(k), sortedKeys(v)));
            return sorted;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(ResultsJson::sortedKeys).toList();
        }
        return value;
    }

    /** JSON has no NaN: an undefined number is written as null. */
    private static Double orNull(double value) {
        return Double.isNaN(value) ? null : value;
    }

    private static boolean isString(JsonElement e) {
        return e.isJsonPrimitive() && e.getAsJsonPrimitive().isString();
    }

    /** Typed field access whose errors name the source and the dotted field path. */
    private record Fields(String source) {

        private JsonElement required(JsonObject obj, String prefix, String name) throws IOException {
            JsonElement e = obj.get(name);
            if (e == null) {
                throw new IOException(source + ": missing field '" + prefix + name + "'");
            }
            return e;
        }

        private IOException wrong(String prefix, String name, String expected, JsonElement found) {
            return new IOException(source + ": field '" + prefix + name + "' must be " + expected + ", found "
                    + found);
        }

        JsonObject object(JsonObject obj, String prefix, String name) throws IOException {
            JsonElement e = required(obj, prefix, name);
            if (!e.isJsonObject()) {
                throw wrong(prefix, name, "an object", e);
            }
            return e.getAsJsonObject();
        }

        String string(JsonObject obj, String prefix, String name) throws IOException {
            JsonElement e = required(obj, prefix, name);
            if (!isString(e)) {
                throw wrong(prefix, name, "a string", e);
            }
            return e.getAsString();
        }

        double number(JsonObject obj, String prefix, String name) throws IOException {
            JsonElement e = required(obj, prefix, name);
            if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
                throw wrong(prefix, name, "a number", e);
            }
            return e.getAsDouble();
        }

        double nullableNumber(JsonObject obj, String prefix, String name) throws IOException {
            JsonElement e = required(obj, prefix, name);
            return e.isJsonNull() ? Double.NaN : number(obj, prefix, name);
        }

        long whole(JsonObject obj, String prefix, String name) throws IOException {
            number(obj, prefix, name);
            JsonElement e = obj.get(name);
            try {
                return e.getAsBigDecimal().longValueExact();
            } catch (ArithmeticException notWhole) {
                throw wrong(prefix, name, "a whole number", e);
            }
        }

        int count(JsonObject obj, String prefix, String name) throws IOException {
            long value = whole(obj, prefix, name);
            if (value < 0 || value > Integer.MAX_VALUE) {
                throw wrong(prefix, name, "a count (0 or more)", obj.get(name));
            }
            return (int) value;
        }
    }
}
