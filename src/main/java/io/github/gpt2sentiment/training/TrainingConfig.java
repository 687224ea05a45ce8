package io.github.gpt2sentiment.training;

import io.github.gpt2sentiment.tokenization.Truncation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Every setting of a fine-tuning run. The defaults are the walkthrough's recipe (transformers' {@code Trainer}
 * with AdamW): learning rate 2e-5, batch size 8, 3 epochs, weight decay 0.01, gradient clipping at 1.0.
 *
 * <p>Usage: {@code TrainingConfig config = TrainingConfig.defaults().withEpochs(1).withLearningRate(5e-5);}
 *
 * @param mode           classifier (sequence-classification head) or lm (causal LM on the verbalizer)
 * @param trainSize      training reviews drawn from the training split (0: all that are left after validation)
 * @param valSize        validation reviews held out from the training split
 * @param epochs         passes over the training reviews
 * @param batchSize      reviews per forward pass (a micro-batch)
 * @param gradAccum      micro-batches whose gradients add up before one optimizer step
 * @param learningRate   peak learning rate, reached after the warm-up
 * @param warmupRatio    fraction of the optimizer steps spent raising the learning rate linearly from 0
 * @param weightDecay    AdamW's decoupled weight decay (never applied to biases and LayerNorm weights)
 * @param maxLength      longest token sequence fed to the model
 * @param truncation     which tokens a long review keeps: {@code head}, {@code tail} or {@code head+tail}
 * @param patience       evaluations without a lower validation loss before stopping (0: never stop early)
 * @param seed           seeds the data order, the dropout masks and the initial head
 * @param evalEvery      optimizer steps between evaluations (0: once per epoch)
 * @param maxGradNorm    the global gradient norm is clipped to this
 */
