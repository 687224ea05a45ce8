package io.github.gpt2sentiment.training;

import io.github.gpt2sentiment.TestData;
import io.github.gpt2sentiment.tokenization.Gpt2Tokenizer;
import java.util.Arrays;
import java.util.List;

/** Real IMDB reviews, tokenized by GPT-2's real tokenizer and cut to their first tokens. */
final class TrainingFixtures {

    private TrainingFixtures() {}

    static List<Example> encode(List<ImdbSample.Review> reviews, int maxLength) {
        try (Gpt2Tokenizer tokenizer = Gpt2Tokenizer.load(TestData.gpt2Tokenizer())) {
            long[][] ids = tokenizer.encodeAll(reviews.stream().map(ImdbSample.Review::text).toArray(String[]::new));
            return java.util.stream.IntStream.range(0, reviews.size())
                    .mapToObj(i -> new Example(reviews.get(i).id(), Arrays.copyOf(ids[i], Math.min(maxLength, ids[i].length)),
                            reviews.get(i).label()))
                    .toList();
        }
    }

    /** Disjoint stratified training and validation reviews from the training split. */
    static List<List<Example>> trainAndValidation(int trainPerClass, int valPerClass, int maxLength, long seed) {
        List<ImdbSample.Review> sample =
                ImdbSample.stratified(ImdbSample.split("train"), trainPerClass + valPerClass, seed);
        List<ImdbSample.Review> positive = sample.stream().filter(r -> r.label() == 1).toList();
        List<ImdbSample.Review> negative = sample.stream().filter(r -> r.label() == 0).toList();
        List<ImdbSample.Review> train = new java.util.ArrayList<>(positive.subList(0, trainPerClass));
        train.addAll(negative.subList(0, trainPerClass));
        List<ImdbSample.Review> validation = new java.util.ArrayList<>(positive.subList(trainPerClass,
                trainPerClass + valPerClass));
        validation.addAll(negative.subList(trainPerClass, trainPerClass + valPerClass));
        java.util.Collections.shuffle(train, new java.util.Random(seed + 1));
        return List.of(encode(train, maxLength), encode(validation, maxLength));
    }
}
