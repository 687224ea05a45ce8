package io.github.gpt2sentiment.data;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The official layout {@code aclImdb/{train,test}/{pos,neg}/<id>_<rating>.txt}, shared by the archive and folder
 * readers. Other files ({@code README}, {@code imdb.vocab}, the unlabelled {@code train/unsup/}, the {@code .feat}
 * and {@code urls_*.txt} files) are not reviews and are ignored.
 */
final class ImdbLayout {

    private ImdbLayout() {}

    /** Where a review file sits: split and label from its folders, id and rating from its name. */
    record Location(Split split, int label, int id, int rating) {}

    /**
     * The location of a review path such as {@code aclImdb/train/pos/0_9.txt}, or null when the path is not a
     * labelled review.
     *
     * @throws DataException when a file in a {@code pos}/{@code neg} folder is not named {@code <id>_<rating>.txt}
     */
    static Location locate(String path, String container) {
        int fileStart = path.lastIndexOf('/') + 1;
        int labelStart = path.lastIndexOf('/', fileStart - 2) + 1;
        if (labelStart <= 0) {
            return null;
        }
        int splitStart = path.lastIndexOf('/', labelStart - 2) + 1;
        String file = path.substring(fileStart);
        if (file.isEmpty() || file.startsWith(".")) {
            return null;
        }
        int label;
        if (path.startsWith("pos/", labelStart)) {
            label = 1;
        } else if (path.startsWith("neg/", labelStart)) {
            label = 0;
        } else {
            return null;
        }
        Split split;
        if (path.startsWith("train/", splitStart)) {
            split = Split.TRAIN;
        } else if (path.startsWith("test/", splitStart)) {
            split = Split.TEST;
        } else {
            return null;
        }
        int underscore = file.indexOf('_');
        int id = underscore > 0 ? digits(file, 0, underscore) : -1;
        int rating = underscore > 0 && file.endsWith(".txt") ? digits(file, underscore + 1, file.length() - 4) : -1;
        if (id < 0 || rating < 1 || rating > 10) {
            throw new DataException(container + ": entry " + path + " has an unexpected name; expected "
                    + "<id>_<rating>.txt with a rating from 1 to 10, as in train/pos/0_9.txt");
        }
        return new Location(split, label, id, rating);
    }

    private static int digits(String s, int from, int to) {
        if (to <= from || to - from > 9) {
            return -1;
        }
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /** The review for a located file's text, rejecting empty texts. */
    static Review review(Location at, String text, String where, LoadOptions options) {
        if (text.isBlank()) {
            throw new DataException(where + ": the review is empty; expected the review's text");
        }
        return new Review(at.split(), at.id(), at.rating(), at.label(), options.clean(text));
    }

    /** Both splits in a fixed order (negatives then positives, by id), whatever order the files came in. */
    static ImdbDataset dataset(java.nio.file.Path source, List<Review> reviews) {
        List<Review> train = new ArrayList<>(reviews.size() / 2 + 1);
        List<Review> test = new ArrayList<>(reviews.size() / 2 + 1);
        for (Review r : reviews) {
            (r.split() == Split.TRAIN ? train : test).add(r);
        }
        if (train.isEmpty() || test.isEmpty()) {
            throw new DataException(source + ": found " + train.size() + " training and " + test.size()
                    + " test reviews; expected both aclImdb/train/{pos,neg}/ and aclImdb/test/{pos,neg}/ with "
                    + "<id>_<rating>.txt files");
        }
        Comparator<Review> order = Comparator.comparingInt(Review::label).thenComparingInt(Review::id);
        train.sort(order);
        test.sort(order);
        return new ImdbDataset(source, train, test);
    }
}
