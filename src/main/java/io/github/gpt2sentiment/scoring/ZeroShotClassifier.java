package io.github.gpt2sentiment.scoring;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.gpt2sentiment.data.Review;
import io.github.gpt2sentiment.data.Split;
import io.github.gpt2sentiment.model.Devices;
import io.github.gpt2sentiment.model.Gpt2;
import io.github.gpt2sentiment.tokenization.Batch;
import io.github.gpt2sentiment.tokenization.Batching;
import io.github.gpt2sentiment.tokenization.Gpt2Tokenizer;
import io.github.gpt2sentiment.tokenization.Padding;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.IntConsumer;

/**
 * Sentiment from a pretrained GPT-2 without training: fill a prompt with the review and compare how likely the
 * model finds each class's answer words (verbalizers) as the continuation.
 *
 * <p>A class's score is the summed log-probability of its verbalizer's tokens after the prompt (teacher forcing:
 * the prompt followed by all but the verbalizer's last token runs through the model once, and the log-probability
 * of each verbalizer token is read at the position before it). p(positive) is the softmax of the two scores, so it
 * is the model's preference between the two answers, whatever else it would have said.
 *
 * <p>The prompt is {@code demonstrations + prefix + review + suffix}, where prefix and suffix are the template
 * around {@code {text}}, each tokenized on its own so they never change with the review. The review is stripped
 * of surrounding blanks and cut (its head kept) to the token budget left by the model's context
 * ({@code n_positions} or {@link ZeroShotConfig#maxLength}) minus the template, the demonstrations and the longest
 * verbalizer: the instruction is never cut. Trailing spaces of the prefix go to the review's first word, as GPT-2's
 * tokenizer would attach them on the whole string ({@code "Review:"} then {@code " Great"}).
 *
 * <p>Options: contextual calibration (Zhao et al., 2021) divides the class probabilities by the mean of those the
 * model gives to content-free inputs ({@code "N/A"}, {@code ""}, {@code "[MASK]"}) in the same prompt, and
 * renormalises; k-shot demonstrations are balanced training reviews drawn by seed, shown with their answer and
 * kept whole.
 *
 * <p>Speed: prompts are sorted by length and batched by a padded-token budget, left-padded so every prompt ends
 * in the last column, and run without gradients or cache in one forward per batch that projects only the last
 * positions onto the vocabulary ({@link Gpt2#lastLogits}).
 *
 * <p>Usage:
 * <pre>{@code
 * try (NDManager manager = NDManager.newBaseManager(); Gpt2Tokenizer tok = Gpt2Tokenizer.load(dir)) {
 *     Gpt2 lm = Checkpoint.load(dir, Gpt2.Head.LANGUAGE_MODEL, manager).model();
 *     var zs = new ZeroShotClassifier(lm, tok, ZeroShotConfig.defaults().withCalibration(true), imdb.train());
 *     List<Prediction> predictions = zs.predict(test, n -> {});
 * }
 * }</pre>
 */
public final class ZeroShotClassifier {

    /** Class indices in scores: 0 negative, 1 positive, as review labels. */
    private static final int CLASSES = 2;

    /** Candidate demonstrations tokenized per native batch call. */
    private static final int DEMO_CHUNK = 32;

    private final Gpt2 model;
    private final Gpt2Tokenizer tokenizer;
    private final ZeroShotConfig config;
    private final String leadingSpaces;
    private final long[] prefixIds;
    private final long[] suffixIds;
    private final long[][] verbalizerIds;
    private final int longestVerbalizer;
    private final List<Review> demonstrations;
    private final long[] demonstrationIds;
    private final int maxLength;
    private final int reviewBudget;
    private final double[] prior;

