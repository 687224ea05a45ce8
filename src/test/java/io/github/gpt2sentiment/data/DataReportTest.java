package io.github.gpt2sentiment.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.github.gpt2sentiment.Fixtures;
import io.github.gpt2sentiment.TestData;
import io.github.gpt2sentiment.charts.ChartImages;
import io.github.gpt2sentiment.charts.DataCharts;
import io.github.gpt2sentiment.tokenization.Gpt2Tokenizer;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;

/** Exploration of the whole IMDB dataset against the statistics Python computes from the same archive. */
class DataReportTest {

    private static ImdbDataset imdb;
    private static DataReport report;
    private static JsonObject expected;

    @BeforeAll
    static void explore() {
        imdb = ImdbDataset.load(TestData.imdbArchive());
        try (Gpt2Tokenizer tok = Gpt2Tokenizer.load(TestData.gpt2Tokenizer())) {
            report = DataReport.of(imdb, tok);
        }
        expected = Fixtures.json("imdb_stats.json");
    }

    @Test
    void countsAndRatingsMatchPython() {
        for (String split : new String[] {"train", "test"}) {
            JsonObject e = expected.getAsJsonObject(split);
            SplitSummary s = report.split(split);
            assertEquals(e.get("reviews").getAsInt(), s.reviews());
            assertEquals(e.get("positive").getAsInt(), s.positive());
            assertEquals(e.get("negative").getAsInt(), s.negative());
            assertEquals(e.getAsJsonObject("ratings").keySet().size(), s.ratings().size());
            e.getAsJsonObject("ratings").entrySet().forEach(r ->
                    assertEquals(r.getValue().getAsInt(), s.ratings().get(Integer.parseInt(r.getKey())), split + r));
        }
    }

    @Test
    void lengthsInCharsWordsAndTokensMatchPython() {
        for (String split : new String[] {"train", "test"}) {
            JsonObject e = expected.getAsJsonObject(split);
            SplitSummary s = report.split(split);
            assertStats(e.getAsJsonObject("chars"), s.chars(), split + " chars");
            assertStats(e.getAsJsonObject("words"), s.words(), split + " words");
            assertStats(e.getAsJsonObject("tokens"), s.tokens(), split + " tokens");
            JsonObject cut = e.getAsJsonObject("tokens").getAsJsonObject("cut");
            for (int limit : DataReport.CUT_OFFS) {
                assertEquals(cut.get(Integer.toString(limit)).getAsDouble(), s.cutShare().get(limit), 1e-12);
            }
            assertEquals(s.reviews(), s.tokenLengths().length);
        }
    }

    @Test
    void duplicatesMatchPython() {
        JsonObject d = expected.getAsJsonObject("duplicates");
        assertEquals(new DataReport.Duplicates(d.get("train").getAsInt(), d.get("test").getAsInt(),
                d.get("test_in_train").getAsInt(), d.get("conflicting_labels").getAsInt()), report.duplicates());
    }

    @Test
    void jsonHoldsPerSplitCountsRatingsAndTokenStatistics() {
        JsonObject json = report.toJson();
        for (String split : new String[] {"train", "test"}) {
            JsonObject s = json.getAsJsonObject(split);
            assertEquals(25_000, s.get("reviews").getAsInt());
            assertEquals(12_500, s.get("positive").getAsInt());
            assertEquals(12_500, s.get("negative").getAsInt());
            assertEquals(expected.getAsJsonObject(split).getAsJsonObject("ratings"), s.getAsJsonObject("ratings"));
            assertEquals(expected.getAsJsonObject(split).getAsJsonObject("tokens").get("max"),
                    s.getAsJsonObject("tokens").get("max"));
            assertEquals(4, s.getAsJsonObject("tokens").getAsJsonObject("cut").size());
        }
    }

    @Test
    void tablesAndSamples() {
        assertEquals(2, report.countsTable().rowCount());
        assertEquals(8, report.ratingsTable().rowCount(), "ratings 1-4 and 7-10");
        assertEquals(6, report.lengthsTable().rowCount());
        assertEquals(4, report.cutTable().rowCount());
        assertEquals(4, report.samples().size());
        assertEquals(2, report.samples().stream().filter(Review::positive).count());
        assertTrue(report.samples().stream().allMatch(r -> r.split() == Split.TRAIN));
        assertEquals(4, report.samplesTable(80).rowCount());
    }

    @Test
    void chartsRenderAsImagesAndPngFiles(@TempDir Path dir) throws Exception {
        XYChart histogram = DataCharts.tokenLengths(report);
        for (SplitSummary s : report.splits()) {
            double[] bins = histogram.getSeriesMap().values().stream()
                    .filter(series -> series.getName().startsWith(s.split())).findFirst().orElseThrow().getYData();
            assertEquals(s.reviews(), Arrays.stream(bins).sum(), "every review is in one bin, the longest in the last");
        }
        BufferedImage image = ChartImages.image(DataCharts.labelBalance(report));
        assertEquals(DataCharts.WIDTH, image.getWidth());
        assertEquals(DataCharts.HEIGHT, image.getHeight());
        var files = DataCharts.writeAll(report, dir.resolve("charts"));
        assertEquals(3, files.size());
        for (Path file : files.values()) {
            BufferedImage read = ImageIO.read(file.toFile());
            assertEquals(DataCharts.WIDTH, read.getWidth(), file.toString());
        }
    }

    private static void assertStats(JsonObject e, LengthStats s, String what) {
        assertEquals(e.get("mean").getAsDouble(), s.mean(), 1e-9, what + " mean");
        assertEquals(e.get("median").getAsDouble(), s.median(), 1e-9, what + " median");
        assertEquals(e.get("p90").getAsDouble(), s.p90(), 1e-9, what + " p90");
        assertEquals(e.get("p99").getAsDouble(), s.p99(), 1e-9, what + " p99");
        assertEquals(e.get("max").getAsInt(), s.max(), what + " max");
    }
}
