package io.github.gpt2sentiment.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gpt2sentiment.evaluation.Bootstrap;
import io.github.gpt2sentiment.evaluation.Evaluation;
import io.github.gpt2sentiment.evaluation.Metric;
import io.github.gpt2sentiment.evaluation.MetricsFixtureTestAccess;
import io.github.gpt2sentiment.evaluation.RunResult;
import io.github.gpt2sentiment.scoring.Prediction;
import java.awt.GraphicsEnvironment;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.internal.chartpart.Chart;

/** Charts render headless into PNG files and images of the expected size, with the expected marks. */
class ChartsTest {

    private static List<Prediction> weak;
    private static List<Prediction> strong;
    private static RunResult before;
    private static RunResult after;

    @TempDir
    Path dir;

    @BeforeAll
    static void runs() throws IOException {
        weak = MetricsFixtureTestAccess.predictions("ties");
        strong = MetricsFixtureTestAccess.predictions("informative");
        Bootstrap quick = Bootstrap.defaults().withResamples(200);
        before = Evaluation.run("before", RunResult.ZERO_SHOT, "gpt2", "fixture", "test", weak, Map.of(),
                Duration.ofSeconds(1), quick);
        after = Evaluation.run("after", RunResult.FINE_TUNED, "run-1", "fixture", "test", strong, Map.of(),
                Duration.ofSeconds(1), quick);
    }

    private BufferedImage savedAndReadBack(Chart<?, ?> chart, String name) throws IOException {
        Path file = dir.resolve(name);
        Charts.savePng(chart, file);
        BufferedImage image = ImageIO.read(file.toFile());
        assertEquals(chart.getWidth(), image.getWidth(), name);
        assertEquals(chart.getHeight(), image.getHeight(), name);
        return image;
    }

    private static int countPixels(BufferedImage image, int rgb) {
        int count = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xFFFFFF) == rgb) {
                    count++;
                }
            }
        }
        return count;
    }

    @Test
    void chartsRenderHeadless() {
        Charts.metricBars(List.of(before));
        assertTrue(GraphicsEnvironment.isHeadless());
    }

    @Test
    void metricBarsDrawBothRunsAndTheirWhiskers() throws IOException {
        BufferedImage image = savedAndReadBack(Charts.metricBars(List.of(before, after)), "bars.png");
        assertEquals(1000, image.getWidth());
        assertTrue(countPixels(image, 0x0072B2) > 5_000, "bars of the first run, in the first palette colour");
        assertTrue(countPixels(image, 0xE69F00) > 5_000, "bars of the second run, in the second palette colour");
        assertTrue(countPixels(image, 0x282828) > 200, "interval whiskers");
        BufferedImage noWhiskers = Charts.image(Charts.metricBars(List.of(before, after), List.of(Metric.ACCURACY)));
        assertTrue(countPixels(noWhiskers, 0x282828) < countPixels(image, 0x282828));
    }

    @Test
    void aRunWithAnUndefinedMetricLeavesItsBarOut() throws IOException {
        RunResult oneClass = Evaluation.run("positives only", RunResult.FINE_TUNED, "m", "fixture", "test",
                MetricsFixtureTestAccess.predictions("one_class_labels"), Map.of(), Duration.ofSeconds(1),
                Bootstrap.defaults().withResamples(100));
        BufferedImage image = savedAndReadBack(Charts.metricBars(List.of(before, oneClass)), "undefined.png");
        assertTrue(countPixels(image, 0xE69F00) > 1_000, "the defined metrics still get bars");
    }

    @Test
    void confusionMatrixRendersWithTitleAndCells() throws IOException {
        BufferedImage image = savedAndReadBack(Charts.confusionMatrix(before), "confusion.png");
        assertEquals(560, image.getWidth());
        assertTrue(countPixels(image, 0x000000) > 500, "title, labels and counts are drawn in black");
    }

    @Test
    void rocCurvesAndHistogramsRender() throws IOException {
        Map<String, List<Prediction>> runs = new LinkedHashMap<>();
        runs.put("before", weak);
        runs.put("after", strong);
        BufferedImage roc = savedAndReadBack(Charts.rocCurves(runs), "roc.png");
        assertTrue(countPixels(roc, 0x0072B2) > 300 && countPixels(roc, 0xE69F00) > 300, "one curve per run");
        BufferedImage histogram = savedAndReadBack(Charts.probabilityHistogram("p", strong), "histogram.png");
        assertEquals(Charts.WIDTH, histogram.getWidth());
        assertEquals(Charts.HEIGHT, histogram.getHeight());
        assertTrue(Files.size(dir.resolve("histogram.png")) > 5_000);
    }

    @Test
    void imagesCanBeDrawnAtAnySize() {
        BufferedImage image = Charts.image(Charts.rocCurves(Map.of("after", strong)), 320, 240);
        assertEquals(320, image.getWidth());
        assertEquals(240, image.getHeight());
    }

    @Test
    void aBarChartNeedsRunsAndMetrics() {
        assertThrows(IllegalArgumentException.class, () -> Charts.metricBars(List.of()));
        assertThrows(IllegalArgumentException.class, () -> Charts.metricBars(List.of(before), List.of()));
    }
}