    /**
     * Tokenizes the template and verbalizers, draws the demonstrations and, when calibrating, scores the
     * content-free inputs.
     *
     * @param model GPT-2 with its language-model head, GPT-2's vocabulary
     * @param tokenizer GPT-2's tokenizer
     * @param trainingPool training reviews to draw demonstrations from (may be empty when {@code shots} is 0)
     * @throws IllegalArgumentException for a verbalizer that tokenizes to nothing, a prompt that leaves no room for
     *     the review, too few short training reviews for the demonstrations, or demonstrations not from the
     *     training split
     */
    public ZeroShotClassifier(Gpt2 model, Gpt2Tokenizer tokenizer, ZeroShotConfig config, List<Review> trainingPool) {
        if (model.head() != Gpt2.Head.LANGUAGE_MODEL) {
            throw new IllegalArgumentException("zero-shot classification needs GPT-2's language-model head, got "
                    + model.head());
        }
        Scoring.requireGpt2Vocabulary(model);
        this.model = model;
        this.tokenizer = tokenizer;
        this.config = config;

        String prefix = config.prefix();
        String trimmed = prefix.replaceAll(" +$", "");
        leadingSpaces = prefix.substring(trimmed.length());
        prefixIds = tokenizer.encode(trimmed);
        suffixIds = tokenizer.encode(config.suffix());
        verbalizerIds = new long[CLASSES][];
        for (int c = 0; c < CLASSES; c++) {
            verbalizerIds[c] = tokenizer.encode(config.verbalizer(c));
            if (verbalizerIds[c].length == 0) {
                throw new IllegalArgumentException("the " + (c == 1 ? "positive" : "negative") + " verbalizer \""
                        + ZeroShotConfig.escape(config.verbalizer(c)) + "\" is empty after tokenization: give a word "
                        + "or phrase, e.g. \"" + ZeroShotConfig.escape(c == 1 ? ZeroShotConfig.DEFAULT_POSITIVE
                                : ZeroShotConfig.DEFAULT_NEGATIVE) + "\"");
            }
        }
        if (Arrays.equals(verbalizerIds[0], verbalizerIds[1])) {
            throw new IllegalArgumentException("the two verbalizers tokenize to the same tokens "
                    + Arrays.toString(verbalizerIds[0]) + ": they cannot tell the classes apart");
        }
        longestVerbalizer = Math.max(verbalizerIds[0].length, verbalizerIds[1].length);

        int positions = model.config().nPositions();
        if (config.maxLength() > positions) {
            throw new IllegalArgumentException("max length " + config.maxLength() + " is longer than the model's "
                    + positions + " positions (n_positions)");
        }
        maxLength = config.maxLength() == 0 ? positions : config.maxLength();
        int fixed = prefixIds.length + suffixIds.length + longestVerbalizer;
        demonstrations = config.shots() == 0 ? List.of()
                : drawDemonstrations(trainingPool);
        demonstrationIds = demonstrationIds(demonstrations);
        reviewBudget = maxLength - fixed - demonstrationIds.length;
        if (reviewBudget < 1) {
            throw new IllegalArgumentException("the prompt leaves no room for the review: of " + maxLength
                    + " tokens, the template takes " + (prefixIds.length + suffixIds.length) + ", the "
                    + demonstrations.size() + " demonstrations " + demonstrationIds.length + " and the longest "
                    + "verbalizer " + longestVerbalizer + "; use a shorter template, fewer shots or a larger max length");
        }
        prior = config.calibrate()
                ? contentFreePrior(logProbabilities(config.contentFree(), new int[1], n -> { }))
                : null;
    }

    /** The configuration this classifier was built with. */
    public ZeroShotConfig config() {
        return config;
    }

    /** The demonstrations shown before every review, in prompt order (empty for zero-shot). */
    public List<Review> demonstrations() {
        return demonstrations;
    }

    /** How many tokens of a review fit in the prompt; longer reviews keep their first this many. */
    public int reviewBudget() {
        return reviewBudget;
    }

    /** The longest sequence fed to the model: {@code n_positions} or the configured max length. */
    public int maxLength() {
        return maxLength;
    }

    /** The token ids of each class's verbalizer ({@code [0]} negative, {@code [1]} positive). */
    public long[][] verbalizerIds() {
        return new long[][] {verbalizerIds[0].clone(), verbalizerIds[1].clone()};
    }

