package io.github.gpt2sentiment.training;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.gpt2sentiment.TestData;
import io.github.gpt2sentiment.data.ImdbDataset;
import io.github.gpt2sentiment.data.Review;
import io.github.gpt2sentiment.data.Subsets;
import io.github.gpt2sentiment.model.Gpt2;
import io.github.gpt2sentiment.model.Gpt2Config;
import io.github.gpt2sentiment.tokenization.Gpt2Tokenizer;
import io.github.gpt2sentiment.tokenization.Truncation;
import java.util.List;

/** Real IMDB reviews through the data package and GPT-2's real tokenizer, and tiny random GPT-2 classifiers. */
final class TrainingFixtures {

    private static ImdbDataset imdb;

    private TrainingFixtures() {}

    /** The real IMDB archive, read once per test JVM. */
    static synchronized ImdbDataset imdb() {
        if (imdb == null) {
            imdb = ImdbDataset.load(TestData.imdbArchive());
        }
        return imdb;
    }

    /** Reviews tokenized and cut to their first {@code maxLength} tokens. */
    static List<Example> encode(List<Review> reviews, int maxLength) {
        try (Gpt2Tokenizer tokenizer = Gpt2Tokenizer.load(TestData.gpt2Tokenizer())) {
            return Example.of(reviews, tokenizer, Truncation.head(maxLength));
        }
    }

    /** Disjoint, label-stratified training and validation reviews from the training split. */
    static List<List<Example>> trainAndValidation(int trainSize, int valSize, int maxLength, long seed) {
        List<Review> pool = imdb().train();
        Subsets.TrainValidation parts = Subsets.trainValidation(pool, (double) valSize / pool.size(), seed);
        List<Review> train = Subsets.stratified(parts.train(), trainSize, seed);
        return List.of(encode(train, maxLength), encode(parts.validation(), maxLength));
    }

    /** A label-stratified sample of the test split. */
    static List<Example> test(int size, int maxLength, long seed) {
        return encode(Subsets.stratified(imdb().test(), size, seed), maxLength);
    }

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
}
