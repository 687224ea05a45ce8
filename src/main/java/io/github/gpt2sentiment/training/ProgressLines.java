package io.github.gpt2sentiment.training;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.function.IntConsumer;

/**
 * Progress as a few whole lines, for where a progress bar's carriage returns pile up instead of redrawing: a
 * notebook cell, a log file, CI. Every evaluation gets a line; between them a step line at most every
 * {@code every} (15 s by default). {@link #counter} does the same for scoring.
 *
 * <p>Usage: {@code Steps.fineTune(profile, data, modelDir, files.modelFolder(), new ProgressLines(System.out));}
 */
public final class ProgressLines implements TrainingListener {

    /** The default time between two step lines. */
    public static final Duration EVERY = Duration.ofSeconds(15);

    private final PrintStream out;
    private final long everyNanos;
    private long start;
    private long lastLine;
    private int totalSteps;
    private int epochs;

    public ProgressLines(PrintStream out) {
        this(out, EVERY);
    }

    /** @param every the least time between two step lines (evaluations are always printed) */
    public ProgressLines(PrintStream out, Duration every) {
        this.out = out;
        this.everyNanos = every.toNanos();
    }

    /**
     * Whether this JVM writes to an interactive terminal, where a redrawing progress bar works; false in a notebook
     * kernel, under CI or with output redirected to a file.
     */
    public static boolean interactiveTerminal() {
        return System.console() != null;
    }

    @Override
    public void onStart(int firstStep, int total, int epochCount) {
        totalSteps = total;
        epochs = epochCount;
        start = System.nanoTime();
        lastLine = start;
        out.printf(Locale.ROOT, "training: %d optimizer steps over %d epoch(s)%s%n", total, epochCount,
                firstStep > 0 ? ", resuming after step " + firstStep : "");
        out.flush();
    }

    @Override
    public void onStep(StepLog log) {
        long now = System.nanoTime();
        if (now - lastLine >= everyNanos && log.step() < totalSteps) {
            out.printf(Locale.ROOT, "  step %d/%d (epoch %.2f of %d): loss %.4f, learning rate %.2e, %,.0f tokens/s,"
                    + " %s%n", log.step(), totalSteps, log.epoch(), epochs, log.loss(), log.learningRate(),
                    log.tokensPerSecond(), elapsed(now));
            out.flush();
            lastLine = now;
        }
    }

    @Override
    public void onEvaluation(EvalLog log) {
        long now = System.nanoTime();
        out.printf(Locale.ROOT, "  step %d/%d (epoch %.2f): training loss %.4f | validation loss %.4f, accuracy "
                + "%.3f%s, %s%n", log.step(), totalSteps, log.epoch(), log.trainLoss(), log.valLoss(),
                log.valAccuracy(), log.best() ? "  * lowest so far, saved" : "", elapsed(now));
        out.flush();
        lastLine = now;
    }

    @Override
    public void onEnd(TrainingResult result) {
        out.printf(Locale.ROOT, "training: done after %s%n", elapsed(System.nanoTime()));
        out.flush();
    }

    private String elapsed(long now) {
        return String.format(Locale.ROOT, "%.0f s", (now - start) / 1e9);
    }

    /**
     * A progress callback for scoring ({@code IntConsumer} told how many items each batch finished) that prints a
     * line at most every {@code every} and one when all {@code total} are done.
     *
     * @param task what is counted, e.g. {@code zero-shot}
     */
    public static IntConsumer counter(PrintStream out, String task, int total, Duration every) {
        long begin = System.nanoTime();
        long[] state = {0, begin};   // done, time of the last line
        return n -> {
            state[0] += n;
            long now = System.nanoTime();
            if (state[0] >= total || now - state[1] >= every.toNanos()) {
                out.printf(Locale.ROOT, "%s: %,d/%,d reviews, %.0f s%n", task, state[0], total, (now - begin) / 1e9);
                out.flush();
                state[1] = now;
            }
        };
    }
}
