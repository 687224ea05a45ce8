package io.github.gpt2sentiment.pipeline;

import ai.djl.engine.Engine;
import io.github.gpt2sentiment.model.LoraConfig;
import io.github.gpt2sentiment.scoring.ZeroShotConfig;
import io.github.gpt2sentiment.tokenization.Truncation;
import io.github.gpt2sentiment.training.TrainingConfig;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The settings of one walkthrough run, QUICK or FULL, shared by the notebooks' parameter cells and the {@code all}
 * command so both do exactly the same thing.
 *
 * <ul>
 *   <li>QUICK: a few hundred reviews cut to 128 tokens, small enough for a CPU. It proves every step works and shows
 *       the shape of the results; its intervals are wide and its accuracy is not GPT-2's best.</li>
 *   <li>FULL: all of IMDB (24,000 training reviews, 1,000 held out for validation, the 25,000 test reviews), 512
 *       tokens, the walkthrough's three epochs; meant for a GPU.</li>
 * </ul>
 *
 * <p>Usage: {@code RunProfile p = RunProfile.fromEnvironment(); // GPT2_SENTIMENT_MODE, _MODEL, _DATA}
 *
 * @param mode QUICK or FULL
 * @param model hub id (e.g. {@code gpt2}) or local model folder
 * @param data {@code imdb} (the official archive, downloaded once) or a path to the archive, an {@code aclImdb/}
 *     folder or a file of labelled reviews
 * @param exploreReviews reviews per split the exploration tokenizes and measures (0: all)
 * @param trainReviews training reviews the model is fine-tuned on (0: all left after validation)
 * @param validationReviews training reviews held out to pick the best epoch
 * @param testReviews test reviews both the baseline and the fine-tuned model are scored on (0: all)
 * @param maxLength tokens fed to the model per review, at most
 * @param epochs passes over the training reviews
 * @param batchSize reviews per training step
 * @param learningRate AdamW's peak learning rate
 * @param evalEvery optimizer steps between evaluations on the validation reviews (0: once per epoch)
 * @param patience evaluations in a row without a lower validation loss before training stops early (0: never)
 * @param seed seeds the subsets, the new classifier head, dropout and the data order
 * @param lora how the model is fine-tuned: null for full fine-tuning (every weight trains, QUICK's and FULL's
 *     default), or LoRA's settings (low-rank adapters and the head train, the base stays frozen)
 */
public record RunProfile(
        Mode mode,
        String model,
        String data,
        int exploreReviews,
        int trainReviews,
        int validationReviews,
        int testReviews,
        int maxLength,
        int epochs,
        int batchSize,
        double learningRate,
        int evalEvery,
        int patience,
        long seed,
        LoraConfig lora) {

    /** GPT-2 small from the Hugging Face hub. */
    public static final String DEFAULT_MODEL = "gpt2";

    /** The official IMDB archive, downloaded once into the cache. */
    public static final String DEFAULT_DATA = "imdb";

    /**
     * The peak learning rate for LoRA, larger than full fine-tuning's (5e-5 QUICK, 2e-5 FULL): the pretrained
     * weights are frozen, so large steps cannot wreck them, and the adapters start from zero with few weights to
     * carry the whole change. LoRA's authors trained rank-8 adapters (alpha 16) on RoBERTa-base at 4e-4 to 5e-4
     * (GLUE, microsoft/LoRA's examples).
     *
     * <p>Usage: {@code profile.withLora(LoraConfig.defaults()).withLearningRate(RunProfile.LORA_LEARNING_RATE)}
     */
    public static final double LORA_LEARNING_RATE = 5e-4;

    /** How big a run is. */
    public enum Mode {
        QUICK, FULL;

        /** {@code quick} or {@code full}, any case. */
        public static Mode parse(String text) {
            return switch (text.strip().toLowerCase(Locale.ROOT)) {
                case "quick" -> QUICK;
                case "full" -> FULL;
                default -> throw new IllegalArgumentException("Unknown mode '" + text + "': expected quick or full");
            };
        }

        /** {@code quick} or {@code full}, as the environment variable and folder names spell it. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public RunProfile {
        if (mode == null || model == null || model.isBlank() || data == null || data.isBlank()) {
            throw new IllegalArgumentException("a run needs a mode, a model and data");
        }
        if (exploreReviews < 0 || trainReviews < 0 || testReviews < 0 || validationReviews < 1) {
            throw new IllegalArgumentException("review counts must be >= 0 (0: all), and at least 1 validation "
                    + "review; got explore " + exploreReviews + ", train " + trainReviews + ", validation "
                    + validationReviews + ", test " + testReviews);
        }
        if (evalEvery < 0 || patience < 0) {
            throw new IllegalArgumentException("the evaluation interval and the patience must be >= 0 (0: every "
                    + "epoch, and no early stopping); got " + evalEvery + " and " + patience);
        }
        if (maxLength < 2 || epochs < 1 || batchSize < 1 || !(learningRate > 0)) {
            throw new IllegalArgumentException("max length >= 2, epochs >= 1, batch size >= 1 and a positive "
                    + "learning rate are needed; got " + maxLength + ", " + epochs + ", " + batchSize + ", "
                    + learningRate);
        }
    }

    /**
     * QUICK: 320 training and 40 validation reviews, 200 test reviews, 128 tokens, 2 epochs of batches of 8 at
     * 5e-5 (a few steps need a larger rate than the walkthrough's 2e-5), 1,000 reviews per split explored. It
     * evaluates every 8 of its 80 steps, so the learning curves have 10 validation points; the validation reviews
     * are few so that evaluating that often costs little.
     */
    public static RunProfile quick() {
        return new RunProfile(Mode.QUICK, DEFAULT_MODEL, DEFAULT_DATA, 1_000, 320, 40, 200, 128, 2, 8, 5e-5, 8, 0,
                42, null);
    }

    /**
     * FULL: every training review but 1,000 held out for validation, all 25,000 test reviews, 512 tokens, the
     * walkthrough's 3 epochs of batches of 8 at 2e-5, an evaluation per epoch, everything explored.
     */
    public static RunProfile full() {
        return new RunProfile(Mode.FULL, DEFAULT_MODEL, DEFAULT_DATA, 0, 0, 1_000, 0, 512, 3, 8, 2e-5, 0, 0, 42, null);
    }

    /** {@link #quick()} or {@link #full()}. */
    public static RunProfile of(Mode mode) {
        return mode == Mode.FULL ? full() : quick();
    }

    /** FULL when the engine sees a GPU, else QUICK. */
    public static Mode defaultMode() {
        return Engine.getInstance().getGpuCount() > 0 ? Mode.FULL : Mode.QUICK;
    }

    /**
     * The profile the environment asks for: {@code GPT2_SENTIMENT_MODE} ({@code quick} or {@code full}; unset:
     * FULL on a GPU, else QUICK), {@code GPT2_SENTIMENT_MODEL} (default {@code gpt2}) and
     * {@code GPT2_SENTIMENT_DATA} (default {@code imdb}). Blank values count as unset.
     */
    public static RunProfile fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /** {@link #fromEnvironment()} reading the given variables instead of the process's. */
    public static RunProfile fromEnvironment(Map<String, String> env) {
        String mode = blankToNull(env.get("GPT2_SENTIMENT_MODE"));
        RunProfile profile = of(mode == null ? defaultMode() : Mode.parse(mode));
        String model = blankToNull(env.get("GPT2_SENTIMENT_MODEL"));
        String data = blankToNull(env.get("GPT2_SENTIMENT_DATA"));
        return profile.withModel(model == null ? DEFAULT_MODEL : model).withData(data == null ? DEFAULT_DATA : data);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** The same run with another model: a hub id or a local model folder. */
    public RunProfile withModel(String value) {
        return new RunProfile(mode, value, data, exploreReviews, trainReviews, validationReviews, testReviews,
                maxLength, epochs, batchSize, learningRate, evalEvery, patience, seed, lora);
    }

    /** The same run on other data: {@code imdb}, an archive, a folder or a file of labelled reviews. */
    public RunProfile withData(String value) {
        return new RunProfile(mode, model, value, exploreReviews, trainReviews, validationReviews, testReviews,
                maxLength, epochs, batchSize, learningRate, evalEvery, patience, seed, lora);
    }

    /** The same run with another peak learning rate, e.g. {@code 2e-5}. */
    public RunProfile withLearningRate(double value) {
        return new RunProfile(mode, model, data, exploreReviews, trainReviews, validationReviews, testReviews,
                maxLength, epochs, batchSize, value, evalEvery, patience, seed, lora);
    }

    /** The same run evaluating every {@code value} optimizer steps (0: once per epoch). */
    public RunProfile withEvalEvery(int value) {
        return new RunProfile(mode, model, data, exploreReviews, trainReviews, validationReviews, testReviews,
                maxLength, epochs, batchSize, learningRate, value, patience, seed, lora);
    }

    /** The same run stopping after {@code value} evaluations without progress (0: never). */
    public RunProfile withPatience(int value) {
        return new RunProfile(mode, model, data, exploreReviews, trainReviews, validationReviews, testReviews,
                maxLength, epochs, batchSize, learningRate, evalEvery, value, seed, lora);
    }

    /**
     * The same run fine-tuned with LoRA ({@code LoraConfig.defaults()}: rank 8 on {@code c_attn}), or fully with
     * {@code null}. The fine-tuned folder is then a PEFT adapter folder naming {@link #model()} as its base.
     *
     * <p>Usage: {@code RunProfile lora = profile.withLora(LoraConfig.defaults());}
     */
    public RunProfile withLora(LoraConfig value) {
        return new RunProfile(mode, model, data, exploreReviews, trainReviews, validationReviews, testReviews,
                maxLength, epochs, batchSize, learningRate, evalEvery, patience, seed, value);
    }

    /**
     * How a review longer than {@link #maxLength()} is cut: its first tokens are kept, as {@code transformers}
     * does and as the zero-shot and fine-tuned classifiers of this project read reviews, so every step sees the
     * same text.
     */
    public Truncation truncation() {
        return Truncation.head(maxLength);
    }

    /**
     * The zero-shot baseline's settings: the default prompt and verbalizers, contextual calibration on, the
     * profile's seed, and a context of {@link #maxLength()} tokens (prompt and answer included), so the baseline
     * sees about as much of each review as the fine-tuned classifier.
     */
    public ZeroShotConfig zeroShot() {
        return ZeroShotConfig.defaults().withCalibration(true).withSeed(seed).withMaxLength(maxLength);
    }

    /**
     * The fine-tuning settings: the walkthrough's recipe ({@link TrainingConfig#defaults()}: AdamW with weight decay
     * 0.01, linear decay without warm-up, global gradient norm clipped at 1, the best validation loss kept) with this
     * profile's sizes, length, epochs, batch size, learning rate, evaluation interval, patience and seed.
     */
    public TrainingConfig training() {
        return TrainingConfig.defaults().withTrainSize(trainReviews).withValSize(validationReviews)
                .withEpochs(epochs).withBatchSize(batchSize).withLearningRate(learningRate).withMaxLength(maxLength)
                .withTruncation("head").withEvalEvery(evalEvery).withPatience(patience).withSeed(seed);
    }

    /** What {@link Steps#fineTune} trains: a classifier with {@link #training()}, fully or with {@link #lora()}. */
    public FineTuning.Plan plan() {
        return new FineTuning.Plan(model, training(), lora);
    }

    /** {@link #training()} in reading order, for a notebook's or the report's settings table. */
    public Map<String, Object> trainingSettings() {
        TrainingConfig t = training();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("objective", "cross-entropy on the label, classification head on the last real token");
        m.put("method", lora == null ? "full fine-tuning: every weight trains" : 
                "LoRA (" + lora.summary() + "): the adapters and the head train, the rest is frozen");
        m.put("epochs", t.epochs());
        m.put("batch size", t.batchSize() + (t.gradAccum() > 1 ? " x " + t.gradAccum() + " accumulated" : ""));
        m.put("optimizer", String.format(Locale.ROOT, "AdamW, peak learning rate %.0e, weight decay %s "
                + "(not on biases and layer norms)", t.learningRate(), t.weightDecay()));
        m.put("schedule", t.warmupRatio() > 0 ? "linear warm-up over " + t.warmupRatio() * 100 + " % of the steps, "
                + "then linear decay to 0" : "linear decay to 0, no warm-up");
        m.put("gradient clipping", "global norm " + t.maxGradNorm());
        m.put("max length", t.maxLength() + " tokens (" + t.truncation() + ")");
        m.put("evaluation", t.evalEvery() == 0 ? "on the validation reviews after every epoch"
                : "every " + t.evalEvery() + " steps");
        m.put("kept weights", "those with the lowest validation loss");
        m.put("early stopping", t.patience() == 0 ? "off" : "after " + t.patience() + " evaluations without progress");
        m.put("seed", t.seed());
        return m;
    }

    /** How many test reviews to score, as the evaluation runs take it: {@code null} for all of them. */
    public Integer testLimit() {
        return testReviews == 0 ? null : testReviews;
    }

    /** The settings in reading order, for a notebook's or the report's settings table. */
    public Map<String, Object> settings() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mode", mode.label());
        m.put("model", model);
        m.put("data", data);
        m.put("explored reviews per split", exploreReviews == 0 ? "all" : exploreReviews);
        m.put("training reviews", trainReviews == 0 ? "all but the validation reviews" : trainReviews);
        m.put("validation reviews", validationReviews);
        m.put("test reviews", testReviews == 0 ? "all" : testReviews);
        m.put("max length (tokens)", maxLength);
        m.put("truncation", "keep the first " + maxLength + " tokens");
        m.put("epochs", epochs);
        m.put("batch size", batchSize);
        m.put("learning rate", String.format(Locale.ROOT, "%.0e", learningRate));
        m.put("evaluation", evalEvery == 0 ? "every epoch" : "every " + evalEvery + " steps");
        m.put("early stopping", patience == 0 ? "off" : "after " + patience + " evaluations without progress");
        m.put("seed", seed);
        return m;
    }
}
