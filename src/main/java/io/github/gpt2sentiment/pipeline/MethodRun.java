package io.github.gpt2sentiment.pipeline;

import io.github.gpt2sentiment.evaluation.Evaluation;
import io.github.gpt2sentiment.evaluation.Metric;
import io.github.gpt2sentiment.evaluation.RunResult;
import io.github.gpt2sentiment.model.LoraConfig;
import io.github.gpt2sentiment.tables.Tables;
import io.github.gpt2sentiment.training.TrainingResult;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalLong;
import tech.tablesaw.api.Table;

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

    /** How much the resident memory grew while training, in MiB; NaN (a missing cell) where it cannot be read. */
    private double memoryGrowthMib() {
        OptionalLong bytes = training.peakMemory().residentGrowth();
        return bytes.isPresent() ? bytes.getAsLong() / MIB : Double.NaN;
    }

    /**
     * The methods side by side, one row each: trainable parameters, optimizer steps, peak learning rate, seconds
     * per step, how much the process's resident memory grew while training (MiB; a missing cell where it cannot be
     * read, off Linux) and the test accuracy with its 95 % interval.
     */
    public static Table table(List<MethodRun> runs) {
        return Tables.of("fine-tuning methods", runs,
                Tables.text("method", MethodRun::method),
                Tables.counts("trainable parameters", run -> run.training().trainableParameters()),
                Tables.ints("steps", run -> run.training().steps()),
                Tables.text("learning rate", run -> String.format(Locale.ROOT, "%.0e", run.profile().learningRate())),
                Tables.numbers("s per step", 3, run -> run.training().secondsPerStep()),
                Tables.numbers("memory growth (MiB)", 0, MethodRun::memoryGrowthMib),
                Tables.text("test accuracy [95 % interval]",
                        run -> Evaluation.withInterval(run.test().metrics(), Metric.ACCURACY)));
    }
}
