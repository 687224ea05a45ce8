package io.github.gpt2sentiment.tables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.Table;

/** A table from rows: one column per accessor, in order, typed, printed as asked and written whole to CSV. */
class TablesTest {

    record Run(String name, int steps, long parameters, double seconds, boolean best) {}

    private static final List<Run> RUNS = List.of(
            new Run("full", 40, 124_439_808L, 0.12345, true),
            new Run("lora", 40, 294_912L, Double.NaN, false));

    private static Table table() {
        return Tables.of("runs", RUNS,
                Tables.text("name", Run::name),
                Tables.ints("steps", Run::steps),
                Tables.counts("parameters", Run::parameters),
                Tables.longs("raw", Run::parameters),
                Tables.numbers("seconds", 2, Run::seconds),
                Tables.numbers("whole", Run::seconds),
                Tables.flags("best", Run::best));
    }

    @Test
    void oneRowPerElementOneTypedColumnPerAccessor() {
        Table t = table();
        assertEquals("runs", t.name());
        assertEquals(List.of("name", "steps", "parameters", "raw", "seconds", "whole", "best"), t.columnNames());
        assertEquals(List.of(ColumnType.STRING, ColumnType.INTEGER, ColumnType.LONG, ColumnType.LONG,
                ColumnType.DOUBLE, ColumnType.DOUBLE, ColumnType.BOOLEAN), t.columns().stream().map(c -> c.type()).toList());
        assertEquals(List.of("full", "lora"), t.stringColumn("name").asList());
        assertEquals(List.of(true, false), t.booleanColumn("best").asList());
        assertEquals(1, t.doubleColumn("seconds").countMissing(), "NaN is a missing cell");
    }

    @Test
    void printFormatsOnlyThePrintedTable() {
        String printed = table().print();
        assertTrue(printed.contains("124,439,808"), printed);
        assertTrue(printed.contains("124439808"), "longs are not grouped: " + printed);
        assertTrue(printed.contains("0.12 "), printed);
        StringWriter csv = new StringWriter();
        table().write().csv(csv);
        assertEquals("name,steps,parameters,raw,seconds,whole,best\n"
                + "full,40,124439808,124439808,0.12345,0.12345,true\n"
                + "lora,40,294912,294912,,,false\n", csv.toString());
    }

    @Test
    void noRowsGiveAnEmptyTableWithItsColumns() {
        Table t = Tables.of("none", List.<Run>of(), Tables.text("name", Run::name), Tables.ints("steps", Run::steps));
        assertEquals(0, t.rowCount());
        assertEquals(List.of("name", "steps"), t.columnNames());
    }
}
