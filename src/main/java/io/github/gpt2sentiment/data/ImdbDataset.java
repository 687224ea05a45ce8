package io.github.gpt2sentiment.data;

import io.github.gpt2sentiment.tables.Tables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import tech.tablesaw.api.Table;

/**
 * Labelled reviews in a training and a test split: the IMDB Large Movie Review Dataset (Maas et al., 2011) or a
 * user's own file in the same shape.
 *
 * <p>Usage: {@code ImdbDataset imdb = ImdbDataset.load(Path.of("aclImdb_v1.tar.gz")); imdb.train().size();}
 *
 * @param source where the reviews were read from
 * @param train the training split (validation data is carved from it, see {@link #trainValidation})
 * @param test the test split, kept for the final evaluation
 */
public record ImdbDataset(Path source, List<Review> train, List<Review> test) {

    public ImdbDataset {
        Objects.requireNonNull(source, "source");
        train = List.copyOf(train);
        test = List.copyOf(test);
    }

    /**
     * Loads reviews with the default options ({@code <br />} cleaned; a user's file in columns {@code text},
     * {@code label}, optional {@code split}). See {@link #load(Path, LoadOptions)}.
     */
    public static ImdbDataset load(Path path) {
        return load(path, LoadOptions.defaults());
    }

    /**
     * Loads reviews from whatever {@code path} is: the official {@code .tar.gz} archive (read as a stream, never
     * extracted), an extracted {@code aclImdb/} folder (or a folder holding it), or a user's {@code .csv},
     * {@code .tsv} or {@code .jsonl} file. Reviews come in a fixed order: negatives then positives, by id.
     *
     * @throws DataException naming the file and the line or entry when the input is missing or malformed; nothing
     *     half-loaded is ever returned
     */
    public static ImdbDataset load(Path path, LoadOptions options) {
        Objects.requireNonNull(path, "path");
        if (!Files.exists(path)) {
            throw new DataException(path.toAbsolutePath() + ": no such file or folder; expected the IMDB archive "
                    + "aclImdb_v1.tar.gz, an extracted aclImdb/ folder, or a .csv/.tsv/.jsonl file of labelled reviews");
        }
        if (Files.isDirectory(path)) {
            return ImdbFolder.read(path, options);
        }
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".tar.gz") || name.endsWith(".tgz")) {
            return ImdbArchive.read(path, options);
        }
        if (ReviewFile.accepts(path)) {
            return ReviewFile.read(path, options);
        }
        throw new DataException(path + ": unknown kind of file; expected aclImdb_v1.tar.gz (.tar.gz/.tgz), an "
                + "aclImdb/ folder, or a .csv, .tsv or .jsonl file of labelled reviews");
    }

    /** The reviews of one split. */
    public List<Review> split(Split split) {
        return split == Split.TRAIN ? train : test;
    }

    /** Training then test reviews. */
    public List<Review> all() {
        List<Review> all = new ArrayList<>(train.size() + test.size());
        all.addAll(train);
        all.addAll(test);
        return all;
    }

    /** How many reviews both splits hold. */
    public int size() {
        return train.size() + test.size();
    }

    /**
     * A training/validation split carved from the training split, stratified by label and seeded; the test split
     * is left alone. See {@link Subsets#trainValidation}.
     */
    public Subsets.TrainValidation trainValidation(double validationFraction, long seed) {
        return Subsets.trainValidation(train, validationFraction, seed);
    }

    /** All reviews as a Tablesaw table. See {@link #table(List)}. */
    public Table table() {
        return table(all()).setName(source.getFileName() == null ? "reviews" : source.getFileName().toString());
    }

    /**
     * Reviews as a Tablesaw table with columns {@code split} (train/test), {@code id}, {@code rating} (0 when
     * unknown), {@code label} (1 positive, 0 negative) and {@code text}.
     */
    public static Table table(List<Review> reviews) {
        return Tables.of("reviews", reviews,
                Tables.text("split", r -> r.split().label()),
                Tables.ints("id", Review::id),
                Tables.ints("rating", Review::rating),
                Tables.ints("label", Review::label),
                Tables.text("text", Review::text));
    }

    @Override
    public String toString() {
        return "ImdbDataset[" + source + ": " + train.size() + " train, " + test.size() + " test]";
    }
}
