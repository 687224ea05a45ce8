package io.github.gpt2sentiment.data;

import com.google.gson.FieldNamingPolicy;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import io.github.gpt2sentiment.tables.Tables;
import io.github.gpt2sentiment.tokenization.Gpt2Tokenizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/**
 * A first look at a dataset: counts, ratings, lengths in characters, words and GPT-2 tokens, how many reviews a
 * context of 128/256/512/1024 tokens would cut, duplicate texts, and a few samples. As records, Tablesaw tables and
 * JSON.
 *
 * <p>Usage: {@code DataReport report = DataReport.of(imdb, tokenizer); report.countsTable().print();}
 *
 * @param source where the reviews came from
 * @param splits one summary per non-empty split, train first
 * @param duplicates repeated texts within and across splits
 * @param samples a few reviews of each label from the training split, chosen by a seed
 */
public record DataReport(Path source, List<SplitSummary> splits, Duplicates duplicates, List<Review> samples) {

    /** The context lengths whose cut share is reported; 1024 is GPT-2's limit. */
    public static final int[] CUT_OFFS = {128, 256, 512, 1024};

    /**
     * Texts that occur more than once.
     *
     * @param train training reviews that repeat an earlier training review's text
     * @param test test reviews that repeat an earlier test review's text
     * @param testInTrain test reviews whose text is also in the training split (a leak, if any)
     * @param conflictingLabels distinct texts that carry both labels
     */
    public record Duplicates(int train, int test, int testInTrain, int conflictingLabels) {}

    /** Snake case, so the report written from records keeps the keys it had before them ({@code test_in_train}). */
    private static final Gson GSON = new GsonBuilder()
            .setPrettyPrinting()
            .setFieldNamingPolicy(FieldNamingPolicy.LOWER_CASE_WITH_UNDERSCORES)
            .create();

    public DataReport {
        splits = List.copyOf(splits);
        samples = List.copyOf(samples);
    }

    /** Explores {@code data}, tokenizing every review once; samples are chosen with seed 42. */
    public static DataReport of(ImdbDataset data, Gpt2Tokenizer tokenizer) {
        return of(data, tokenizer, 42, 2);
    }

    /** Explores {@code data}, with {@code samplesPerLabel} sample reviews of each label chosen by {@code seed}. */
    public static DataReport of(ImdbDataset data, Gpt2Tokenizer tokenizer, long seed, int samplesPerLabel) {
        List<SplitSummary> splits = new ArrayList<>();
        for (Split split : Split.values()) {
            List<Review> reviews = data.split(split);
            if (!reviews.isEmpty()) {
                splits.add(summarize(split, reviews, tokenizer));
            }
        }
        return new DataReport(data.source(), splits, duplicates(data), samples(data, seed, samplesPerLabel));
    }

    private static SplitSummary summarize(Split split, List<Review> reviews, Gpt2Tokenizer tokenizer) {
        int n = reviews.size();
        int positive = 0;
        TreeMap<Integer, Integer> ratings = new TreeMap<>();
        int[] chars = new int[n];
        int[] words = new int[n];
        String[] texts = new String[n];
        for (int i = 0; i < n; i++) {
            Review r = reviews.get(i);
            positive += r.label();
            ratings.merge(r.rating(), 1, Integer::sum);
            texts[i] = r.text();
            chars[i] = r.text().codePointCount(0, r.text().length());
            words[i] = words(r.text());
        }
        int[] tokens = tokenizer.countTokens(texts);
        TreeMap<Integer, Double> cut = new TreeMap<>();
        for (int limit : CUT_OFFS) {
            int longer = 0;
            for (int t : tokens) {
                longer += t > limit ? 1 : 0;
            }
            cut.put(limit, (double) longer / n);
        }
        return new SplitSummary(split.label(), n, positive, n - positive, ratings, LengthStats.of(chars),
                LengthStats.of(words), LengthStats.of(tokens), cut, tokens);
    }

