package io.github.gpt2sentiment.evaluation;

import ai.djl.ndarray.NDManager;
import io.github.gpt2sentiment.data.ImdbDataset;
import io.github.gpt2sentiment.data.Review;
import io.github.gpt2sentiment.data.Split;
import io.github.gpt2sentiment.data.Subsets;
import io.github.gpt2sentiment.model.Checkpoint;
import io.github.gpt2sentiment.model.Gpt2;
import io.github.gpt2sentiment.scoring.Prediction;
import io.github.gpt2sentiment.scoring.Scoring;
import io.github.gpt2sentiment.scoring.SentimentClassifier;
import io.github.gpt2sentiment.scoring.ZeroShotClassifier;
import io.github.gpt2sentiment.scoring.ZeroShotConfig;
import io.github.gpt2sentiment.tokenization.Gpt2Tokenizer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * Whole evaluation runs, as the {@code baseline} and {@code evaluate} commands, the {@code all} pipeline and the
 * notebooks do them: pick the reviews, load the model, classify, and compute the metrics with their intervals.
 *
 * <p>Usage:
 * <pre>{@code
 * ImdbDataset imdb = DataSource.load("imdb");
 * Path gpt2 = ModelSource.resolve("gpt2");
 * ClassifierRuns.Outcome before = ClassifierRuns.zeroShot("before", "gpt2", gpt2, imdb, Split.TEST, 500,
 *         ZeroShotConfig.defaults(), n -> {});
 * before.save(ResultFiles.named(Path.of("runs"), "before"));
 * }</pre>
 */
public final class ClassifierRuns {

    private ClassifierRuns() {}

    /** A run's results record and its per-review predictions, in the order of the reviews. */
    public record Outcome(RunResult result, List<Prediction> predictions) {

        public Outcome {
            predictions = List.copyOf(predictions);
        }

        /**
         * Writes the results JSON and, when {@code files} names one, the predictions CSV it points to. Returns the
         * result as written.
         */
        public RunResult save(ResultFiles files) throws IOException {
            if (files.csv() == null) {
                Evaluation.save(result, files.json());
                return result;
            }
            return Evaluation.save(result, predictions, files.json(), files.csv());
        }
    }

    /**
     * The reviews of a split to evaluate on: all of them, or a seeded subset of {@code limit} reviews with the
     * split's label balance ({@link Subsets#stratified}).
     *
     * @param limit how many reviews, or {@code null} for the whole split
     * @throws IllegalArgumentException when the split is empty or holds fewer reviews than the limit
     */
    public static List<Review> select(ImdbDataset data, Split split, Integer limit, long seed) {
        List<Review> reviews = data.split(split);
        if (reviews.isEmpty()) {
            throw new IllegalArgumentException(data.source() + " holds no " + split.label() + " reviews to evaluate "
                    + "on (" + data.train().size() + " train, " + data.test().size() + " test): choose the other split");
        }
        if (limit == null) {
            return reviews;
        }
        if (limit < 1 || limit > reviews.size()) {
            throw new IllegalArgumentException("limit " + limit + " is not in 1.." + reviews.size() + ": the "
                    + split.label() + " split of " + data.source() + " holds " + reviews.size() + " reviews");
        }
        return Subsets.stratified(reviews, limit, seed);
    }

