package io.github.gpt2sentiment.scoring;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import io.github.gpt2sentiment.data.Review;
import io.github.gpt2sentiment.hub.ModelSource;
import io.github.gpt2sentiment.model.Checkpoint;
import io.github.gpt2sentiment.model.Devices;
import io.github.gpt2sentiment.model.Gpt2;
import io.github.gpt2sentiment.tokenization.Batch;
import io.github.gpt2sentiment.tokenization.Batching;
import io.github.gpt2sentiment.tokenization.Gpt2Tokenizer;
import io.github.gpt2sentiment.tokenization.Padding;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.IntConsumer;

/**
 * A fine-tuned GPT-2 sentiment classifier, the one way the project scores one: the trainer's validation,
 * {@code train}'s final test run, {@code evaluate}, {@code classify}, {@code all} and the notebooks all come here.
 * p(positive) is the softmax of the logits of the positive and the negative label, found by name in the config's
 * {@code id2label}.
 *
 * <p>Texts are tokenized as they are and cut to their first {@code maxLength} tokens (token ids from elsewhere, such
 * as the trainer's examples, come as they are); rows are sorted by length and run without gradients in batches
 * left-padded with the model's {@code pad_token_id} (left padding puts every row's last token in the last column,
 * where the classifier reads it). Without a {@code pad_token_id} the model cannot find a padded row's end, so each
 * row then runs alone.
 *
 * <p>Usage:
 * <pre>{@code
 * SentimentClassifier classifier = SentimentClassifier.load(dir, manager, tokenizer, 0, 2048, null);
 * List<Prediction> predictions = classifier.predict(test, n -> {});
 * }</pre>
 */
public final class SentimentClassifier {

    private final Gpt2 model;
    private final Gpt2Tokenizer tokenizer;
    private final int maxLength;
    private final int batchTokens;
    /** {@code [negative, positive]} label indices, or null when the labels name no sentiment. */
    private final int[] sentiment;
    private final Checkpoint.LoadReport loadReport;

    /** A classifier with the default batch budget ({@link ZeroShotConfig#DEFAULT_BATCH_TOKENS} padded tokens). */
    public SentimentClassifier(Gpt2 model, Gpt2Tokenizer tokenizer, int maxLength) {
        this(model, tokenizer, maxLength, ZeroShotConfig.DEFAULT_BATCH_TOKENS);
    }

    /**
     * @param model GPT-2 with its sequence-classification head
     * @param tokenizer turns texts into ids; may be null when only {@link #logits} of ids is used
     * @param maxLength the longest text in tokens; 0 means the model's {@code n_positions}
     * @param batchTokens the most padded tokens in one forward pass
     * @throws IllegalArgumentException when the max length exceeds the model's positions (labels that name no
     *     positive and negative class fail later, when p(positive) is asked for: raw {@link #logits} need none)
     */
    public SentimentClassifier(Gpt2 model, Gpt2Tokenizer tokenizer, int maxLength, int batchTokens) {
        this(model, tokenizer, maxLength, batchTokens, null);
    }

    private SentimentClassifier(Gpt2 model, Gpt2Tokenizer tokenizer, int maxLength, int batchTokens,
            Checkpoint.LoadReport loadReport) {
        if (model.head() != Gpt2.Head.SEQUENCE_CLASSIFICATION) {
            throw new IllegalArgumentException("a fine-tuned classifier needs the sequence-classification head, got "
                    + model.head());
        }
        int positions = model.config().nPositions();
        if (maxLength < 0 || maxLength > positions) {
            throw new IllegalArgumentException("max length must be in 1.." + positions + " (n_positions), or 0 for "
                    + positions + "; got " + maxLength);
        }
        if (batchTokens < 1) {
            throw new IllegalArgumentException("batchTokens must be at least 1, got " + batchTokens);
        }
        int[] labels;
        try {
            labels = labelIndices(model.config().labels());
        } catch (IllegalArgumentException e) {
            labels = null;
        }
        this.model = model;
        this.tokenizer = tokenizer;
        this.maxLength = maxLength == 0 ? positions : maxLength;
        this.batchTokens = batchTokens;
        this.sentiment = labels;
        this.loadReport = loadReport;
    }

    /**
     * Loads a model folder's trained classifier onto the manager's device. A folder without a classification head
     * (a language model) is refused, unless {@code randomHeadSeed} asks for a seeded random head on purpose; then
     * {@link #loadReport()}'s {@code warning()} says so, for the user.
     *
     * @param tokenizer the folder's tokenizer, which the caller closes
     * @param randomHeadSeed null to refuse a folder without a trained head
     * @throws IllegalArgumentException naming the folder when it has no classification head and no seed is given
     */
    public static SentimentClassifier load(Path folder, NDManager manager, Gpt2Tokenizer tokenizer, int maxLength,
            int batchTokens, Long randomHeadSeed) {
        // A LoRA adapter folder names its base, which may be a hub id: merged onto it, it predicts as fast.
        Checkpoint.Loaded loaded = Checkpoint.loadTrainedClassifier(folder, manager, randomHeadSeed,
                ModelSource::resolve);
        return new SentimentClassifier(loaded.model(), tokenizer, maxLength, batchTokens, loaded.report());
    }

