package io.github.gpt2sentiment.evaluation;

import io.github.gpt2sentiment.tables.Tables;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

/**
 * Tablesaw tables of results, for notebooks ({@code display(table)}) and for {@code compare}. Undefined values
 * are missing cells; numbers print rounded but are stored (and written to CSV) in full.
 *
 * <p>Usage: {@code System.out.println(ResultTables.sideBySideText(List.of(before, after)).print());}
 */
public final class ResultTables {

    private ResultTables() {}

    /** One run's metrics: columns {@code metric, value, low, high}, one row per {@link Metric}. */
    public static Table metrics(RunResult run) {
        return Table.create(run.runName(), metricColumn(false))
                .addColumns(valueLowHigh(run.metrics(), "value", "low", "high"));
    }

    /** What each run was: name, kind, model, split, reviews, seconds, reviews per second, date. */
    public static Table runs(List<RunResult> runs) {
        return Tables.of("runs", runs,
                rows -> StringColumn.create("run", columnNames(rows)),
                Tables.text("kind", RunResult::kind),
                Tables.text("model", RunResult::model),
                Tables.text("split", RunResult::split),
                Tables.ints("reviews", RunResult::numReviews),
                Tables.numbers("seconds", 1, RunResult::runTimeSeconds),
                Tables.numbers("reviews/s", 1, RunResult::reviewsPerSecond),
                Tables.text("date", r -> r.date().toString()));
    }

    /**
     * Several runs' metrics side by side, as numbers: a {@code metric} column, then for each run the columns
     * {@code NAME}, {@code NAME low}, {@code NAME high}. This is what {@code compare} writes to comparison.csv.
     */
    public static Table sideBySide(List<RunResult> runs) {
        Table table = Table.create("comparison", metricColumn(false));
        List<String> names = columnNames(runs);
        for (int i = 0; i < runs.size(); i++) {
            String name = names.get(i);
            table.addColumns(valueLowHigh(runs.get(i).metrics(), name, name + " low", name + " high"));
        }
        return table;
    }

    /** Several runs side by side for reading: one column per run holding {@code 0.912 [0.894, 0.929]}. */
    public static Table sideBySideText(List<RunResult> runs) {
        Table table = Table.create("comparison", metricColumn(true));
        List<String> names = columnNames(runs);
        for (int i = 0; i < runs.size(); i++) {
            MetricsWithIntervals m = runs.get(i).metrics();
            StringColumn column = StringColumn.create(names.get(i));
            for (Metric metric : Metric.values()) {
                column.append(Evaluation.withInterval(m, metric));
            }
            table.addColumns(column);
        }
        return table;
    }

    /**
     * The runs' names, made unique for column headers (Tablesaw compares them ignoring case): a repeated name
     * gets " (2)", " (3)", ...
     */
    public static List<String> columnNames(List<RunResult> runs) {
        List<String> names = new ArrayList<>();
        Set<String> taken = new HashSet<>(Set.of("metric"));
        for (RunResult r : runs) {
            String name = r.runName();
            for (int k = 2; isTaken(taken, name); k++) {
                name = r.runName() + " (" + k + ")";
            }
            for (String header : List.of(name, name + " low", name + " high")) {
                taken.add(header.toLowerCase(Locale.ROOT));
            }
            names.add(name);
        }
        return names;
    }

    private static boolean isTaken(Set<String> taken, String name) {
        return List.of(name, name + " low", name + " high").stream()
                .anyMatch(header -> taken.contains(header.toLowerCase(Locale.ROOT)));
    }

    /** Every metric's value and the low and high end of its interval, one row per {@link Metric}, as numbers. */
    private static DoubleColumn[] valueLowHigh(MetricsWithIntervals m, String value, String low, String high) {
        DoubleColumn[] columns = {DoubleColumn.create(value), DoubleColumn.create(low), DoubleColumn.create(high)};
        for (Metric metric : Metric.values()) {
            columns[0].append(m.value(metric));
            columns[1].append(m.interval(metric).low());
            columns[2].append(m.interval(metric).high());
        }
        for (DoubleColumn column : columns) {
            column.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(4));
        }
        return columns;
    }

    private static StringColumn metricColumn(boolean labels) {
        StringColumn metric = StringColumn.create("metric");
        for (Metric m : Metric.values()) {
            metric.append(labels ? m.label() : m.key());
        }
        return metric;
    }
}