public record TrainingConfig(
        Mode mode,
        int trainSize,
        int valSize,
        int epochs,
        int batchSize,
        int gradAccum,
        double learningRate,
        double warmupRatio,
        double weightDecay,
        int maxLength,
        String truncation,
        int patience,
        long seed,
        int evalEvery,
        double maxGradNorm) {

    /** What the model is fine-tuned to do. */
    public enum Mode {
        /** GPT-2 plus a linear head on the last real token, trained with cross-entropy on the label. */
        CLASSIFIER,
        /** GPT-2's own LM head, trained to write the verbalizer after the review and the prompt. */
        LM;

        /** Parses {@code classifier} or {@code lm}. */
        public static Mode parse(String text) {
            return switch (text.toLowerCase(Locale.ROOT)) {
                case "classifier" -> CLASSIFIER;
                case "lm" -> LM;
                default -> throw new IllegalArgumentException(
                        "Unknown mode '" + text + "': expected classifier or lm");
            };
        }
    }

    /** The truncation names this project understands. */
    public static final List<String> TRUNCATIONS = Truncation.NAMES;

    /**
     * Checks every setting that can be checked without the model and throws one error listing all the problems.
     */
    public TrainingConfig {
        List<String> problems = new ArrayList<>();
        if (mode == null) {
            problems.add("mode is missing (classifier or lm)");
        }
        if (trainSize < 0) {
            problems.add("train size must be 0 (all) or more, got " + trainSize);
        }
        if (valSize < 1) {
            problems.add("validation size must be at least 1, got " + valSize);
        }
        if (epochs < 1) {
            problems.add("epochs must be at least 1, got " + epochs);
        }
        if (batchSize < 1) {
            problems.add("batch size must be at least 1, got " + batchSize);
        }
        if (gradAccum < 1) {
            problems.add("gradient accumulation must be at least 1 micro-batch, got " + gradAccum);
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            problems.add("learning rate must be a positive number, got " + learningRate + " (the recipe uses 2e-5)");
        }
        if (!(warmupRatio >= 0 && warmupRatio < 1)) {
            problems.add("warm-up ratio must be in [0, 1), got " + warmupRatio);
        }
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            problems.add("weight decay must be 0 or more, got " + weightDecay);
        }
        if (maxLength < 2) {
            problems.add("max length must be at least 2 tokens, got " + maxLength);
        }
        if (!TRUNCATIONS.contains(truncation)) {
            problems.add("truncation must be one of " + TRUNCATIONS + ", got '" + truncation + "'");
        }
        if (patience < 0) {
            problems.add("patience must be 0 (off) or more, got " + patience);
        }
        if (evalEvery < 0) {
            problems.add("evaluation interval must be 0 (every epoch) or more steps, got " + evalEvery);
        }
        if (!(maxGradNorm > 0) || Double.isInfinite(maxGradNorm)) {
            problems.add("max gradient norm must be positive, got " + maxGradNorm);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("Invalid training settings: " + String.join("; ", problems));
        }
    }

    /**
     * The walkthrough's recipe: every training review but 1,000 held out for validation, 3 epochs of batches of 8 at
     * 2e-5, weight decay 0.01, no warm-up, reviews cut to their first 256 tokens, no early stopping, seed 42.
     */
    public static TrainingConfig defaults() {
        return new TrainingConfig(Mode.CLASSIFIER, 0, 1000, 3, 8, 1, 2e-5, 0.0, 0.01, 256, "head", 0, 42, 0, 1.0);
    }

    /**
     * Checks the settings that depend on the model.
     *
     * @param nPositions the longest sequence the model's position table covers ({@code n_positions})
     */
    public void checkFits(int nPositions) {
        if (maxLength > nPositions) {
            throw new IllegalArgumentException("max length " + maxLength + " is longer than the model's n_positions "
                    + nPositions + ": pass --max-length " + nPositions + " or less");
        }
    }

    /** Optimizer steps in one epoch of {@code batches} micro-batches (a partial accumulation still steps). */
    public int stepsPerEpoch(int batches) {
        return (batches + gradAccum - 1) / gradAccum;
    }

    public TrainingConfig withMode(Mode value) {
        return new TrainingConfig(value, trainSize, valSize, epochs, batchSize, gradAccum, learningRate,
                warmupRatio, weightDecay, maxLength, truncation, patience, seed, evalEvery, maxGradNorm);
    }

    public TrainingConfig withTrainSize(int value) {
        return new TrainingConfig(mode, value, valSize, epochs, batchSize, gradAccum, learningRate,
                warmupRatio, weightDecay, maxLength, truncation, patience, seed, evalEvery, maxGradNorm);
    }

    public TrainingConfig withValSize(int value) {
        return new TrainingConfig(mode, trainSize, value, epochs, batchSize, gradAccum, learningRate,
                warmupRatio, weightDecay, maxLength, truncation, patience, seed, evalEvery, maxGradNorm);
    }

    public TrainingConfig withEpochs(int value) {
        return new TrainingConfig(mode, trainSize, valSize, value, batchSize, gradAccum, learningRate,
                warmupRatio, weightDecay, maxLength, truncation, patience, seed, evalEvery, maxGradNorm);
    }

    public TrainingConfig withBatchSize(int value) {
        return new TrainingConfig(mode, trainSize, valSize, epochs, value, gradAccum, learningRate,
                warmupRatio, weightDecay, maxLength, truncation, patience, seed, evalEvery, maxGradNorm);
    }

    public TrainingConfig withGradAccum(int value) {
        return new TrainingConfig(mode, trainSize, valSize, epochs, batchSize, value, learningRate,
                warmupRatio, weightDecay, maxLength, truncation, patience, seed, evalEvery, maxGradNorm);
    }

    public TrainingConfig withLearningRate(double value) {
        return new TrainingConfig(mode, trainSize, valSize, epochs, batchSize, gradAccum, value,
                warmupRatio, weightDecay, maxLength, truncation, patience, seed, evalEvery, maxGradNorm);
    }

    public TrainingConfig withWarmupRatio(double value) {
        return new TrainingConfig(mode, trainSize, valSize, epochs, batchSize, gradAccum, learningRate,
                value, weightDecay, maxLength, truncation, patience, seed, evalEvery, maxGradNorm);
    }

    public TrainingConfig withWeightDecay(double value) {
        return new TrainingConfig(mode, trainSize, valSize, epochs, batchSize, gradAccum, learningRate,
                warmupRatio, value, maxLength, truncation, patience, seed, evalEvery, maxGradNorm);
    }

    public TrainingConfig withMaxLength(int value) {
        return new TrainingConfig(mode, trainSize, valSize, epochs, batchSize, gradAccum, learningRate,
                warmupRatio, weightDecay, value, truncation, patience, seed, evalEvery, maxGradNorm);
    }

    public TrainingConfig withTruncation(String value) {
        return new TrainingConfig(mode, trainSize, valSize, epochs, batchSize, gradAccum, learningRate,
                warmupRatio, weightDecay, maxLength, value, patience, seed, evalEvery, maxGradNorm);
    }

    public TrainingConfig withPatience(int value) {
        return new TrainingConfig(mode, trainSize, valSize, epochs, batchSize, gradAccum, learningRate,
                warmupRatio, weightDecay, maxLength, truncation, value, seed, evalEvery, maxGradNorm);
    }

    public TrainingConfig withSeed(long value) {
        return new TrainingConfig(mode, trainSize, valSize, epochs, batchSize, gradAccum, learningRate,
                warmupRatio, weightDecay, maxLength, truncation, patience, value, evalEvery, maxGradNorm);
    }

    public TrainingConfig withEvalEvery(int value) {
        return new TrainingConfig(mode, trainSize, valSize, epochs, batchSize, gradAccum, learningRate,
                warmupRatio, weightDecay, maxLength, truncation, patience, seed, value, maxGradNorm);
    }

    public TrainingConfig withMaxGradNorm(double value) {
        return new TrainingConfig(mode, trainSize, valSize, epochs, batchSize, gradAccum, learningRate,
                warmupRatio, weightDecay, maxLength, truncation, patience, seed, evalEvery, value);
    }
}
