package io.github.gpt2sentiment.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/** Tablesaw tables of one run and of several side by side. */
class ResultTablesTest {

    @Test
    void oneRunHasARowPerMetricWithItsInterval() throws IOException {
        RunResult run = ResultsFilesTest.run("before", ResultsFilesTest.predictions("informative"));
        Table table = ResultTables.metrics(run);
        assertEquals(List.of("metric", "value", "low", "high"), table.columnNames());
        assertEquals(Metric.values().length, table.rowCount());
        for (int row = 0; row < table.rowCount(); row++) {
            Metric metric = Metric.byKey(table.stringColumn("metric").get(row));
            assertEquals(run.metrics().value(metric), table.doubleColumn("value").get(row));
            assertEquals(run.metrics().interval(metric).low(), table.doubleColumn("low").get(row));
            assertEquals(run.metrics().interval(metric).high(), table.doubleColumn("high").get(row));
        }
    }

    @Test
    void runsSideBySideGetUniqueColumns() throws IOException {
        RunResult a = ResultsFilesTest.run("run", ResultsFilesTest.predictions("ties"));
        RunResult b = ResultsFilesTest.run("Run", ResultsFilesTest.predictions("informative"));
        Table numbers = ResultTables.sideBySide(List.of(a, b));
        assertEquals(List.of("metric", "run", "run low", "run high", "Run (2)", "Run (2) low", "Run (2) high"),
                numbers.columnNames());
        assertEquals(b.metrics().value(Metric.ROC_AUC),
                numbers.doubleColumn("Run (2)").get(Metric.ROC_AUC.ordinal()));

        Table text = ResultTables.sideBySideText(List.of(a, b));
        assertEquals(Evaluation.withInterval(a.metrics(), Metric.F1_MACRO),
                text.stringColumn("run").get(Metric.F1_MACRO.ordinal()));
        assertTrue(text.print().contains("F1 (macro)"));

        Table runs = ResultTables.runs(List.of(a, b));
        assertEquals(List.of(200, 300), runs.intColumn("reviews").asList());
    }
}
