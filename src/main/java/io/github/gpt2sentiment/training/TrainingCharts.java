package io.github.gpt2sentiment.training;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.image.BufferedImage;
import io.github.gpt2sentiment.charts.Charts;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The curves of a run: training and validation loss, validation accuracy and F1, against optimizer steps.
 *
 * <p>Usage (in a notebook): {@code display(TrainingCharts.image(TrainingCharts.loss(result.history())));}
 */
public final class TrainingCharts {

    private static final int WIDTH = 800;
    private static final int HEIGHT = 450;

    private TrainingCharts() {}

    /** Training loss per update (thin) and validation loss per evaluation (dots). */
    public static XYChart loss(History history) {
        XYChart chart = base("Loss", "cross-entropy");
        if (!history.steps().isEmpty()) {
            XYSeries trainLoss = chart.addSeries("training loss",
                    history.steps().stream().mapToDouble(StepLog::step).toArray(),
                    history.steps().stream().mapToDouble(StepLog::loss).toArray());
            trainLoss.setMarker(SeriesMarkers.NONE);
            trainLoss.setLineColor(new Color(70, 130, 180, 140));
            trainLoss.setLineStyle(new BasicStroke(1f));
        }
        if (!history.evaluations().isEmpty()) {
            XYSeries valLoss = chart.addSeries("validation loss",
                    history.evaluations().stream().mapToDouble(EvalLog::step).toArray(),
                    history.evaluations().stream().mapToDouble(EvalLog::valLoss).toArray());
            valLoss.setMarker(SeriesMarkers.CIRCLE);
            valLoss.setLineColor(new Color(220, 80, 30));
            valLoss.setMarkerColor(new Color(220, 80, 30));
        }
        return chart;
    }

    /**
     * Several runs' training loss per update on one chart, e.g. this trainer against transformers' {@code Trainer}
     * on the same batches; entry {@code i} of a curve is the loss of update {@code i + 1}.
     */
    public static XYChart lossCurves(String title, Map<String, double[]> curves) {
        XYChart chart = base(title, "training loss (cross-entropy)");
        // A wide pale line first and a thin dark one on top: where the curves coincide, both stay visible.
        Color[] colours = {new Color(70, 130, 180, 150), new Color(200, 60, 20), new Color(40, 160, 60)};
        float[] widths = {5f, 1.2f, 1.2f};
        int i = 0;
        for (Map.Entry<String, double[]> curve : curves.entrySet()) {
            double[] losses = curve.getValue();
            double[] steps = new double[losses.length];
            Arrays.setAll(steps, s -> s + 1);
            XYSeries series = chart.addSeries(curve.getKey(), steps, losses);
            series.setMarker(SeriesMarkers.NONE);
            series.setLineColor(colours[Math.min(i, colours.length - 1)]);
            series.setLineStyle(new BasicStroke(widths[Math.min(i, widths.length - 1)]));
            i++;
        }
        return chart;
    }

    /** Validation accuracy and positive-class F1 per evaluation. */
    public static XYChart accuracy(History history) {
        XYChart chart = base("Validation accuracy and F1", "score");
        if (!history.evaluations().isEmpty()) {
            double[] steps = history.evaluations().stream().mapToDouble(EvalLog::step).toArray();
            chart.addSeries("accuracy", steps,
                    history.evaluations().stream().mapToDouble(EvalLog::valAccuracy).toArray())
                    .setMarker(SeriesMarkers.CIRCLE);
            chart.addSeries("F1 (positive)", steps,
                    history.evaluations().stream().mapToDouble(EvalLog::valF1).toArray())
                    .setMarker(SeriesMarkers.DIAMOND);
        }
        return chart;
    }

    /** The chart as an image, for notebooks. */
    public static BufferedImage image(XYChart chart) {
        return Charts.image(chart);
    }

    /** Writes {@code loss.png} and {@code accuracy.png} into a folder, each through an atomic rename. */
    public static void writePngs(History history, Path folder) throws IOException {
        Charts.savePng(loss(history), folder.resolve("loss.png"));
        Charts.savePng(accuracy(history), folder.resolve("accuracy.png"));
    }

    private static XYChart base(String title, String yAxis) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle("optimizer step").yAxisTitle(yAxis).build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotGridLinesColor(new Color(230, 230, 230));
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setXAxisDecimalPattern("#,###");
        return chart;
    }
}