    /** What {@link #load} found in the folder, or null for a classifier built from a model. */
    public Checkpoint.LoadReport loadReport() {
        return loadReport;
    }

    /** The underlying GPT-2. */
    public Gpt2 model() {
        return model;
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

    /**
     * The index of the positive label among the model's labels.
     *
     * @throws IllegalArgumentException naming the labels when none is recognisably positive or negative
     */
    public int positiveIndex() {
        return sentimentLabels()[1];
    }

    /** The index of the negative label among the model's labels. */
    public int negativeIndex() {
        return sentimentLabels()[0];
    }

    private int[] sentimentLabels() {
        return sentiment != null ? sentiment : labelIndices(model.config().labels());
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
        sentimentLabels();
        Scoring.requireGpt2Vocabulary(model);
        long[][] ids = tokenizer.encodeAll(texts.toArray(String[]::new));
        int truncated = 0;
        for (int i = 0; i < ids.length; i++) {
            if (ids[i].length > maxLength) {
                ids[i] = Arrays.copyOf(ids[i], maxLength);
                truncated++;
            }
        }
        return new Scores(pPositive(logits(ids, Integer.MAX_VALUE, progress)), truncated);
    }

    /**
     * The logits {@code [rows][num_labels]} of token-id rows, in their order, from length-sorted batches of at most
     * {@code maxRows} rows and the batch budget of padded tokens.
     *
     * @throws IllegalArgumentException for no rows, an empty row or one longer than {@link #maxLength}
     */
    public float[][] logits(long[][] ids, int maxRows, IntConsumer progress) {
        if (ids.length == 0) {
            throw new IllegalArgumentException("no reviews to classify");
        }
        int[] lengths = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            if (ids[i].length == 0) {
                throw new IllegalArgumentException("review " + (i + 1) + " is empty: a classifier needs at least "
                        + "one token");
            }
            if (ids[i].length > maxLength) {
                throw new IllegalArgumentException("review " + (i + 1) + " has " + ids[i].length + " tokens, more "
                        + "than the " + maxLength + " this classifier reads: truncate it first");
            }
            lengths[i] = ids[i].length;
        }
        // Without pad_token_id the model cannot find a padded row's end: one row per forward then.
        Integer padId = model.config().padTokenId();
        int rowsPerBatch = padId == null ? 1 : maxRows;
        int labels = model.config().numLabels();
        float[][] logits = new float[ids.length][];
        try (NDManager manager = NDManager.newBaseManager(Devices.of(model))) {
            ParameterStore parameters = new ParameterStore(manager, false);
            for (int[] rows : Batching.byLength(lengths, rowsPerBatch, batchTokens)) {
                try (NDManager scope = manager.newSubManager()) {
                    Batch batch = Batch.pad(ids, rows, Padding.LEFT);
                    NDList inputs = (padId == null ? batch : batch.withPadId(padId)).toNDList(scope);
                    float[] flat = model.forward(parameters, inputs, false).singletonOrThrow().toFloatArray();
                    for (int k = 0; k < rows.length; k++) {
                        logits[rows[k]] = Arrays.copyOfRange(flat, k * labels, (k + 1) * labels);
                    }
                }
                progress.accept(rows.length);
            }
        }
        return logits;
    }

    /** p(positive) of one row of logits: the sigmoid of the positive minus the negative logit. */
    public double pPositive(float[] logits) {
        int[] labels = sentimentLabels();
        double margin = logits[labels[1]] - logits[labels[0]];
        return 1 / (1 + Math.exp(-margin));
    }

    /** p(positive) of each row of logits. */
    public double[] pPositive(float[][] logits) {
        double[] p = new double[logits.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = pPositive(logits[i]);
        }
        return p;
    }

    /**
     * The mean cross-entropy (natural log) of the true labels, label 0 the negative and 1 the positive one: the
     * quantity training minimises. Every logit counts in the softmax.
     */
    public double loss(float[][] logits, int[] labels) {
        double sum = 0;
        for (int i = 0; i < logits.length; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (float v : logits[i]) {
                max = Math.max(max, v);
            }
            double total = 0;
            for (float v : logits[i]) {
                total += Math.exp(v - max);
            }
            int target = sentimentLabels()[labels[i]];
            sum -= logits[i][target] - max - Math.log(total);
        }
        return sum / logits.length;
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
