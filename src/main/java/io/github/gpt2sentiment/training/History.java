package io.github.gpt2sentiment.training;

import io.github.gpt2sentiment.files.AtomicFiles;
import io.github.gpt2sentiment.tables.Tables;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
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
        return Tables.of("evaluations", evaluations,
                Tables.ints("step", EvalLog::step),
                Tables.numbers("epoch", EvalLog::epoch),
                Tables.numbers("train_loss", EvalLog::trainLoss),
                Tables.numbers("val_loss", EvalLog::valLoss),
                Tables.numbers("val_accuracy", EvalLog::valAccuracy),
                Tables.numbers("val_f1", EvalLog::valF1),
                Tables.flags("best", EvalLog::best));
    }

    /** The updates: step, epoch, loss, learning_rate, grad_norm, tokens_per_second. */
    public Table stepTable() {
        return Tables.of("steps", steps,
                Tables.ints("step", StepLog::step),
                Tables.numbers("epoch", StepLog::epoch),
                Tables.numbers("loss", StepLog::loss),
                Tables.numbers("learning_rate", StepLog::learningRate),
                Tables.numbers("grad_norm", StepLog::gradNorm),
                Tables.numbers("tokens_per_second", StepLog::tokensPerSecond));
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