    /**
     * The calibration prior: the class probabilities (negative, positive) the model gives to the content-free
     * inputs, averaged and renormalised; {@code null} without calibration.
     */
    public double[] contentFreePrior() {
        return prior == null ? null : prior.clone();
    }

    /** The prompt's token ids for a review, truncated to fit (what the model sees before the answer). */
    public long[] promptIds(String review) {
        return prompt(tokenizer.encode(leadingSpaces + review.strip()));
    }

    /** The prompt for a review as text, decoded from {@link #promptIds}: to show what the model reads. */
    public String prompt(String review) {
        return tokenizer.decode(promptIds(review));
    }

    /**
     * What the classifier says about some texts, index by index.
     *
     * @param logProbabilities per text {@code [negative, positive]}: the summed log-probability (natural log) of
     *     each verbalizer's tokens after the text's prompt, uncalibrated
     * @param pPositive per text: the softmax of the two scores, divided by the prior when calibrating
     * @param truncated how many texts were cut to fit the prompt
     */
    public record Scores(double[][] logProbabilities, double[] pPositive, int truncated) {}

    /**
     * Scores texts in length-sorted batches.
     *
     * @param progress told how many texts each batch finished (e.g. {@code bar::stepBy})
     * @throws IllegalArgumentException for no texts
     */
    public Scores score(List<String> texts, IntConsumer progress) {
        if (texts.isEmpty()) {
            throw new IllegalArgumentException("no reviews to classify");
        }
        int[] truncated = new int[1];
        double[][] scores = logProbabilities(texts, truncated, progress);
        double[] p = new double[scores.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = classProbabilities(scores[i], prior)[1];
        }
        return new Scores(scores, p, truncated[0]);
    }

    /** Per review, in order: its id and label, and p(positive) (see {@link #score}). */
    public List<Prediction> predict(List<Review> reviews, IntConsumer progress) {
        return Scoring.predictions(reviews, score(Scoring.texts(reviews), progress).pPositive());
    }

    /**
     * The probabilities of the classes given their scores (log-probabilities): {@code softmax(scores)}, or with a
     * prior {@code p_c / prior_c} renormalised, which is {@code softmax(scores - log prior)}.
     *
     * @param prior the content-free class probabilities, or {@code null} for none
     */
    public static double[] classProbabilities(double[] scores, double[] prior) {
        double[] z = scores.clone();
        if (prior != null) {
            for (int c = 0; c < z.length; c++) {
                z[c] -= Math.log(prior[c]);
            }
        }
        double max = Arrays.stream(z).max().orElseThrow();
        double sum = 0;
        for (int c = 0; c < z.length; c++) {
            z[c] = Math.exp(z[c] - max);
            sum += z[c];
        }
        for (int c = 0; c < z.length; c++) {
            z[c] /= sum;
        }
        return z;
    }

    /**
     * The calibration prior from the scores of content-free inputs, as Zhao et al.'s code computes it: each
     * class's verbalizer probability {@code exp(score)} averaged over the inputs, then normalised to sum to 1.
     */
    public static double[] contentFreePrior(double[][] contentFreeScores) {
        if (contentFreeScores.length == 0) {
            throw new IllegalArgumentException("calibration needs at least one content-free input");
        }
        int classes = contentFreeScores[0].length;
        double[] mean = new double[classes];
        for (double[] scores : contentFreeScores) {
            for (int c = 0; c < classes; c++) {
                mean[c] += Math.exp(scores[c]) / contentFreeScores.length;
            }
        }
        double sum = Arrays.stream(mean).sum();
        if (!(sum > 0)) {
            throw new IllegalArgumentException("the content-free inputs give the verbalizers no probability at all: "
                    + "calibration is undefined");
        }
        for (int c = 0; c < classes; c++) {
            mean[c] /= sum;
        }
        return mean;
    }

    // ---- Prompts ----

    /** demonstrations + prefix + review (its head, cut to the budget) + suffix. */
    private long[] prompt(long[] review) {
        long[] kept = review.length > reviewBudget ? Arrays.copyOf(review, reviewBudget) : review;
        long[] ids = new long[demonstrationIds.length + prefixIds.length + kept.length + suffixIds.length];
        int at = 0;
        for (long[] part : new long[][] {demonstrationIds, prefixIds, kept, suffixIds}) {
            System.arraycopy(part, 0, ids, at, part.length);
            at += part.length;
        }
        return ids;
    }

