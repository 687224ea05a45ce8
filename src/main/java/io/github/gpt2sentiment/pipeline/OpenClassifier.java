package io.github.gpt2sentiment.pipeline;

import ai.djl.ndarray.NDManager;
import io.github.gpt2sentiment.explain.TextScorer;
import io.github.gpt2sentiment.explain.ZeroShotExplanation;
import io.github.gpt2sentiment.model.Checkpoint;
import io.github.gpt2sentiment.model.Gpt2;
import io.github.gpt2sentiment.scoring.SentimentClassifier;
import io.github.gpt2sentiment.scoring.ZeroShotClassifier;
import io.github.gpt2sentiment.scoring.ZeroShotConfig;
import io.github.gpt2sentiment.tokenization.Gpt2Tokenizer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;

/**
 * A run's classifier, before or after fine-tuning, loaded once and kept open to score a few texts at a time: to
 * explain one review, to score hand-written sentences, to compute word attributions. It is set up exactly as the
 * run's steps set it up ({@link Steps#baseline}, {@link Steps#evaluate}), so it gives the same p(positive).
 *
 * <p>Usage:
 * <pre>{@code
 * try (OpenClassifier before = OpenClassifier.zeroShot(profile, data, modelDir)) {
 *     double[] p = before.pPositive(List.of("Not bad at all."));
 * }
 * }</pre>
 */
public final class OpenClassifier implements TextScorer, AutoCloseable {

    private final NDManager manager;
    private final Gpt2Tokenizer tokenizer;
    private final ZeroShotClassifier zeroShot;
    private final SentimentClassifier fineTuned;

    private OpenClassifier(NDManager manager, Gpt2Tokenizer tokenizer, ZeroShotClassifier zeroShot,
            SentimentClassifier fineTuned) {
        this.manager = manager;
        this.tokenizer = tokenizer;
        this.zeroShot = zeroShot;
        this.fineTuned = fineTuned;
    }

    /** The zero-shot baseline of the run: the model folder's language model with the profile's prompt settings. */
    public static OpenClassifier zeroShot(RunProfile profile, RunData data, Path modelDir) {
        return zeroShot(profile.zeroShot(), data, modelDir);
    }

    /** A zero-shot classifier with other prompt settings, e.g. {@code profile.zeroShot().withCalibration(false)}. */
    public static OpenClassifier zeroShot(ZeroShotConfig config, RunData data, Path modelDir) {
        return open(modelDir, (manager, tokenizer) -> {
            Gpt2 lm = Checkpoint.load(modelDir, Gpt2.Head.LANGUAGE_MODEL, manager).model();
            ZeroShotClassifier classifier = new ZeroShotClassifier(lm, tokenizer, config, data.dataset().train());
            return new OpenClassifier(manager, tokenizer, classifier, null);
        });
    }

    /**
     * The fine-tuned classifier in {@code folder} (the run's {@code model/}), reading reviews cut to the profile's
     * maximum length.
     *
     * @throws IllegalArgumentException when the folder holds no classification head
     */
    public static OpenClassifier fineTuned(RunProfile profile, Path folder) {
        return open(folder, (manager, tokenizer) -> new OpenClassifier(manager, tokenizer, null,
                SentimentClassifier.load(folder, manager, tokenizer, profile.maxLength(),
                        ZeroShotConfig.DEFAULT_BATCH_TOKENS, null)));
    }

    /** Opens the model in {@code folder} with its tokenizer; what {@code build} fails on is closed again. */
    private static OpenClassifier open(Path folder, BiFunction<NDManager, Gpt2Tokenizer, OpenClassifier> build) {
        NDManager manager = NDManager.newBaseManager();
        Gpt2Tokenizer tokenizer = null;
        try {
            tokenizer = Gpt2Tokenizer.load(folder);
            return build.apply(manager, tokenizer);
        } catch (RuntimeException e) {
            if (tokenizer != null) {
                tokenizer.close();
            }
            manager.close();
            throw e;
        }
    }

    @Override
    public double[] pPositive(List<String> texts) {
        return zeroShot != null ? zeroShot.score(texts, n -> { }).pPositive()
                : fineTuned.score(texts, n -> { }).pPositive();
    }

    /**
     * One review through the zero-shot classifier, step by step.
     *
     * @throws IllegalStateException for a fine-tuned classifier
     */
    public ZeroShotExplanation explain(String review) {
        if (zeroShot == null) {
            throw new IllegalStateException("explain() shows the zero-shot prompt; this is the fine-tuned classifier");
        }
        return ZeroShotExplanation.of(zeroShot, tokenizer, review);
    }

    /**
     * The part of a review this classifier reads: the review itself when it fits, else the text of the tokens it
     * keeps (the review's head, cut to the prompt's budget or the maximum length).
     */
    public String readPart(String review) {
        long[] ids;
        int budget;
        if (zeroShot != null) {
            // As the zero-shot prompt tokenizes it: stripped, after the template's trailing spaces.
            String prefix = zeroShot.config().prefix();
            ids = tokenizer.encode(prefix.substring(prefix.replaceAll(" +$", "").length()) + review.strip());
            budget = zeroShot.reviewBudget();
        } else {
            ids = tokenizer.encode(review);
            budget = fineTuned.maxLength();
        }
        return ids.length <= budget ? review : tokenizer.decode(Arrays.copyOf(ids, budget)).strip();
    }

    /** The zero-shot classifier, or {@code null} for a fine-tuned one. */
    public ZeroShotClassifier zeroShotClassifier() {
        return zeroShot;
    }

    /** The model's tokenizer. */
    public Gpt2Tokenizer tokenizer() {
        return tokenizer;
    }

    @Override
    public void close() {
        tokenizer.close();
        manager.close();
    }
}
