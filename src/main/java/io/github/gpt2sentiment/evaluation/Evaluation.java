package io.github.gpt2sentiment.evaluation;

import io.github.gpt2sentiment.scoring.Prediction;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The one way every run (zero-shot baseline, fine-tuned classifier) turns its predictions into a results record
 * and files, so that "before" and "after" are measured with the same yardstick.
 *
 * <p>Usage:
 * <pre>{@code
 * RunResult r = Evaluation.run("before", RunResult.ZERO_SHOT, "openai-community/gpt2", archive.toString(), "test",
 *         predictions, Map.of("limit", 500), Duration.ofSeconds(12), Bootstrap.defaults());
 * Evaluation.save(r, predictions, Path.of("runs/before.json"), Path.of("runs/before.csv"));
 * }</pre>
 */
public final class Evaluation {

    private Evaluation() {}

    /**
     * Computes the metrics and their bootstrap intervals and stamps the run with the current time.
     *
     * @param runTime wall-clock time spent classifying the predictions (gives reviews per second)
     * @param bootstrap how the intervals are resampled: {@link Bootstrap#defaults()} for every reported run, so
     *     before and after share it (tests pass fewer resamples)
     * @throws IllegalArgumentException for no predictions or a review id that occurs twice
     */
    public static RunResult run(
            String runName,
            String kind,
            String model,
            String dataSource,
            String split,
            List<Prediction> predictions,
            Map<String, Object> settings,
            Duration runTime,
            Bootstrap bootstrap) {
        if (predictions.isEmpty()) {
            throw new IllegalArgumentException("run '" + runName + "' has no predictions to evaluate");
        }
        Set<String> ids = new HashSet<>();
        for (Prediction p : predictions) {
            if (!ids.add(p.id())) {
                throw new IllegalArgumentException("run '" + runName + "': review " + p.id() + " occurs twice");
            }
        }
        MetricsWithIntervals metrics = bootstrap.estimate(predictions);
        double seconds = runTime.toNanos() / 1e9;
        double perSecond = seconds > 0 ? predictions.size() / seconds : Double.NaN;
        return new RunResult(runName, kind, model, dataSource, split, predictions.size(), settings, metrics,
                seconds, perSecond, Instant.now().truncatedTo(ChronoUnit.SECONDS), null);
    }

    /**
     * Writes the predictions CSV and then the results JSON, which records the CSV's path relative to its own
     * folder so the pair can be moved together. Returns the result as written.
     */
    public static RunResult save(RunResult result, List<Prediction> predictions, Path jsonFile, Path predictionsFile)
            throws IOException {
        if (predictions.size() != result.numReviews()) {
            throw new IllegalArgumentException("run '" + result.runName() + "' has " + result.numReviews()
                    + " reviews but " + predictions.size() + " predictions were given to save");
        }
        PredictionsCsv.write(predictions, predictionsFile);
        Path jsonDir = jsonFile.toAbsolutePath().normalize().getParent();
        String relative = jsonDir.relativize(predictionsFile.toAbsolutePath().normalize()).toString()
                .replace('\\', '/');
        RunResult withPath = result.withPredictionsFile(relative);
        ResultsJson.write(withPath, jsonFile);
        return withPath;
    }

    /** Writes the results JSON alone (no per-review predictions). */
    public static void save(RunResult result, Path jsonFile) throws IOException {
        ResultsJson.write(result, jsonFile);
    }

    /** The path of the predictions CSV a results file refers to, or null if it refers to none. */
    public static Path predictionsPath(RunResult result, Path jsonFile) {
        if (result.predictionsFile() == null) {
            return null;
        }
        return jsonFile.toAbsolutePath().getParent().resolve(result.predictionsFile()).normalize();
    }

    /** One line, e.g. {@code before: accuracy 0.912 [0.894, 0.929], ... on 500 reviews in 12.1 s (41.2 reviews/s)}. */
    public static String summary(RunResult r) {
        MetricsWithIntervals m = r.metrics();
        String metrics = Stream.of(Metric.ACCURACY, Metric.F1_MACRO, Metric.ROC_AUC)
                .map(metric -> metric.key() + " " + withInterval(m, metric))
                .collect(Collectors.joining(", "));
        return String.format(Locale.ROOT, "%s: %s on %d reviews in %.1f s (%.1f reviews/s)",
                r.runName(), metrics, r.numReviews(), r.runTimeSeconds(), r.reviewsPerSecond());
    }

    /** A value with its interval, e.g. {@code 0.912 [0.894, 0.929]}; {@code n/a} when undefined. */
    public static String withInterval(MetricsWithIntervals m, Metric metric) {
        double value = m.value(metric);
        if (Double.isNaN(value)) {
            return "n/a";
        }
        Interval i = m.interval(metric);
        return i.isDefined()
                ? String.format(Locale.ROOT, "%.3f [%.3f, %.3f]", value, i.low(), i.high())
                : String.format(Locale.ROOT, "%.3f", value);
    }
}
