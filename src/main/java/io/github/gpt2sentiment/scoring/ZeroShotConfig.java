package io.github.gpt2sentiment.scoring;

import java.util.List;
import java.util.Objects;

/**
 * How the zero-shot classifier asks GPT-2 about a review: the prompt, the answer words, calibration and
 * demonstrations. The defaults are the README's ("Zero-shot baseline").
 *
 * <p>Usage: {@code ZeroShotConfig c = ZeroShotConfig.defaults().withCalibration(true).withShots(4);}
 *
 * @param template the prompt, with {@value #TEXT} exactly once where the review goes; default
 *     {@code "Review: {text}\nSentiment:"}
 * @param negative the verbalizer of the negative class, the words the model should continue the prompt with;
 *     default {@code " negative"} (the leading space is part of GPT-2's token)
 * @param positive the verbalizer of the positive class; default {@code " positive"}
 * @param calibrate divide the class probabilities by those of content-free inputs (contextual calibration,
 *     Zhao et al. 2021), then renormalise
 * @param contentFree the content-free inputs put in place of the review for calibration; default
 *     {@code "N/A"}, {@code ""}, {@code "[MASK]"} as in the paper
 * @param shots how many labelled demonstrations from the training split precede the review (0: zero-shot)
 * @param seed which demonstrations are drawn, and their order
 * @param demoMaxTokens demonstrations are drawn among training reviews of at most this many tokens (default
 *     128), since they are kept whole
 * @param separator what follows each demonstration's answer; default {@code "\n\n"}
 * @param maxLength the longest token sequence fed to the model, prompt and answer included; 0 (the default)
 *     means the model's {@code n_positions}
 * @param batchTokens the most padded tokens in one forward pass (rows times longest row; default 2048, the fastest of
 *     1024 to 8192 for GPT-2 small on a 2-core CPU); raise it on a GPU
 */
public record ZeroShotConfig(
        String template,
        String negative,
        String positive,
        boolean calibrate,
        List<String> contentFree,
        int shots,
        long seed,
        int demoMaxTokens,
        String separator,
        int maxLength,
        int batchTokens) {

    /** The placeholder of the review in {@link #template}. */
    public static final String TEXT = "{text}";

    public static final String DEFAULT_TEMPLATE = "Review: {text}\nSentiment:";
    public static final String DEFAULT_NEGATIVE = " negative";
    public static final String DEFAULT_POSITIVE = " positive";
    public static final List<String> DEFAULT_CONTENT_FREE = List.of("N/A", "", "[MASK]");
    public static final long DEFAULT_SEED = 42;
    public static final int DEFAULT_DEMO_MAX_TOKENS = 128;
    public static final String DEFAULT_SEPARATOR = "\n\n";
    public static final int DEFAULT_BATCH_TOKENS = 2048;

    public ZeroShotConfig {
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(negative, "negative verbalizer");
        Objects.requireNonNull(positive, "positive verbalizer");
        Objects.requireNonNull(separator, "separator");
        contentFree = List.copyOf(contentFree);
        int at = template.indexOf(TEXT);
        if (at < 0 || template.indexOf(TEXT, at + 1) >= 0) {
            throw new IllegalArgumentException("the prompt template must hold " + TEXT + " exactly once (where the "
                    + "review goes), got \"" + escape(template) + "\"");
        }
        if (negative.equals(positive)) {
            throw new IllegalArgumentException("the two verbalizers must differ, both are \"" + escape(positive)
                    + "\"");
        }
        if (calibrate && contentFree.isEmpty()) {
            throw new IllegalArgumentException("calibration needs at least one content-free input, e.g. \"N/A\"");
        }
        if (shots < 0) {
            throw new IllegalArgumentException("shots must be 0 or more, got " + shots);
        }
        if (demoMaxTokens < 1) {
            throw new IllegalArgumentException("demoMaxTokens must be at least 1, got " + demoMaxTokens);
        }
        if (maxLength < 0) {
            throw new IllegalArgumentException("maxLength must be 0 (the model's n_positions) or more, got "
                    + maxLength);
        }
        if (batchTokens < 1) {
            throw new IllegalArgumentException("batchTokens must be at least 1, got " + batchTokens);
        }
    }

    /** The README's defaults: plain zero-shot, no calibration. */
    public static ZeroShotConfig defaults() {
        return new ZeroShotConfig(DEFAULT_TEMPLATE, DEFAULT_NEGATIVE, DEFAULT_POSITIVE, false, DEFAULT_CONTENT_FREE,
                0, DEFAULT_SEED, DEFAULT_DEMO_MAX_TOKENS, DEFAULT_SEPARATOR, 0, DEFAULT_BATCH_TOKENS);
    }

    /** The template's text before {@value #TEXT}. */
    public String prefix() {
        return template.substring(0, template.indexOf(TEXT));
    }

    /** The template's text after {@value #TEXT}. */
    public String suffix() {
        return template.substring(template.indexOf(TEXT) + TEXT.length());
    }

    /** The verbalizer of class 0 (negative) or 1 (positive). */
    public String verbalizer(int label) {
        return label == 1 ? positive : negative;
    }

    public ZeroShotConfig withTemplate(String newTemplate) {
        return new ZeroShotConfig(newTemplate, negative, positive, calibrate, contentFree, shots, seed,
                demoMaxTokens, separator, maxLength, batchTokens);
    }

    public ZeroShotConfig withVerbalizers(String newNegative, String newPositive) {
        return new ZeroShotConfig(template, newNegative, newPositive, calibrate, contentFree, shots, seed,
                demoMaxTokens, separator, maxLength, batchTokens);
    }

    public ZeroShotConfig withCalibration(boolean on) {
        return new ZeroShotConfig(template, negative, positive, on, contentFree, shots, seed, demoMaxTokens,
                separator, maxLength, batchTokens);
    }

    public ZeroShotConfig withContentFree(List<String> inputs) {
        return new ZeroShotConfig(template, negative, positive, calibrate, inputs, shots, seed, demoMaxTokens,
                separator, maxLength, batchTokens);
    }

    public ZeroShotConfig withShots(int newShots) {
        return new ZeroShotConfig(template, negative, positive, calibrate, contentFree, newShots, seed,
                demoMaxTokens, separator, maxLength, batchTokens);
    }

    public ZeroShotConfig withSeed(long newSeed) {
        return new ZeroShotConfig(template, negative, positive, calibrate, contentFree, shots, newSeed,
                demoMaxTokens, separator, maxLength, batchTokens);
    }

    public ZeroShotConfig withDemoMaxTokens(int tokens) {
        return new ZeroShotConfig(template, negative, positive, calibrate, contentFree, shots, seed, tokens,
                separator, maxLength, batchTokens);
    }

    public ZeroShotConfig withMaxLength(int tokens) {
        return new ZeroShotConfig(template, negative, positive, calibrate, contentFree, shots, seed,
                demoMaxTokens, separator, tokens, batchTokens);
    }

    public ZeroShotConfig withBatchTokens(int tokens) {
        return new ZeroShotConfig(template, negative, positive, calibrate, contentFree, shots, seed,
                demoMaxTokens, separator, maxLength, tokens);
    }

    /** A string with its newlines and tabs shown as escapes, for messages. */
    static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r");
    }
}
