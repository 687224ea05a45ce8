package io.github.gpt2sentiment.explain;

import java.util.List;

/**
 * Anything that gives texts a p(positive): the zero-shot prompt, the fine-tuned classifier. Attribution methods only
 * need this, so they explain both the same way.
 *
 * <p>Usage: {@code TextScorer s = texts -> classifier.score(texts, n -> {}).pPositive();}
 */
@FunctionalInterface
public interface TextScorer {

    /** p(positive) of each text, in order. */
    double[] pPositive(List<String> texts);
}
