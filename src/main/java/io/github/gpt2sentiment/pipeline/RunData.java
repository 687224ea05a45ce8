package io.github.gpt2sentiment.pipeline;

import io.github.gpt2sentiment.data.DataSource;
import io.github.gpt2sentiment.data.ImdbDataset;
import io.github.gpt2sentiment.data.Review;
import io.github.gpt2sentiment.data.Subsets;
import java.util.List;

/**
 * The reviews one run uses, drawn from the dataset as its {@link RunProfile} says: seeded and stratified by label,
 * so the notebooks and {@code all} score the very same reviews. Validation reviews come from the training split
 * only; the test split is touched by nothing but the final scoring.
 *
 * <p>Usage: {@code RunData d = RunData.load(profile); d.train().size();}
 *
 * @param dataset everything that was loaded
 * @param explored the reviews the exploration measures (a stratified sample per split in QUICK, all in FULL)
 * @param train the training reviews
 * @param validation the validation reviews, disjoint from {@code train}
 * @param test the test reviews both runs are scored on
 */
public record RunData(ImdbDataset dataset, ImdbDataset explored, List<Review> train, List<Review> validation,
        List<Review> test) {

    public RunData {
        train = List.copyOf(train);
        validation = List.copyOf(validation);
        test = List.copyOf(test);
    }

    /** Loads the profile's data ({@link DataSource#load(String)}) and draws the run's subsets. */
    public static RunData load(RunProfile profile) {
        return of(DataSource.load(profile.data()), profile);
    }

    /**
     * Draws the run's subsets from a loaded dataset.
     *
     * @throws IllegalArgumentException when the dataset is too small for the profile (naming the counts)
     */
    public static RunData of(ImdbDataset dataset, RunProfile profile) {
        long seed = profile.seed();
        int available = dataset.train().size();
        int wanted = profile.validationReviews() + Math.max(profile.trainReviews(), 1);
        if (available < wanted) {
            throw new IllegalArgumentException(dataset.source() + " has " + available + " training reviews; the "
                    + profile.mode().label() + " profile needs " + profile.validationReviews() + " for validation and "
                    + (profile.trainReviews() == 0 ? "at least 1" : profile.trainReviews()) + " for training");
        }
        RunData drawn = draw(dataset, profile.validationReviews(), profile.trainReviews(), profile.testReviews(), seed);
        ImdbDataset explored = profile.exploreReviews() == 0 ? dataset
                : new ImdbDataset(dataset.source(), sample(dataset.train(), profile.exploreReviews(), seed),
                        sample(dataset.test(), profile.exploreReviews(), seed));
        return new RunData(dataset, explored, drawn.train, drawn.validation, drawn.test);
    }

    /**
     * The train/validation/test draw every run makes (the {@code train} command's too), all seeded and stratified
     * by label: {@code validationReviews} held out of the training split, {@code trainReviews} of the rest (0 for
     * all of it), {@code testReviews} of the test split (0 for all). {@code explored} is the whole dataset.
     *
     * <p>Usage: {@code RunData d = RunData.draw(imdb, 1000, 0, 0, 42);}
     *
     * @throws IllegalArgumentException when the dataset holds too few reviews (naming the counts)
     */
    public static RunData draw(ImdbDataset dataset, int validationReviews, int trainReviews, int testReviews,
            long seed) {
        int available = dataset.train().size();
        if (validationReviews >= available) {
            throw new IllegalArgumentException(validationReviews + " validation reviews leave no training reviews of "
                    + available + " in " + dataset.source());
        }
        if (dataset.test().isEmpty()) {
            throw new IllegalArgumentException(dataset.source() + " has no test reviews to score the runs on");
        }
        Subsets.TrainValidation tv = Subsets.trainValidation(dataset.train(),
                (double) validationReviews / available, seed);
        if (trainReviews > tv.train().size()) {
            throw new IllegalArgumentException(trainReviews + " training reviews are more than the "
                    + tv.train().size() + " left after validation in " + dataset.source());
        }
        List<Review> train = trainReviews == 0 ? tv.train() : Subsets.stratified(tv.train(), trainReviews, seed);
        List<Review> test = sample(dataset.test(), testReviews, seed);
        return new RunData(dataset, dataset, train, tv.validation(), test);
    }

    /** {@code n} reviews drawn stratified by label, or all when {@code n} is 0 or not smaller than the list. */
    private static List<Review> sample(List<Review> reviews, int n, long seed) {
        return n == 0 || n >= reviews.size() ? reviews : Subsets.stratified(reviews, n, seed);
    }

    /** One line, e.g. {@code 320 training, 80 validation and 200 test reviews from aclImdb_v1.tar.gz}. */
    public String summary() {
        return String.format(java.util.Locale.ROOT, "%,d training, %,d validation and %,d test reviews from %s",
                train.size(), validation.size(), test.size(), dataset.source().getFileName());
    }
}
