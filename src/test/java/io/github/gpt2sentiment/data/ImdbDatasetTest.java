package io.github.gpt2sentiment.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.gpt2sentiment.Fixtures;
import io.github.gpt2sentiment.TestData;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real IMDB archive, parsed once for the whole class. */
class ImdbDatasetTest {

    private static ImdbDataset imdb;
    private static ImdbDataset raw;

    @BeforeAll
    static void load() {
        imdb = ImdbDataset.load(TestData.imdbArchive());
        raw = ImdbDataset.load(TestData.imdbArchive(), LoadOptions.defaults().withCleanBreaks(false));
    }

    @Test
    void hasTheExactCountsOfTheOfficialDataset() {
        assertEquals(25_000, imdb.train().size());
        assertEquals(25_000, imdb.test().size());
        for (Split split : Split.values()) {
            List<Review> reviews = imdb.split(split);
            assertEquals(12_500, reviews.stream().filter(Review::positive).count(), split + " positive");
            assertEquals(12_500, reviews.stream().filter(r -> !r.positive()).count(), split + " negative");
            assertTrue(reviews.stream().allMatch(r -> r.split() == split));
        }
    }

    @Test
    void aPreviewIsOneLineCutToItsLength() {
        Review broken = imdb.all().stream().filter(r -> r.text().contains("\n") && r.text().length() > 200)
                .findFirst().orElseThrow();
        String preview = broken.preview(80);
        assertEquals(80, preview.length());
        assertTrue(preview.endsWith("...") && !preview.contains("\n"), preview);
        assertEquals(broken.text().replace('\n', ' ').substring(0, 77), preview.substring(0, 77));
        Review shortest = imdb.all().stream().min(java.util.Comparator.comparingInt(r -> r.text().length()))
                .orElseThrow();
        assertEquals(shortest.text().replace('\n', ' '), shortest.preview(shortest.text().length()));
    }

    @Test
    void positiveReviewsAreRated7To10AndNegativeOnes1To4() {
        for (Review r : imdb.all()) {
            if (r.positive()) {
                assertTrue(r.rating() >= 7 && r.rating() <= 10, () -> "positive " + r.id() + " rated " + r.rating());
            } else {
                assertTrue(r.rating() >= 1 && r.rating() <= 4, () -> "negative " + r.id() + " rated " + r.rating());
            }
        }
    }

    @Test
    void idsRunFrom0To12499InEveryFolder() {
        for (Split split : Split.values()) {
            for (int label = 0; label <= 1; label++) {
                int l = label;
                Set<Integer> ids = new HashSet<>();
                imdb.split(split).stream().filter(r -> r.label() == l).forEach(r -> ids.add(r.id()));
                assertEquals(12_500, ids.size());
                assertTrue(ids.stream().allMatch(id -> id >= 0 && id < 12_500));
            }
        }
    }

    @Test
    void knownReviewsHaveThePythonReferenceTextAndRating() throws Exception {
        JsonObject stats = Fixtures.json("imdb_stats.json");
        int nonAscii = 0;
        for (JsonElement e : stats.getAsJsonArray("known")) {
            JsonObject k = e.getAsJsonObject();
            Split split = Split.parse(k.get("split").getAsString());
            int label = k.get("label").getAsInt();
            int id = k.get("id").getAsInt();
            Review clean = find(imdb, split, label, id);
            Review original = find(raw, split, label, id);
            assertEquals(k.get("rating").getAsInt(), clean.rating());
            assertEquals(k.get("sha256_clean").getAsString(), sha256(clean.text()), "cleaned text of " + k);
            assertEquals(k.get("sha256_raw").getAsString(), sha256(original.text()), "raw text of " + k);
            nonAscii += original.text().chars().anyMatch(c -> c > 127) ? 1 : 0;
        }
        assertTrue(nonAscii >= 4, "the fixture names reviews with non-ASCII text");
    }

