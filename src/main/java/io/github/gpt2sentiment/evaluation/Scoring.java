package io.github.gpt2sentiment.evaluation;

import ai.djl.Device;
import ai.djl.nn.Block;
import io.github.gpt2sentiment.data.Review;
import io.github.gpt2sentiment.model.Gpt2;
import io.github.gpt2sentiment.tokenization.Gpt2Tokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/** What the zero-shot and the fine-tuned classifiers share: batching by length, devices, review ids. */
final class Scoring {

    private Scoring() {}

    /**
     * Item indices in batches, longest first, each batch holding as many items as fit in {@code batchTokens}
     * padded tokens (at least one): sorting by length leaves little padding, and the first batch is the
     * heaviest, so running out of memory shows at once rather than at the end.
     *
     * @param lengths each item's longest row
     * @param rowsPerItem how many rows each item puts into the batch
     */
    static List<int[]> byLength(int[] lengths, int rowsPerItem, int batchTokens) {
        int[] order = IntStream.range(0, lengths.length).boxed()
                .sorted(Comparator.comparingInt((Integer i) -> -lengths[i]).thenComparingInt(i -> i))
                .mapToInt(Integer::intValue).toArray();
        List<int[]> batches = new ArrayList<>();
        for (int from = 0; from < order.length; ) {
            int longest = Math.max(1, lengths[order[from]]);
            int items = Math.max(1, batchTokens / (rowsPerItem * longest));
            int to = Math.min(order.length, from + items);
            batches.add(Arrays.copyOfRange(order, from, to));
            from = to;
        }
        return batches;
    }

    /** The device the block's parameters live on, where its inputs must go. */
    static Device deviceOf(Block block) {
        return block.getParameters().valueAt(0).getArray().getDevice();
    }

    /** Fails unless the model can take GPT-2 token ids, padding ({@code <|endoftext|>}) included. */
    static void requireGpt2Vocabulary(Gpt2 model) {
        int vocab = model.config().vocabSize();
        if (vocab <= Gpt2Tokenizer.END_OF_TEXT) {
            throw new IllegalArgumentException("the model's vocabulary has " + vocab + " tokens, fewer than GPT-2's "
                    + (Gpt2Tokenizer.END_OF_TEXT + 1) + ": it cannot read GPT-2's tokenizer output");
        }
    }

    /**
     * A review's id in predictions files: its IMDB path without {@code .txt}, {@code test/pos/123_9}, unique
     * because IMDB ids are unique within a split and label; reviews without a rating leave out {@code _rating}.
     */
    static String reviewId(Review r) {
        return r.split().label() + "/" + r.labelName() + "/" + r.id()
                + (r.rating() == Review.NO_RATING ? "" : "_" + r.rating());
    }

    /** Predictions of reviews from their p(positive), index by index. */
    static List<Prediction> predictions(List<Review> reviews, double[] pPositive) {
        List<Prediction> predictions = new ArrayList<>(reviews.size());
        for (int i = 0; i < reviews.size(); i++) {
            predictions.add(new Prediction(reviewId(reviews.get(i)), reviews.get(i).label(), pPositive[i]));
        }
        return predictions;
    }

    /** The texts of some reviews. */
    static List<String> texts(List<Review> reviews) {
        return reviews.stream().map(Review::text).toList();
    }
}
