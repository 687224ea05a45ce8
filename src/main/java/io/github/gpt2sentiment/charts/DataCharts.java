package io.github.gpt2sentiment.charts;

import io.github.gpt2sentiment.data.DataReport;
import io.github.gpt2sentiment.data.SplitSummary;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The charts of a {@link DataReport}: label balance, star ratings, and the token-length histogram with the context
 * cut-offs marked. Each is an XChart chart; {@link ChartImages} turns it into an image or a PNG.
 *
 * <p>Usage: {@code Map<String, Path> files = DataCharts.writeAll(report, Path.of("out/explore"));}
 */
public final class DataCharts {

    /** Width and height of every chart, in pixels. */
    public static final int WIDTH = 900;
    public static final int HEIGHT = 520;

    private static final Color POSITIVE = new Color(0x2E7D32);
    private static final Color NEGATIVE = new Color(0xC62828);
    private static final Color[] SPLITS = {new Color(0x1565C0), new Color(0xEF6C00)};
    private static final Color CUT = new Color(0x555555);

    /** Token-length histogram bin width, in tokens. */
    static final int BIN = 16;

    private DataCharts() {}

    /** Positive and negative reviews per split, as grouped bars. */
    public static CategoryChart labelBalance(DataReport report) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
                .title("Label balance").xAxisTitle("split").yAxisTitle("reviews").build();
        style(chart.getStyler());
        chart.getStyler().setLabelsVisible(true);
        chart.getStyler().setLabelsFontColorAutomaticEnabled(false);
        chart.getStyler().setLabelsFontColor(Color.DARK_GRAY);
        chart.getStyler().setLabelsPosition(0.93);
        chart.getStyler().setLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        chart.getStyler().setDecimalPattern("#,###");
        int most = report.splits().stream().mapToInt(s -> Math.max(s.positive(), s.negative())).max().orElse(1);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(most * 1.15);
        List<String> splits = report.splits().stream().map(SplitSummary::split).toList();
        chart.addSeries("positive", splits, report.splits().stream().map(s -> (Number) s.positive()).toList())
                .setFillColor(POSITIVE);
        chart.addSeries("negative", splits, report.splits().stream().map(s -> (Number) s.negative()).toList())
                .setFillColor(NEGATIVE);
        return chart;
    }

    /** Reviews per star rating (1..10), one bar series per split. */
    public static CategoryChart ratings(DataReport report) {
        boolean rated = report.splits().stream().anyMatch(s -> s.ratings().keySet().stream().anyMatch(r -> r > 0));
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
                .title(rated ? "Star ratings (IMDB leaves out 5 and 6: neutral reviews are not in the dataset)"
                        : "Star ratings (none in this data)")
                .xAxisTitle("rating").yAxisTitle("reviews").build();
        style(chart.getStyler());
        chart.getStyler().setDecimalPattern("#,###");
        List<Integer> ratings = new ArrayList<>();
        for (int r = 1; r <= 10; r++) {
            ratings.add(r);
        }
        int i = 0;
        for (SplitSummary s : report.splits()) {
            List<Integer> counts = ratings.stream().map(r -> s.ratings().getOrDefault(r, 0)).toList();
            chart.addSeries(s.split(), ratings, counts).setFillColor(SPLITS[i++ % SPLITS.length]);
        }
        return chart;
    }

    /**
     * How many reviews have each length in GPT-2 tokens (bins of 16), one outline per split, with a vertical line
     * at each cut-off of {@link DataReport#CUT_OFFS} labelled with the share of the first split's reviews it would
     * cut.
     */
    public static XYChart tokenLengths(DataReport report) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title("Review length in GPT-2 tokens (dashed: context cut-offs, with the share of "
                        + report.splits().get(0).split() + " reviews longer)")
                .xAxisTitle("tokens (bins of " + BIN + "; the last bin holds all longer reviews)")
                .yAxisTitle("reviews").build();
        style(chart.getStyler());
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.StepArea);
        chart.getStyler().setXAxisDecimalPattern("#,###");
        chart.getStyler().setYAxisDecimalPattern("#,###");
        int xMax = 1280;
        chart.getStyler().setXAxisMin(0.0);
        chart.getStyler().setXAxisMax((double) xMax);
        double yMax = 0;
        int i = 0;
        for (SplitSummary s : report.splits()) {
            int[] counts = new int[xMax / BIN + 1];
            for (int t : s.tokenLengths()) {
                counts[Math.min(t / BIN, counts.length - 1)]++;
            }
            double[] x = new double[counts.length];
            double[] y = new double[counts.length];
            for (int b = 0; b < counts.length; b++) {
                x[b] = b * BIN;
                y[b] = counts[b];
                yMax = Math.max(yMax, counts[b]);
            }
            Color color = SPLITS[i++ % SPLITS.length];
            XYSeries series = chart.addSeries(s.split() + " (longest: " + s.tokens().max() + " tokens)", x, y);
            series.setMarker(SeriesMarkers.NONE);
            series.setLineColor(color);
            // Only the first split is filled, so the others stay visible on top of it.
            if (i == 1) {
                series.setFillColor(new Color(color.getRed(), color.getGreen(), color.getBlue(), 60));
            } else {
                series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Step);
            }
        }
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(yMax * 1.15);
        chart.getStyler().setAnnotationLineColor(CUT);
        chart.getStyler().setAnnotationLineStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER,
                10f, new float[] {6f, 4f}, 0f));
        chart.getStyler().setAnnotationTextFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        chart.getStyler().setAnnotationTextFontColor(CUT);
        SplitSummary first = report.splits().get(0);
        double dataPerPixel = xMax / (WIDTH - 110.0);
        int row = 0;
        for (int limit : DataReport.CUT_OFFS) {
            chart.addAnnotation(new AnnotationLine(limit, true, false));
            String label = String.format("%d: %.1f%%", limit, first.cutShare().get(limit) * 100);
            // Labels alternate in height so neighbouring ones never overlap.
            // Text is placed by its centre: shift it right by half its width (~7 px a character) plus a gap.
            chart.addAnnotation(new AnnotationText(label, limit + (6 + label.length() * 3.5) * dataPerPixel,
                    yMax * (1.08 - 0.07 * (row++ % 2)), false));
        }
        return chart;
    }

    /** Writes the three charts as {@code labels.png}, {@code ratings.png} and {@code token-lengths.png}. */
    public static Map<String, Path> writeAll(DataReport report, Path folder) {
        Map<String, Path> files = new LinkedHashMap<>();
        files.put("label balance", ChartImages.writePng(labelBalance(report), folder.resolve("labels.png")));
        files.put("star ratings", ChartImages.writePng(ratings(report), folder.resolve("ratings.png")));
        files.put("token lengths", ChartImages.writePng(tokenLengths(report),
                folder.resolve("token-lengths.png")));
        return files;
    }

    private static void style(Styler styler) {
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setPlotBorderVisible(false);
        styler.setLegendPosition(Styler.LegendPosition.OutsideS);
        styler.setLegendLayout(Styler.LegendLayout.Horizontal);
        styler.setLegendBorderColor(new Color(0xDDDDDD));
        styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        styler.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        styler.setChartTitleBoxVisible(false);
        styler.setAntiAlias(true);
        if (styler instanceof org.knowm.xchart.style.AxesChartStyler axes) {
            axes.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            axes.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            axes.setPlotGridLinesColor(new Color(0xE6E6E6));
        }
    }
}