    /**
     * Balanced demonstrations: shots/2 of each class (the odd one's class by seed), drawn in a seeded random order
     * from the training reviews whose text has at most {@code demoMaxTokens} tokens, in that order.
     */
    private List<Review> drawDemonstrations(List<Review> pool) {
        int shots = config.shots();
        for (Review r : pool) {
            if (r.split() != Split.TRAIN) {
                throw new IllegalArgumentException("demonstrations come from the training split only; the pool holds "
                        + "a " + r.split().label() + " review (id " + r.id() + ")");
            }
        }
        Random random = new Random(config.seed());
        int positives = shots / 2 + (shots % 2 == 1 && random.nextBoolean() ? 1 : 0);
        int[] wanted = {shots - positives, positives};
        List<Integer> order = new ArrayList<>(pool.size());
        for (int i = 0; i < pool.size(); i++) {
            order.add(i);
        }
        Collections.shuffle(order, random);
        // Each word is at least one token, so long reviews are skipped without tokenizing them; the rest are
        // tokenized a chunk at a time, since only a few are needed from a pool of thousands.
        List<Review> drawn = new ArrayList<>(shots);
        List<Review> chunk = new ArrayList<>();
        for (int k = 0; k < order.size(); k++) {
            Review r = pool.get(order.get(k));
            if (wanted[r.label()] > 0 && words(r.text()) <= config.demoMaxTokens()) {
                chunk.add(r);
            }
            if (chunk.size() == DEMO_CHUNK || (k == order.size() - 1 && !chunk.isEmpty())) {
                long[][] ids = tokenizer.encodeAll(chunk.stream().map(c -> leadingSpaces + c.text().strip())
                        .toArray(String[]::new));
                for (int j = 0; j < ids.length; j++) {
                    Review c = chunk.get(j);
                    if (wanted[c.label()] > 0 && ids[j].length <= config.demoMaxTokens()) {
                        drawn.add(c);
                        wanted[c.label()]--;
                        if (drawn.size() == shots) {
                            return List.copyOf(drawn);
                        }
                    }
                }
                chunk.clear();
            }
        }
        throw new IllegalArgumentException("cannot draw " + shots + " demonstrations (" + (shots - positives)
                + " negative, " + positives + " positive) from " + pool.size() + " training reviews of at most "
                + config.demoMaxTokens() + " tokens: " + wanted[0] + " negative and " + wanted[1] + " positive are "
                + "missing; use fewer shots, a larger demonstration length, or data with a training split");
    }

    /** The number of blank-separated words: a lower bound on the number of GPT-2 tokens. */
    private static int words(String text) {
        String t = text.strip();
        return t.isEmpty() ? 0 : t.split("\\s+").length;
    }

    /** Each demonstration as prefix + review + suffix + its verbalizer + separator, whole. */
    private long[] demonstrationIds(List<Review> demos) {
        long[] separator = tokenizer.encode(config.separator());
        List<long[]> parts = new ArrayList<>();
        for (Review r : demos) {
            parts.add(prefixIds);
            parts.add(tokenizer.encode(leadingSpaces + r.text().strip()));
            parts.add(suffixIds);
            parts.add(verbalizerIds[r.label()]);
            parts.add(separator);
        }
        long[] ids = new long[parts.stream().mapToInt(p -> p.length).sum()];
        int at = 0;
        for (long[] part : parts) {
            System.arraycopy(part, 0, ids, at, part.length);
            at += part.length;
        }
        return ids;
    }

    // ---- Scoring ----