    @Test
    void cleaningTurnsEveryBreakIntoANewline() {
        assertTrue(imdb.all().stream().noneMatch(r -> r.text().contains("<br />")));
        long breaks = raw.all().stream().filter(r -> r.text().contains("<br />")).count();
        assertTrue(breaks > 10_000, "IMDB reviews hold many <br /> breaks, found them in " + breaks);
        Review r = raw.train().get(0);
        assertEquals(r.text().replace("<br />", "\n"), imdb.train().get(0).text());
    }

    @Test
    void anExtractedFolderGivesTheSameReviewsAsTheArchive(@TempDir Path dir) throws Exception {
        // Extract a slice of the archive with commons-compress (an independent tar reader).
        int extracted = 0;
        try (InputStream in = new TarArchiveInputStream(new GZIPInputStream(
                Files.newInputStream(TestData.imdbArchive())))) {
            TarArchiveInputStream tar = (TarArchiveInputStream) in;
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                String name = e.getName();
                if (e.isFile() && name.matches("aclImdb/(train|test)/(pos|neg)/\\d{1,2}_\\d+\\.txt")) {
                    Path file = dir.resolve(name);
                    Files.createDirectories(file.getParent());
                    Files.write(file, tar.readAllBytes());
                    extracted++;
                }
            }
        }
        assertEquals(400, extracted, "ids 0..99 of each of the four folders");
        ImdbDataset folder = ImdbDataset.load(dir); // the folder holding aclImdb/
        ImdbDataset inner = ImdbDataset.load(dir.resolve("aclImdb"));
        assertEquals(folder.all(), inner.all());
        assertEquals(200, folder.train().size());
        for (Review r : folder.all()) {
            assertEquals(r, find(imdb, r.split(), r.label(), r.id()));
        }
    }

    @Test
    void tableHasOneRowPerReview() {
        var table = imdb.table();
        assertEquals(50_000, table.rowCount());
        assertEquals(List.of("split", "id", "rating", "label", "text"), table.columnNames());
        assertEquals(25_000, table.stringColumn("split").isEqualTo("train").size());
        assertEquals(25_000, (int) table.intColumn("label").sum());
        assertEquals(imdb.test().get(7).text(), table.stringColumn("text").get(25_007));
    }

    @Test
    void stratifiedSubsetsKeepTheLabelBalanceAndDependOnlyOnTheSeed() {
        List<Review> a = Subsets.stratified(imdb.train(), 1000, 7);
        assertEquals(1000, a.size());
        assertEquals(500, a.stream().filter(Review::positive).count());
        assertEquals(a, Subsets.stratified(imdb.train(), 1000, 7));
        assertNotEquals(a, Subsets.stratified(imdb.train(), 1000, 8));
        assertEquals(1000, new HashSet<>(a).size());

        List<Review> skewed = imdb.train().subList(12_000, 13_000); // 500 negatives then 500 positives
        List<Review> tenth = Subsets.stratified(skewed.subList(0, 800), 80, 1); // 500 negative, 300 positive
        assertEquals(30, tenth.stream().filter(Review::positive).count());
    }

    @Test
    void validationIsCarvedFromTrainingOnly() {
        Subsets.TrainValidation tv = imdb.trainValidation(0.1, 42);
        assertEquals(22_500, tv.train().size());
        assertEquals(2_500, tv.validation().size());
        assertEquals(1_250, tv.validation().stream().filter(Review::positive).count());
        Set<Review> train = new HashSet<>(tv.train());
        assertTrue(tv.validation().stream().noneMatch(train::contains));
        assertEquals(tv, imdb.trainValidation(0.1, 42));
        assertFalse(tv.validation().equals(imdb.trainValidation(0.1, 43).validation()));
        var e = assertThrows(IllegalArgumentException.class, () -> Subsets.trainValidation(imdb.test(), 0.1, 42));
        assertTrue(e.getMessage().contains("training split"), e.getMessage());
    }

    private static Review find(ImdbDataset data, Split split, int label, int id) {
        for (Review r : data.split(split)) {
            if (r.label() == label && r.id() == id) {
                return r;
            }
        }
        throw new AssertionError("no " + split + " review " + label + "/" + id);
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