    /**
     * The zero-shot (or k-shot) baseline of a pretrained GPT-2 on a split; demonstrations come from the training
     * split, {@code config.seed()} picks them and the {@code limit} subset.
     *
     * @param runName the run's label in tables and charts, e.g. {@code "before"}
     * @param model the hub id or path the user gave, recorded in the results
     * @param modelDir the checkpoint folder, with {@code tokenizer.json}
     * @param progress told how many reviews each batch finished
     */
    public static Outcome zeroShot(String runName, String model, Path modelDir, ImdbDataset data, Split split,
            Integer limit, ZeroShotConfig config, IntConsumer progress) {
        List<Review> reviews = select(data, split, limit, config.seed());
        try (Gpt2Tokenizer tokenizer = Gpt2Tokenizer.load(modelDir);
                NDManager manager = NDManager.newBaseManager()) {
            Gpt2 lm = Checkpoint.load(modelDir, Gpt2.Head.LANGUAGE_MODEL, manager).model();
            long start = System.nanoTime();
            ZeroShotClassifier classifier = new ZeroShotClassifier(lm, tokenizer, config, data.train());
            ZeroShotClassifier.Scores scores = classifier.score(Scoring.texts(reviews), progress);
            Duration time = Duration.ofNanos(System.nanoTime() - start);
            List<Prediction> predictions = Scoring.predictions(reviews, scores.pPositive());

            Map<String, Object> settings = new LinkedHashMap<>();
            settings.put("template", config.template());
            settings.put("verbalizers", Map.of("negative", config.negative(), "positive", config.positive()));
            settings.put("calibrate", config.calibrate());
            if (config.calibrate()) {
                settings.put("content_free", config.contentFree());
                double[] prior = classifier.contentFreePrior();
                settings.put("content_free_prior", Map.of("negative", prior[0], "positive", prior[1]));
            }
            settings.put("shots", config.shots());
            if (config.shots() > 0) {
                settings.put("demonstrations", classifier.demonstrations().stream().map(Review::key).toList());
                settings.put("demo_max_tokens", config.demoMaxTokens());
            }
            settings.put("seed", config.seed());
            putCommon(settings, limit, classifier.maxLength(), scores.truncated());
            settings.put("review_budget_tokens", classifier.reviewBudget());
            RunResult result = Evaluation.run(runName, RunResult.ZERO_SHOT, model, data.source().toString(),
                    split.label(), predictions, settings, time, Bootstrap.defaults());
            return new Outcome(result, predictions);
        }
    }

    /**
     * A fine-tuned classifier (a folder with the classification head {@code score.weight}) on a split.
     *
     * @param seed picks the {@code limit} subset
     * @param maxLength the longest review in tokens (its head is kept); 0 means the model's {@code n_positions}
     * @throws IllegalArgumentException when the folder holds no classification head (a plain language model)
     */
    public static Outcome fineTuned(String runName, String model, Path modelDir, ImdbDataset data, Split split,
            Integer limit, long seed, int maxLength, int batchTokens, IntConsumer progress) {
        List<Review> reviews = select(data, split, limit, seed);
        try (Gpt2Tokenizer tokenizer = Gpt2Tokenizer.load(modelDir);
                NDManager manager = NDManager.newBaseManager()) {
            SentimentClassifier classifier =
                    SentimentClassifier.load(modelDir, manager, tokenizer, maxLength, batchTokens, null);
            long start = System.nanoTime();
            SentimentClassifier.Scores scores = classifier.score(Scoring.texts(reviews), progress);
            Duration time = Duration.ofNanos(System.nanoTime() - start);
            List<Prediction> predictions = Scoring.predictions(reviews, scores.pPositive());

            Map<String, Object> settings = new LinkedHashMap<>();
            List<String> labels = classifier.model().config().labels();
            settings.put("labels", labels);
            settings.put("positive_label", labels.get(classifier.positiveIndex()));
            settings.put("seed", seed);
            putCommon(settings, limit, classifier.maxLength(), scores.truncated());
            RunResult result = Evaluation.run(runName, RunResult.FINE_TUNED, model, data.source().toString(),
                    split.label(), predictions, settings, time, Bootstrap.defaults());
            return new Outcome(result, predictions);
        }
    }

    private static void putCommon(Map<String, Object> settings, Integer limit, int maxLength, int truncated) {
        if (limit != null) {
            settings.put("limit", limit);
        }
        settings.put("max_length", maxLength);
        settings.put("truncation", "head");
        settings.put("truncated_reviews", truncated);
    }
}
