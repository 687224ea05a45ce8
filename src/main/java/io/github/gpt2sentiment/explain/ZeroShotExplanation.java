package io.github.gpt2sentiment.explain;

import io.github.gpt2sentiment.scoring.ZeroShotClassifier;
import io.github.gpt2sentiment.tokenization.Gpt2Tokenizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The zero-shot classifier's verdict on one review, step by step, with every number needed to recompute
 * p(positive) by hand: the prompt as text and tokens, the log-probability of each answer word after it, the
 * content-free prior, and the probabilities before and after calibration.
 *
 * <p>Usage:
 * <pre>{@code
 * ZeroShotExplanation e = ZeroShotExplanation.of(zeroShot, tokenizer, review.text());
 * System.out.println(e.steps());
 * }</pre>
 *
 * @param prompt what the model reads, decoded from {@code ids}
 * @param ids the prompt's token ids
 * @param pieces the text of each token
 * @param negative the negative answer word (verbalizer), e.g. {@code " negative"}
 * @param positive the positive answer word
 * @param logProbNegative natural-log probability of the negative answer's tokens after the prompt
 * @param logProbPositive natural-log probability of the positive answer's tokens after the prompt
 * @param prior the content-free prior {@code [negative, positive]}, or {@code null} without calibration
 * @param pPositiveUncalibrated {@code e^lp+ / (e^lp+ + e^lp-)}
 * @param pPositive the classifier's answer: the uncalibrated probabilities divided by the prior, renormalised
 */
public record ZeroShotExplanation(String prompt, long[] ids, List<String> pieces, String negative, String positive,
        double logProbNegative, double logProbPositive, double[] prior, double pPositiveUncalibrated,
        double pPositive) {

    public ZeroShotExplanation {
        pieces = List.copyOf(pieces);
    }

    /** Runs the classifier on one review and keeps every intermediate number. */
    public static ZeroShotExplanation of(ZeroShotClassifier classifier, Gpt2Tokenizer tokenizer, String review) {
        long[] ids = classifier.promptIds(review);
        List<String> pieces = new ArrayList<>(ids.length);
        for (long id : ids) {
            pieces.add(tokenizer.decode(new long[] {id}));
        }
        ZeroShotClassifier.Scores scores = classifier.score(List.of(review), n -> { });
        double[] logProbabilities = scores.logProbabilities()[0];
        double[] prior = classifier.contentFreePrior();
        return new ZeroShotExplanation(tokenizer.decode(ids), ids, pieces, classifier.config().negative(),
                classifier.config().positive(), logProbabilities[0], logProbabilities[1], prior,
                ZeroShotClassifier.classProbabilities(logProbabilities, null)[1], scores.pPositive()[0]);
    }

    /**
     * The computation as a few lines of text, each number printed so a reader can redo it with a calculator.
     */
    public String steps() {
        StringBuilder s = new StringBuilder();
        double a = logProbPositive;
        double b = logProbNegative;
        s.append(String.format(Locale.ROOT, "1. log p(%s | prompt) = %.4f    log p(%s | prompt) = %.4f%n",
                quoted(positive), a, quoted(negative), b));
        s.append(String.format(Locale.ROOT, "2. between the two answers: p(positive) = e^%.4f / (e^%.4f + e^%.4f)"
                + " = 1 / (1 + e^(%.4f)) = %.4f%n", a, a, b, b - a, pPositiveUncalibrated));
        if (prior == null) {
            s.append(String.format(Locale.ROOT, "3. no calibration: p(positive) = %.4f%n", pPositive));
        } else {
            double up = pPositiveUncalibrated / prior[1];
            double down = (1 - pPositiveUncalibrated) / prior[0];
            s.append(String.format(Locale.ROOT, "3. content-free prior: negative %.4f, positive %.4f (what the "
                    + "model answers when the review is \"N/A\", empty or \"[MASK]\")%n", prior[0], prior[1]));
            s.append(String.format(Locale.ROOT, "4. calibrated: p(positive) = (%.4f / %.4f) / (%.4f / %.4f + %.4f /"
                    + " %.4f) = %.4f / (%.4f + %.4f) = %.4f%n", pPositiveUncalibrated, prior[1],
                    pPositiveUncalibrated, prior[1], 1 - pPositiveUncalibrated, prior[0], up, up, down, pPositive));
        }
        return s.toString();
    }

    private static String quoted(String word) {
        return "\"" + word + "\"";
    }
}