    /** Words as Python's {@code str.split()} counts them: runs of characters that are not Unicode white space. */
    static int words(String text) {
        int count = 0;
        boolean inWord = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean blank = Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\u0085';
            if (!blank && !inWord) {
                count++;
            }
            inWord = !blank;
        }
        return count;
    }

    private static Duplicates duplicates(ImdbDataset data) {
        Set<String> train = new HashSet<>();
        int trainRepeats = 0;
        for (Review r : data.train()) {
            trainRepeats += train.add(r.text()) ? 0 : 1;
        }
        Set<String> test = new HashSet<>();
        int testRepeats = 0;
        int testInTrain = 0;
        for (Review r : data.test()) {
            testRepeats += test.add(r.text()) ? 0 : 1;
            testInTrain += train.contains(r.text()) ? 1 : 0;
        }
        Map<String, Integer> labels = new HashMap<>();
        for (Review r : data.all()) {
            labels.merge(r.text(), 1 << r.label(), (a, b) -> a | b);
        }
        int conflicting = (int) labels.values().stream().filter(mask -> mask == 3).count();
        return new Duplicates(trainRepeats, testRepeats, testInTrain, conflicting);
    }

    private static List<Review> samples(ImdbDataset data, long seed, int perLabel) {
        List<Review> pool = data.train().isEmpty() ? data.test() : data.train();
        List<Review> samples = new ArrayList<>();
        Random random = new Random(seed);
        for (int label = 1; label >= 0; label--) {
            List<Review> ofLabel = new ArrayList<>();
            for (Review r : pool) {
                if (r.label() == label) {
                    ofLabel.add(r);
                }
            }
            for (int i = 0; i < perLabel && !ofLabel.isEmpty(); i++) {
                samples.add(ofLabel.remove(random.nextInt(ofLabel.size())));
            }
        }
        return samples;
    }

    /** The summary of a split ({@code train} or {@code test}), or null when the dataset had none. */
    public SplitSummary split(String name) {
        return splits.stream().filter(s -> s.split().equals(name)).findFirst().orElse(null);
    }

    /** One row per split: reviews, positive, negative. */
    public Table countsTable() {
        return Tables.of("Reviews per split and label", splits,
                Tables.text("split", SplitSummary::split),
                Tables.ints("reviews", SplitSummary::reviews),
                Tables.ints("positive", SplitSummary::positive),
                Tables.ints("negative", SplitSummary::negative));
    }

    /** One row per star rating, one count column per split. */
    public Table ratingsTable() {
        Table t = Table.create("Reviews per star rating", IntColumn.create("rating"));
        TreeMap<Integer, Boolean> all = new TreeMap<>();
        splits.forEach(s -> s.ratings().keySet().forEach(r -> all.put(r, true)));
        all.keySet().forEach(r -> t.intColumn("rating").append(r));
        for (SplitSummary s : splits) {
            IntColumn counts = IntColumn.create(s.split());
            all.keySet().forEach(r -> counts.append(s.ratings().getOrDefault(r, 0)));
            t.addColumns(counts);
        }
        return t;
    }

    /** One row per split and unit (chars, words, tokens): mean, median, p90, p99, max. */
    public Table lengthsTable() {
        record Row(String split, String unit, LengthStats stats) {}
        List<Row> rows = new ArrayList<>();
        for (SplitSummary s : splits) {
            rows.add(new Row(s.split(), "chars", s.chars()));
            rows.add(new Row(s.split(), "words", s.words()));
            rows.add(new Row(s.split(), "tokens", s.tokens()));
        }
        return Tables.of("Review lengths", rows,
                Tables.text("split", Row::split),
                Tables.text("unit", Row::unit),
                Tables.numbers("mean", r -> Math.round(r.stats().mean() * 10) / 10.0),
                Tables.numbers("median", r -> r.stats().median()),
                Tables.numbers("p90", r -> Math.round(r.stats().p90() * 10) / 10.0),
                Tables.numbers("p99", r -> Math.round(r.stats().p99() * 10) / 10.0),
                Tables.ints("max", r -> r.stats().max()));
    }

    /** One row per cut-off, one column per split: the percentage of reviews longer than it in tokens. */
    public Table cutTable() {
        Table t = Table.create("Reviews cut at each context length (%)", IntColumn.create("tokens"));
        for (int limit : CUT_OFFS) {
            t.intColumn("tokens").append(limit);
        }
        for (SplitSummary s : splits) {
            DoubleColumn share = DoubleColumn.create(s.split() + " %");
            for (int limit : CUT_OFFS) {
                share.append(Math.round(s.cutShare().get(limit) * 1000) / 10.0);
            }
            t.addColumns(share);
        }
        return t;
    }

    /** The sample reviews: label, rating, id and the start of the text. */
    public Table samplesTable(int maxChars) {
        return Tables.of("Sample reviews", samples,
                Tables.text("label", Review::labelName),
                Tables.ints("rating", Review::rating),
                Tables.ints("id", Review::id),
                Tables.text("text", r -> r.preview(maxChars)));
    }

    /**
     * The report as JSON: {@code train} and {@code test} objects (those present) with {@code reviews},
     * {@code positive}, {@code negative}, {@code ratings} (counts by star rating) and {@code chars}, {@code words},
     * {@code tokens} statistics, {@code tokens.cut} holding the share cut at each context length; plus
     * {@code source} and {@code duplicates}.
     */
    public JsonObject toJson() {
        JsonObject root = new JsonObject();
        root.addProperty("source", source.toString());
        for (SplitSummary s : splits) {
            JsonObject o = new JsonObject();
            o.addProperty("reviews", s.reviews());
            o.addProperty("positive", s.positive());
            o.addProperty("negative", s.negative());
            JsonObject ratings = new JsonObject();
            s.ratings().forEach((r, c) -> ratings.addProperty(Integer.toString(r), c));
            o.add("ratings", ratings);
            o.add("chars", json(s.chars()));
            o.add("words", json(s.words()));
            JsonObject tokens = json(s.tokens());
            JsonObject cut = new JsonObject();
            s.cutShare().forEach((limit, share) -> cut.addProperty(Integer.toString(limit), share));
            tokens.add("cut", cut);
            o.add("tokens", tokens);
            root.add(s.split(), o);
        }
        root.add("duplicates", GSON.toJsonTree(duplicates));
        return root;
    }

    /** {@link #toJson()}, pretty-printed. */
    public String toJsonString() {
        return GSON.toJson(toJson());
    }

    private static JsonObject json(LengthStats s) {
        JsonObject o = new JsonObject();
        o.addProperty("mean", s.mean());
        o.addProperty("median", s.median());
        o.addProperty("p90", s.p90());
        o.addProperty("p99", s.p99());
        o.addProperty("max", s.max());
        return o;
    }
}
