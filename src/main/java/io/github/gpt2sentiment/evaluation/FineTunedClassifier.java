package io.github.gpt2sentiment.evaluation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import io.github.gpt2sentiment.data.Review;
import io.github.gpt2sentiment.model.Gpt2;
import io.github.gpt2sentiment.tokenization.Batch;
import io.github.gpt2sentiment.tokenization.Gpt2Tokenizer;
import io.github.gpt2sentiment.tokenization.Padding;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.IntConsumer;

/**
 * p(positive) from a fine-tuned GPT-2 sequence classifier: the softmax of its logits for the positive and the
 * negative label, found by name in the config's {@code id2label}.
 *
 * <p>Reviews are tokenized as they are, cut to their first {@code maxLength} tokens, sorted by length and run in
 * left-padded batches without gradients (left padding puts every review's last token in the last column, which the
 * classifier reads whatever {@code pad_token_id} is).
 *
 * <p>Usage:
 * <pre>{@code
 * Gpt2 cls = Checkpoint.load(dir, Gpt2.Head.SEQUENCE_CLASSIFICATION, manager).model();
 * List<Prediction> predictions = new FineTunedClassifier(cls, tokenizer, 0).predict(test, n -> {});
 * }</pre>
 */
public final class FineTunedClassifier {

    private final Gpt2 model;
    private final Gpt2Tokenizer tokenizer;
    private final int maxLength;
    private final int batchTokens;
    private final int negative;
    private final int positive;

    /** A classifier with the default batch budget ({@link ZeroShotConfig#DEFAULT_BATCH_TOKENS} padded tokens). */
    public FineTunedClassifier(Gpt2 model, Gpt2Tokenizer tokenizer, int maxLength) {
        this(model, tokenizer, maxLength, ZeroShotConfig.DEFAULT_BATCH_TOKENS);
    }

    /**
     * @param model GPT-2 with its sequence-classification head
     * @param maxLength the longest review in tokens; 0 means the model's {@code n_positions}
     * @param batchTokens the most padded tokens in one forward pass
     * @throws IllegalArgumentException when the labels name no positive and negative class, or the max length
     *     exceeds the model's positions
     */
    public FineTunedClassifier(Gpt2 model, Gpt2Tokenizer tokenizer, int maxLength, int batchTokens) {
        if (model.head() != Gpt2.Head.SEQUENCE_CLASSIFICATION) {
            throw new IllegalArgumentException("a fine-tuned classifier needs the sequence-classification head, got "
                    + model.head());
        }
        Scoring.requireGpt2Vocabulary(model);
        int positions = model.config().nPositions();
        if (maxLength < 0 || maxLength > positions) {
            throw new IllegalArgumentException("max length must be in 1.." + positions + " (n_positions), or 0 for "
                    + positions + "; got " + maxLength);
        }
        if (batchTokens < 1) {
            throw new IllegalArgumentException("batchTokens must be at least 1, got " + batchTokens);
        }
        int[] labels = labelIndices(model.config().labels());
        this.model = model;
        this.tokenizer = tokenizer;
        this.maxLength = maxLength == 0 ? positions : maxLength;
        this.batchTokens = batchTokens;
        this.negative = labels[0];
        this.positive = labels[1];
    }

