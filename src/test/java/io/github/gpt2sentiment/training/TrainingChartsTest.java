package io.github.gpt2sentiment.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

class TrainingChartsTest {

    @Test
    void lossCurvesDrawEachRunAgainstItsOneBasedSteps() {
        Map<String, double[]> curves = new LinkedHashMap<>();
        curves.put("transformers Trainer", new double[] {0.7, 0.6, 0.5});
        curves.put("this trainer", new double[] {0.7, 0.61});
        XYChart chart = TrainingCharts.lossCurves("title", curves);
        List<XYSeries> series = List.copyOf(chart.getSeriesMap().values());
        assertEquals(2, series.size());
        assertEquals("transformers Trainer", series.get(0).getName());
        assertArrayEquals(new double[] {1, 2, 3}, series.get(0).getXData());
        assertArrayEquals(new double[] {0.7, 0.61}, series.get(1).getYData());
        assertEquals(chart.getWidth(), TrainingCharts.image(chart).getWidth(), "the chart renders");
    }
}
