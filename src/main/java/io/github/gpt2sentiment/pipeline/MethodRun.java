package io.github.gpt2sentiment.pipeline;

import io.github.gpt2sentiment.evaluation.Evaluation;
import io.github.gpt2sentiment.evaluation.Metric;
import io.github.gpt2sentiment.evaluation.RunResult;
import io.github.gpt2sentiment.model.LoraConfig;
import io.github.gpt2sentiment.training.TrainingResult;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

/**
 * One way of fine-tuning, full or LoRA, as notebook 03 compares them: the profile it trained with, what training
 * measured, and its score on the test reviews.
 *
 * <p>Usage: {@code render(Html.table(MethodRun.table(List.of(new MethodRun(profile, result, after.result()),
 * new MethodRun(loraProfile, loraResult, loraAfter.result())))), "text/html")}
 *
 * @param profile the run's profile; {@link RunProfile#lora()} says the method
 * @param training what {@link Steps#fineTune} returned
 * @param test what {@link Steps#evaluate} scored on the test reviews
 */
public record MethodRun(RunProfile profile, TrainingResult training, RunResult test) {

    private static final double MIB = 1024.0 * 1024.0;

    public MethodRun {
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(training, "training result");
        Objects.requireNonNull(test, "test result");
    }

    /** {@code full fine-tuning}, or LoRA with its rank and targets, e.g. {@code LoRA r 8 on c_attn}. */
    public String method() {
        LoraConfig lora = profile.lora();
        return lora == null ? "full fine-tuning"
                : String.format(Locale.ROOT, "LoRA r %d on %s", lora.r(), String.join(", ", lora.targets()));
    }

    /**
     * The methods side by side, one row each: trainable parameters, optimizer steps, peak learning rate, seconds
     * per step, how much the process's resident memory grew while training (MiB; a missing cell where it cannot be
     * read, off Linux) and the test accuracy with its 95 % interval.
     */
    public static Table table(List<MethodRun> runs) {
        StringColumn method = StringColumn.create("method");
        LongColumn trainable = LongColumn.create("trainable parameters");
        IntColumn steps = IntColumn.create("steps");
        StringColumn rate = StringColumn.create("learning rate");
        DoubleColumn perStep = DoubleColumn.create("s per step");
        DoubleColumn memory = DoubleColumn.create("memory growth (MiB)");
        StringColumn accuracy = StringColumn.create("test accuracy [95 % interval]");
        for (MethodRun run : runs) {
            TrainingResult t = run.training();
            method.append(run.method());
            trainable.append(t.trainableParameters());
            steps.append(t.steps());
            rate.append(String.format(Locale.ROOT, "%.0e", run.profile().learningRate()));
            perStep.append(t.secondsPerStep());
            t.peakMemory().residentGrowth().ifPresentOrElse(bytes -> memory.append(bytes / MIB),
                    memory::appendMissing);
            accuracy.append(Evaluation.withInterval(run.test().metrics(), Metric.ACCURACY));
        }
        trainable.setPrintFormatter(NumberColumnFormatter.intsWithGrouping());
        perStep.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(3));
        memory.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(0));
        return Table.create("fine-tuning methods", method, trainable, steps, rate, perStep, memory, accuracy);
    }
}
