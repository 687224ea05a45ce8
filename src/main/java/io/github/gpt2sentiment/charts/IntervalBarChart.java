package io.github.gpt2sentiment.charts;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.internal.Utils;

/**
 * Grouped bars with asymmetric interval whiskers. XChart's own error bars are symmetric (value +- e), which a
 * percentile bootstrap interval is not, so this chart paints the whiskers itself after XChart has painted the
 * bars, placing them with the same layout arithmetic XChart 3.8.8 uses for grouped (not stacked, not overlapped)
 * bars.
 */
final class IntervalBarChart extends CategoryChart {

    private static final Color WHISKER = new Color(40, 40, 40);

    private final List<double[]> lows = new ArrayList<>();
    private final List<double[]> highs = new ArrayList<>();

    IntervalBarChart(int width, int height) {
        super(width, height);
    }

    /** Adds one series of bars; a NaN value leaves its bar out, a NaN bound leaves its whisker out. */
    void addSeries(String name, List<String> categories, double[] values, double[] low, double[] high) {
        List<Double> ys = new ArrayList<>();
        for (double v : values) {
            ys.add(Double.isNaN(v) ? null : v);
        }
        addSeries(name, categories, ys);
        lows.add(low.clone());
        highs.add(high.clone());
    }

    @Override
    public void paint(Graphics2D g, int width, int height) {
        super.paint(g, width, height);
        if (getSeriesMap().isEmpty()) {
            return;
        }
        Rectangle2D bounds = plot.getBounds();
        int series = getSeriesMap().size();
        int categories = lows.get(0).length;
        double tickSpace = getStyler().getPlotContentSize() * bounds.getWidth();
        double left = bounds.getX() + Utils.getTickStartOffset(bounds.getWidth(), tickSpace);
        double gridStep = tickSpace / categories;
        double fill = getStyler().getAvailableSpaceFill();
        double barWidth = gridStep / series * fill;
        double barMargin = gridStep * (1 - fill) / 2;
        double cap = Math.max(4, barWidth * 0.3);

        Graphics2D g2 = (Graphics2D) g.create();
        g2.setColor(WHISKER);
        g2.setStroke(new BasicStroke(1.6f));
        g2.clip(bounds);
        for (int s = 0; s < series; s++) {
            for (int c = 0; c < categories; c++) {
                double low = lows.get(s)[c];
                double high = highs.get(s)[c];
                if (Double.isNaN(low) || Double.isNaN(high)) {
                    continue;
                }
                double x = left + gridStep * c + s * barWidth + barMargin + barWidth / 2;
                double yLow = getScreenYFromChart(low);
                double yHigh = getScreenYFromChart(high);
                g2.draw(new Line2D.Double(x, yLow, x, yHigh));
                g2.draw(new Line2D.Double(x - cap / 2, yLow, x + cap / 2, yLow));
                g2.draw(new Line2D.Double(x - cap / 2, yHigh, x + cap / 2, yHigh));
            }
        }
        g2.dispose();
    }
}
