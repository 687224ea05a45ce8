package io.github.gpt2sentiment.training;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.gpt2sentiment.TestData;
import io.github.gpt2sentiment.model.Gpt2;
import io.github.gpt2sentiment.model.Gpt2Config;
import io.github.gpt2sentiment.tokenization.Gpt2Tokenizer;
import java.util.Arrays;
import java.util.List;

/** Real IMDB reviews, tokenized by GPT-2's real tokenizer and cut to their first tokens. */
final class TrainingFixtures {

    private TrainingFixtures() {}

    /**
     * A randomly initialised GPT-2 classifier with the real vocabulary, padding with {@code <|endoftext|>}; the
     * engine seed fixes its weights.
     */
    static Gpt2Classifier tinyGpt2(NDManager manager, int layers, int width, int positions, int seed) {
        Engine.getInstance().setRandomSeed(seed);
        Gpt2Config config = new Gpt2Config(50257, positions, width, layers, 2, null, 1e-5f, "gelu_new", 0.1f, 0.1f,
                0.1f, 0.02f, 50256, 50256, 50256, Gpt2Classifier.LABELS);
        Gpt2 model = new Gpt2(config, Gpt2.Head.SEQUENCE_CLASSIFICATION);
        model.initialize(manager, DataType.FLOAT32, new Shape(1, 1), new Shape(1, 1));
        return Gpt2Classifier.of(model, null);
    }

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
