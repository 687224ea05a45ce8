package io.github.gpt2sentiment.tables;

import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import java.util.function.ToIntFunction;
import java.util.function.ToLongFunction;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.NumberColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

/**
 * A Tablesaw table from a list of rows, one column per accessor: how this library turns reviews, runs, training
 * logs and the like into the tables the notebooks print and the CSV files hold.
 *
 * <p>Usage: {@code Table t = Tables.of("reviews", reviews, Tables.ints("id", Review::id),
 * Tables.text("text", Review::text));}
 */
public final class Tables {

    private Tables() {}

    /** One column of a table: its name and type, and how a row fills its cell. */
    @FunctionalInterface
    public interface Column<T> {

        /** The column, one cell per row, in the rows' order. */
        tech.tablesaw.columns.Column<?> of(List<T> rows);
    }

    /** A table named {@code name} with one row per element of {@code rows}, the columns in the order given. */
    @SafeVarargs
    public static <T> Table of(String name, List<T> rows, Column<T>... columns) {
        Table table = Table.create(name);
        for (Column<T> column : columns) {
            table.addColumns(column.of(rows));
        }
        return table;
    }

    /** A text column. */
    public static <T> Column<T> text(String name, Function<T, String> cell) {
        return rows -> StringColumn.create(name, rows.stream().map(cell).toList());
    }

    /** A whole-number column. */
    public static <T> Column<T> ints(String name, ToIntFunction<T> cell) {
        return rows -> IntColumn.create(name, rows.stream().mapToInt(cell).toArray());
    }

    /** A column of long whole numbers. */
    public static <T> Column<T> longs(String name, ToLongFunction<T> cell) {
        return rows -> LongColumn.create(name, rows.stream().mapToLong(cell).toArray());
    }

    /** A column of counts, printed with thousands separators ({@code 124,439,808}). */
    public static <T> Column<T> counts(String name, ToLongFunction<T> cell) {
        return rows -> printed(LongColumn.create(name, rows.stream().mapToLong(cell).toArray()),
                NumberColumnFormatter.intsWithGrouping());
    }

    /** A column of numbers (NaN is a missing cell). */
    public static <T> Column<T> numbers(String name, ToDoubleFunction<T> cell) {
        return rows -> DoubleColumn.create(name, rows.stream().mapToDouble(cell).toArray());
    }

    /** A column of numbers printed with {@code decimals} digits after the point (the CSV keeps them whole). */
    public static <T> Column<T> numbers(String name, int decimals, ToDoubleFunction<T> cell) {
        return rows -> printed(DoubleColumn.create(name, rows.stream().mapToDouble(cell).toArray()),
                NumberColumnFormatter.fixedWithGrouping(decimals));
    }

    /** A true/false column. */
    public static <T> Column<T> flags(String name, Predicate<T> cell) {
        return rows -> BooleanColumn.create(name, rows.stream().map(cell::test).toList());
    }

    private static NumberColumn<?, ?> printed(NumberColumn<?, ?> column, NumberColumnFormatter format) {
        column.setPrintFormatter(format);
        return column;
    }
}
