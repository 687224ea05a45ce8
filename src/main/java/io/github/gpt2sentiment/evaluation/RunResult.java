package io.github.gpt2sentiment.evaluation;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Everything one evaluation run reports: what was evaluated on what, how well, and how fast. It is what a
 * results JSON file holds (see {@link ResultsJson} and the README's "Evaluation and results" for the schema).
 *
 * <p>Usage: {@code RunResult r = Evaluation.run(...); r.metrics().value(Metric.ACCURACY);}
 *
 * @param runName a short label for tables and legends, e.g. {@code "before"} or {@code "gpt2 zero-shot"}
 * @param kind what produced the predictions: {@link #ZERO_SHOT}, {@link #FINE_TUNED}, or another word
 * @param model the hub id or local path of the model
 * @param dataSource where the reviews came from, e.g. the IMDB archive's path
 * @param split the split evaluated, e.g. {@code test}
 * @param numReviews how many reviews were classified
 * @param settings free-form run settings (prompt, limit, seed, ...) as JSON values: strings, numbers (read back
 *     as Long or Double), booleans, lists, maps; sorted by key
 * @param metrics the metrics with their confidence intervals
 * @param runTimeSeconds wall-clock seconds spent classifying
 * @param reviewsPerSecond numReviews / runTimeSeconds (NaN when the run time is 0)
 * @param date when the run finished
 * @param predictionsFile the per-review predictions CSV, relative to the results file's folder; null if none
 */
public record RunResult(
        String runName,
        String kind,
        String model,
        String dataSource,
        String split,
        int numReviews,
        Map<String, Object> settings,
        MetricsWithIntervals metrics,
        double runTimeSeconds,
        double reviewsPerSecond,
        Instant date,
        String predictionsFile) {

    /** The kind of a run whose predictions come from prompting the pretrained model. */
    public static final String ZERO_SHOT = "zero-shot";
    /** The kind of a run whose predictions come from a fine-tuned classifier. */
    public static final String FINE_TUNED = "fine-tuned";

    public RunResult {
        requireText(runName, "run name");
        requireText(kind, "kind");
        requireText(model, "model");
        Objects.requireNonNull(dataSource, "data source");
        Objects.requireNonNull(split, "split");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(date, "date");
        if (numReviews != metrics.point().support()) {
            throw new IllegalArgumentException("run '" + runName + "' reports " + numReviews
                    + " reviews but its confusion matrix counts " + metrics.point().support());
        }
        if (!(runTimeSeconds >= 0)) {
            throw new IllegalArgumentException("run time must be >= 0 seconds, got " + runTimeSeconds);
        }
        settings = ResultsJson.normaliseSettings(settings == null ? Map.of() : settings);
    }

    /** This result with its predictions CSV recorded (a path relative to the results file's folder). */
    public RunResult withPredictionsFile(String relativePath) {
        return new RunResult(runName, kind, model, dataSource, split, numReviews, settings, metrics,
                runTimeSeconds, reviewsPerSecond, date, relativePath);
    }

    private static void requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
    }
}
