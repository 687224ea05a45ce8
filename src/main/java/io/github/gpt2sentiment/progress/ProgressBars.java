package io.github.gpt2sentiment.progress;

import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The project's console progress bars, built in one place so downloads, scoring and training look alike: ASCII (it
 * survives any terminal and log file), redrawn four times a second, at most 120 columns.
 *
 * <p>Usage: {@code try (ProgressBar bar = ProgressBars.builder("evaluate", n, " reviews", 1, System.err).showSpeed().build()) { ... }}
 */
public final class ProgressBars {

    private ProgressBars() {}

    /**
     * A builder with the project's settings; add {@code showSpeed()}, {@code continuousUpdate()} or
     * {@code startsFrom(...)} as needed, then {@code build()}.
     *
     * @param unit the unit's name as shown after the counts ({@code " reviews"}, {@code "MiB"})
     * @param unitSize how many counted things make one unit ({@code 1 << 20} bytes for MiB)
     */
    public static ProgressBarBuilder builder(String task, long max, String unit, long unitSize, PrintStream out) {
        return new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(max)
                .setStyle(ProgressBarStyle.ASCII)
                .setUnit(unit, unitSize)
                .setUpdateIntervalMillis(250)
                .setConsumer(new ConsoleProgressBarConsumer(out, 120));
    }
}
