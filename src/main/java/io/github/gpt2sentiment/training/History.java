package io.github.gpt2sentiment.training;

import io.github.gpt2sentiment.files.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/**
 * What a run did: every optimizer update and every evaluation, as Tablesaw tables and CSV files.
 *
 * <p>Usage: {@code System.out.println(result.history().evaluationTable().print());}
 *
 * @param steps       one entry per optimizer update
 * @param evaluations one entry per evaluation on the validation reviews
 */
public record History(List<StepLog> steps, List<EvalLog> evaluations) {

    public History {
        steps = List.copyOf(steps);
        evaluations = List.copyOf(evaluations);
    }

    /** The evaluations: step, epoch, train_loss, val_loss, val_accuracy, val_f1, best. */
    public Table evaluationTable() {
        return Table.create("evaluations",
                IntColumn.create("step", evaluations.stream().mapToInt(EvalLog::step).toArray()),
                DoubleColumn.create("epoch", evaluations.stream().mapToDouble(EvalLog::epoch).toArray()),
                DoubleColumn.create("train_loss", evaluations.stream().mapToDouble(EvalLog::trainLoss).toArray()),
                DoubleColumn.create("val_loss", evaluations.stream().mapToDouble(EvalLog::valLoss).toArray()),
                DoubleColumn.create("val_accuracy", evaluations.stream().mapToDouble(EvalLog::valAccuracy).toArray()),
                DoubleColumn.create("val_f1", evaluations.stream().mapToDouble(EvalLog::valF1).toArray()),
                BooleanColumn.create("best", evaluations.stream().map(EvalLog::best).toList()));
    }

    /** The updates: step, epoch, loss, learning_rate, grad_norm, tokens_per_second. */
    public Table stepTable() {
        return Table.create("steps",
                IntColumn.create("step", steps.stream().mapToInt(StepLog::step).toArray()),
                DoubleColumn.create("epoch", steps.stream().mapToDouble(StepLog::epoch).toArray()),
                DoubleColumn.create("loss", steps.stream().mapToDouble(StepLog::loss).toArray()),
                DoubleColumn.create("learning_rate", steps.stream().mapToDouble(StepLog::learningRate).toArray()),
                DoubleColumn.create("grad_norm", steps.stream().mapToDouble(StepLog::gradNorm).toArray()),
                DoubleColumn.create("tokens_per_second",
                        steps.stream().mapToDouble(StepLog::tokensPerSecond).toArray()));
    }

    /** Writes {@code history.csv} (evaluations) and {@code steps.csv} (updates) into a folder. */
    public void writeCsv(Path folder) throws IOException {
        writeAtomically(evaluationTable(), folder.resolve("history.csv"));
        writeAtomically(stepTable(), folder.resolve("steps.csv"));
    }

    private static void writeAtomically(Table table, Path file) throws IOException {
        AtomicFiles.write(file, out -> table.write().csv(out));
    }
}