    /**
     * The indices {@code [negative, positive]} of the sentiment labels among a classifier's label names: the
     * names {@code negative}/{@code positive} or {@code neg}/{@code pos} in any case; with exactly two labels and no
     * such names, {@code LABEL_0}/{@code LABEL_1} or {@code 0}/{@code 1} (what {@code transformers} names them by
     * default), label 1 positive.
     *
     * @throws IllegalArgumentException naming the labels when neither rule applies
     */
    public static int[] labelIndices(List<String> labels) {
        int negative = -1;
        int positive = -1;
        for (int i = 0; i < labels.size(); i++) {
            String name = labels.get(i).strip().toLowerCase(Locale.ROOT);
            if (name.equals("negative") || name.equals("neg")) {
                negative = negative == -1 ? i : -2;
            } else if (name.equals("positive") || name.equals("pos")) {
                positive = positive == -1 ? i : -2;
            }
        }
        if (negative >= 0 && positive >= 0) {
            return new int[] {negative, positive};
        }
        if (labels.size() == 2 && negative == -1 && positive == -1) {
            String first = labels.get(0).strip().toUpperCase(Locale.ROOT);
            String second = labels.get(1).strip().toUpperCase(Locale.ROOT);
            if ((first.equals("LABEL_0") && second.equals("LABEL_1")) || (first.equals("0") && second.equals("1"))) {
                return new int[] {0, 1};
            }
        }
        throw new IllegalArgumentException("cannot tell which label is positive in id2label " + labels + ": expected "
                + "one label named POSITIVE (or positive, pos) and one named NEGATIVE (or negative, neg), or the "
                + "two default labels LABEL_0 (negative) and LABEL_1 (positive); fix config.json's id2label");
    }

    /** The index of the positive label among the model's labels. */
    public int positiveIndex() {
        return positive;
    }

    /** The index of the negative label among the model's labels. */
    public int negativeIndex() {
        return negative;
    }

    /** The longest review fed to the model, in tokens. */
    public int maxLength() {
        return maxLength;
    }

    /**
     * p(positive) of each text: {@code softmax(logit_negative, logit_positive)[positive]}, which is the model's
     * full softmax when it has two labels; with more (say a neutral one) the decision is between these two.
     *
     * @param progress told how many texts each batch finished
     * @return per text its probability, and how many texts were cut to {@link #maxLength}
     * @throws IllegalArgumentException for no texts, or a text without any token
     */
    public Scores score(List<String> texts, IntConsumer progress) {
        if (texts.isEmpty()) {
            throw new IllegalArgumentException("no reviews to classify");
        }
        long[][] ids = tokenizer.encodeAll(texts.toArray(String[]::new));
        int truncated = 0;
        int[] lengths = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            if (ids[i].length == 0) {
                throw new IllegalArgumentException("review " + (i + 1) + " is empty: a classifier needs at least "
                        + "one token");
            }
            if (ids[i].length > maxLength) {
                ids[i] = Arrays.copyOf(ids[i], maxLength);
                truncated++;
            }
            lengths[i] = ids[i].length;
        }
        // Without pad_token_id the model cannot find a padded row's end: one review per forward then.
        int budget = model.config().padTokenId() == null ? 1 : batchTokens;
        int labels = model.config().numLabels();
        double[] p = new double[ids.length];
        try (NDManager manager = NDManager.newBaseManager(Scoring.deviceOf(model))) {
            ParameterStore parameters = new ParameterStore(manager, false);
            for (int[] rows : Scoring.byLength(lengths, 1, budget)) {
                try (NDManager scope = manager.newSubManager()) {
                    NDList inputs = Batch.pad(ids, rows, Padding.LEFT).toNDList(scope);
                    NDArray logits = model.forward(parameters, inputs, false).singletonOrThrow();
                    float[] flat = logits.toFloatArray();
                    for (int k = 0; k < rows.length; k++) {
                        double margin = flat[k * labels + positive] - flat[k * labels + negative];
                        p[rows[k]] = 1 / (1 + Math.exp(-margin));
                    }
                }
                progress.accept(rows.length);
            }
        }
        return new Scores(p, truncated);
    }

    /**
     * What the classifier says about some texts.
     *
     * @param pPositive per text, its probability of being positive
     * @param truncated how many texts were cut to the max length
     */
    public record Scores(double[] pPositive, int truncated) {}

    /** Per review, in order: its id, label and p(positive). */
    public List<Prediction> predict(List<Review> reviews, IntConsumer progress) {
        return Scoring.predictions(reviews, score(Scoring.texts(reviews), progress).pPositive());
    }
}
