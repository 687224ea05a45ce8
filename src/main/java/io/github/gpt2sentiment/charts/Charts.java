package io.github.gpt2sentiment.charts;

import io.github.gpt2sentiment.evaluation.ConfusionMatrix;
import io.github.gpt2sentiment.evaluation.Metric;
import io.github.gpt2sentiment.evaluation.MetricsWithIntervals;
import io.github.gpt2sentiment.evaluation.ResultTables;
import io.github.gpt2sentiment.evaluation.RocCurve;
import io.github.gpt2sentiment.evaluation.RunResult;
import io.github.gpt2sentiment.files.AtomicFiles;
import io.github.gpt2sentiment.scoring.Prediction;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategorySeries.CategorySeriesRenderStyle;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The evaluation charts, as XChart charts: save them as PNG with {@link #savePng} or show them in a notebook as
 * a {@link BufferedImage} with {@link #image}. Everything renders headless (no display needed).
 *
 * <p>Usage: {@code Charts.savePng(Charts.metricBars(List.of(before, after)), Path.of("out/metrics.png"));}
 */
public final class Charts {

    static {
        // Charts are drawn into images, never windows; without this, AWT on a machine with no display (CI, a
        // server, a notebook kernel) may try to open one. An explicit -Djava.awt.headless=false still wins.
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    /** Default chart size in pixels. */
    public static final int WIDTH = 900;
    public static final int HEIGHT = 560;

    /** Okabe-Ito colours: distinguishable with every common colour-vision deficiency. */
    private static final Color[] PALETTE = {
        new Color(0x0072B2), new Color(0xE69F00), new Color(0x009E73), new Color(0xCC79A7),
        new Color(0x56B4E9), new Color(0xD55E00), new Color(0xF0E442), new Color(0x000000),
    };

    private Charts() {}

    /** {@link #metricBars(List, List)} with every metric in [0, 1] (all but log-loss). */
    public static CategoryChart metricBars(List<RunResult> runs) {
        return metricBars(runs, Metric.fractions());
    }

    /**
     * Grouped bars: one group per metric, one bar per run (e.g. before and after fine-tuning), each with a
     * whisker spanning its confidence interval.
     */
    public static CategoryChart metricBars(List<RunResult> runs, List<Metric> metrics) {
        if (runs.isEmpty() || metrics.isEmpty()) {
            throw new IllegalArgumentException("a bar chart needs at least one run and one metric");
        }
        IntervalBarChart chart = new IntervalBarChart(1000, HEIGHT);
        RunResult first = runs.get(0);
        chart.setTitle(String.format(Locale.ROOT, "Metrics with %.0f%% confidence intervals",
                100 * first.metrics().bootstrap().level()));
        chart.setYAxisTitle("value");
        style(chart.getStyler());
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setAvailableSpaceFill(0.8);
        chart.getStyler().setYAxisDecimalPattern("0.0");
        chart.getStyler().setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));

        List<String> categories = metrics.stream().map(Metric::shortLabel).toList();
        List<String> names = ResultTables.columnNames(runs);
        double top = 1.0;
        for (int r = 0; r < runs.size(); r++) {
            MetricsWithIntervals m = runs.get(r).metrics();
            double[] values = new double[metrics.size()];
            double[] lows = new double[metrics.size()];
            double[] highs = new double[metrics.size()];
            for (int k = 0; k < metrics.size(); k++) {
                Metric metric = metrics.get(k);
                values[k] = m.value(metric);
                lows[k] = m.interval(metric).low();
                highs[k] = m.interval(metric).high();
                double reach = Double.isNaN(highs[k]) ? values[k] : highs[k];
                if (!Double.isNaN(reach)) {
                    top = Math.max(top, reach);
                }
            }
            String legend = names.get(r) + " (" + runs.get(r).numReviews() + " reviews)";
            chart.addSeries(legend, categories, values, lows, highs);
        }
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(top);
        return chart;
    }

    /** A 2x2 heat map of a run's confusion matrix, titled with the run's name and accuracy. */
    public static HeatMapChart confusionMatrix(RunResult run) {
        return confusionMatrix(String.format(Locale.ROOT, "%s: accuracy %.3f on %d reviews",
                run.runName(), run.metrics().point().accuracy(), run.numReviews()), run.metrics().point().confusion());
    }

    /**
     * A 2x2 heat map of a confusion matrix: true label down the side, predicted label along the bottom, each
     * cell showing its count, the largest shaded darkest.
     */
    public static HeatMapChart confusionMatrix(String title, ConfusionMatrix confusion) {
        // The (width, height) constructor of XChart 3.8.8's HeatMapChart leaves its theme unset; name one.
        HeatMapChart chart = new HeatMapChart(560, 500, Styler.ChartTheme.XChart);
        chart.setTitle(title);
        chart.setXAxisTitle("predicted label");
        chart.setYAxisTitle("true label");
        style(chart.getStyler());
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setShowValue(true);
        chart.getStyler().setHeatMapValueDecimalPattern("#,##0");
        chart.getStyler().setValueFont(new Font(Font.SANS_SERIF, Font.BOLD, 22));
        chart.getStyler().setValueFontColor(Color.BLACK);
        chart.getStyler().setPlotContentSize(1.0);
        chart.getStyler().setRangeColors(new Color[] {new Color(0xF7FBFF), new Color(0x6BAED6)});
        chart.getStyler().setMin(0);
        chart.getStyler().setMax(Math.max(1, Math.max(Math.max(confusion.tn(), confusion.fp()),
                Math.max(confusion.fn(), confusion.tp()))));
        chart.getStyler().setChartPadding(16);
        // XChart draws the y axis bottom-up; listing positive first puts the negative row on top, as usual.
        List<String> xs = List.of("negative", "positive");
        List<String> ys = List.of("positive", "negative");
        List<Number[]> cells = new ArrayList<>();
        for (int predicted = 0; predicted < 2; predicted++) {
            for (int label = 0; label < 2; label++) {
                cells.add(new Number[] {predicted, 1 - label, confusion.count(label, predicted)});
            }
        }
        chart.addSeries("reviews", xs, ys, cells);
        return chart;
    }

    /**
     * ROC curves of several runs on one chart, each named in the legend with its AUC, with the chance diagonal.
     *
     * @param runs run name to its predictions, in legend order (use a LinkedHashMap)
     */
    public static XYChart rocCurves(Map<String, List<Prediction>> runs) {
        XYChart chart = new XYChart(700, 620);
        chart.setTitle("ROC curves");
        chart.setXAxisTitle("false positive rate");
        chart.setYAxisTitle("true positive rate");
        style(chart.getStyler());
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        chart.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.0);
        chart.getStyler().setXAxisDecimalPattern("0.0").setYAxisDecimalPattern("0.0");
        chart.getStyler().setMarkerSize(0);
        int k = 0;
        for (Map.Entry<String, List<Prediction>> run : runs.entrySet()) {
            RocCurve roc = RocCurve.of(run.getValue());
            double auc = io.github.gpt2sentiment.evaluation.Metrics.of(run.getValue()).rocAuc();
            XYSeries series = chart.addSeries(
                    String.format(Locale.ROOT, "%s (AUC %.3f)", run.getKey(), auc),
                    roc.falsePositiveRate(), roc.truePositiveRate());
            series.setMarker(SeriesMarkers.NONE);
            series.setLineWidth(2.2f);
            series.setLineColor(PALETTE[k % PALETTE.length]);
            k++;
        }
        XYSeries chance = chart.addSeries("chance", new double[] {0, 1}, new double[] {0, 1});
        chance.setMarker(SeriesMarkers.NONE);
        chance.setLineColor(Color.GRAY);
        chance.setLineStyle(new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                new float[] {6f, 5f}, 0f));
        return chart;
    }

    /**
     * Histograms of p(positive), one for the truly negative reviews and one for the truly positive, in 20 bins
     * over [0, 1]: a good classifier piles them up at opposite ends.
     */
    public static CategoryChart probabilityHistogram(String title, List<Prediction> predictions) {
        int bins = 20;
        int[][] counts = new int[2][bins];
        for (Prediction p : predictions) {
            counts[p.label()][Math.min(bins - 1, (int) (p.pPositive() * bins))]++;
        }
        CategoryChart chart = new CategoryChart(WIDTH, HEIGHT);
        chart.setTitle(title);
        chart.setXAxisTitle("p(positive), bin centre");
        chart.setYAxisTitle("reviews");
        style(chart.getStyler());
        chart.getStyler().setOverlapped(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setAvailableSpaceFill(0.96);
        chart.getStyler().setXAxisLabelRotation(45);
        chart.getStyler().setDefaultSeriesRenderStyle(CategorySeriesRenderStyle.Bar);
        chart.getStyler().setSeriesColors(new Color[] {translucent(PALETTE[5]), translucent(PALETTE[0])});
        List<String> centres = new ArrayList<>();
        for (int b = 0; b < bins; b++) {
            centres.add(String.format(Locale.ROOT, "%.3f", (b + 0.5) / bins));
        }
        for (int label = 0; label < 2; label++) {
            List<Integer> ys = new ArrayList<>();
            for (int c : counts[label]) {
                ys.add(c);
            }
            int n = 0;
            for (int c : counts[label]) {
                n += c;
            }
            chart.addSeries((label == 1 ? "truly positive" : "truly negative") + " (" + n + ")", centres, ys);
        }
        return chart;
    }

    /** The chart drawn into an image of its own size, for notebooks ({@code display(image)}). */
    public static BufferedImage image(Chart<?, ?> chart) {
        return image(chart, chart.getWidth(), chart.getHeight());
    }

    /** The chart drawn into an image of the given size. */
    public static BufferedImage image(Chart<?, ?> chart, int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            chart.paint(g, width, height);
        } finally {
            g.dispose();
        }
        return image;
    }

    /** Saves the chart as a PNG of its own size, atomically (a temporary file moved into place). */
    public static void savePng(Chart<?, ?> chart, Path file) throws IOException {
        BufferedImage image = image(chart);
        AtomicFiles.write(file, out -> {
            if (!ImageIO.write(image, "png", out)) {
                throw new IOException("no PNG writer available to write " + file);
            }
        });
    }

    private static void style(AxesChartStyler styler) {
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setPlotBorderVisible(false);
        styler.setPlotGridVerticalLinesVisible(false);
        styler.setPlotGridLinesColor(new Color(225, 225, 225));
        styler.setLegendBorderColor(Color.WHITE);
        styler.setSeriesColors(PALETTE);
        styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        styler.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        styler.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        styler.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        styler.setChartTitleBoxVisible(false);
        styler.setToolTipsEnabled(false);
    }

    private static Color translucent(Color c) {
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), 150);
    }
}