    /**
     * Class scores of texts put into the prompt. With single-token verbalizers one row per text serves both classes
     * (both answers are read at the prompt's last position); otherwise each class gets its own row, the prompt
     * followed by the verbalizer minus its last token, whose last {@code length(verbalizer)} positions predict the
     * verbalizer's tokens.
     */
    private double[][] logProbabilities(List<String> texts, int[] truncated, IntConsumer progress) {
        String[] inputs = texts.stream().map(t -> leadingSpaces + t.strip()).toArray(String[]::new);
        long[][] reviews = tokenizer.encodeAll(inputs);
        long[][] prompts = new long[reviews.length][];
        int[] lengths = new int[reviews.length];
        for (int i = 0; i < reviews.length; i++) {
            prompts[i] = prompt(reviews[i]);
            truncated[0] += reviews[i].length > reviewBudget ? 1 : 0;
            if (prompts[i].length == 0) {
                throw new IllegalArgumentException("review " + (i + 1) + " gives an empty prompt: the template needs "
                        + "some text around " + ZeroShotConfig.TEXT + " for an empty review");
            }
            lengths[i] = prompts[i].length + longestVerbalizer - 1;
        }
        boolean shared = longestVerbalizer == 1;
        int rowsPerText = shared ? 1 : CLASSES;
        double[][] scores = new double[texts.size()][CLASSES];
        try (NDManager manager = NDManager.newBaseManager(Devices.of(model))) {
            for (int[] items : Batching.byLength(rowTokens(lengths, rowsPerText), Integer.MAX_VALUE,
                    config.batchTokens())) {
                long[][] rows = new long[items.length * rowsPerText][];
                for (int k = 0; k < items.length; k++) {
                    for (int r = 0; r < rowsPerText; r++) {
                        long[] answer = verbalizerIds[r];
                        long[] row = Arrays.copyOf(prompts[items[k]], prompts[items[k]].length + answer.length - 1);
                        System.arraycopy(answer, 0, row, prompts[items[k]].length, answer.length - 1);
                        rows[k * rowsPerText + r] = shared ? prompts[items[k]] : row;
                    }
                }
                float[] picked = scoreRows(manager, rows, shared);
                for (int k = 0; k < items.length; k++) {
                    for (int c = 0; c < CLASSES; c++) {
                        int row = k * rowsPerText + (shared ? 0 : c);
                        int span = verbalizerIds[c].length;
                        double sum = 0;
                        for (int t = 0; t < span; t++) {
                            int position = longestVerbalizer - span + t;
                            sum += picked[(row * longestVerbalizer + position) * CLASSES + (shared ? c : 0)];
                        }
                        scores[items[k]][c] = sum;
                    }
                }
                progress.accept(items.length);
            }
        }
        return scores;
    }

    /**
     * One forward over left-padded rows; returns the log-probabilities of the answer tokens, flat
     * {@code [row, position among the last longestVerbalizer, CLASSES]} (only the first class slot is meaningful
     * for per-class rows).
     */
    private float[] scoreRows(NDManager parent, long[][] rows, boolean shared) {
        Batch batch = Batch.pad(rows, Padding.LEFT);
        int n = longestVerbalizer;
        long[] index = new long[rows.length * n * CLASSES];
        for (int row = 0; row < rows.length; row++) {
            for (int c = 0; c < CLASSES; c++) {
                long[] answer = verbalizerIds[shared ? c : row % CLASSES];
                for (int t = 0; t < answer.length; t++) {
                    index[(row * n + n - answer.length + t) * CLASSES + c] = answer[t];
                }
            }
        }
        try (NDManager manager = parent.newSubManager()) {
            NDList inputs = batch.toNDList(manager);
            NDArray logits = model.lastLogits(inputs.get(0), inputs.get(1), n);
            NDArray logProbabilities = logits.logSoftmax(2);
            NDArray answers = manager.create(index, new Shape(rows.length, n, CLASSES));
            return logProbabilities.gather(answers, 2).toFloatArray();
        }
    }

    /** Tokens each text puts into a batch: its longest row times its rows. */
    private static int[] rowTokens(int[] lengths, int rowsPerText) {
        int[] tokens = new int[lengths.length];
        for (int i = 0; i < lengths.length; i++) {
            tokens[i] = lengths[i] * rowsPerText;
        }
        return tokens;
    }
}
