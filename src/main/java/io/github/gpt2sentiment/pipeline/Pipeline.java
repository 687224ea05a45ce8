package io.github.gpt2sentiment.pipeline;

import io.github.gpt2sentiment.data.DataReport;
import io.github.gpt2sentiment.hub.ModelSource;
import io.github.gpt2sentiment.tokenization.Gpt2Tokenizer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The walkthrough without Jupyter: explore the data, score the zero-shot baseline, fine-tune, score the fine-tuned
 * classifier, and write one self-contained {@code report.html}. The notebooks do the same steps with the same
 * {@link RunProfile} and the same {@link RunFiles} layout.
 *
 * <p>Usage: {@code Path report = new Pipeline(RunProfile.quick().withModel(dir), Path.of("runs/quick"), System.err).run();}
 */
public final class Pipeline {

    private final RunProfile profile;
    private final RunFiles files;
    private final PrintStream log;

    /**
     * @param out the run folder (created); it must not hold an earlier run's training folder
     * @param log where step headers and progress bars go (the terminal's standard error)
     */
    public Pipeline(RunProfile profile, Path out, PrintStream log) {
        this.profile = profile;
        this.files = RunFiles.in(out);
        this.log = log;
    }

    /** The run folder's layout. */
    public RunFiles files() {
        return files;
    }

    /** Runs every step and writes the report; returns the report's path. */
    public Path run() throws IOException {
        Files.createDirectories(files.folder());
        RunReport report = new RunReport(profile);
        int total = 3;
        int[] number = {0};

        header(++number[0], total, "data and model");
        long start = System.nanoTime();
        RunData data = RunData.load(profile);
        Path modelDir = ModelSource.resolve(profile.model());
        report.step(new RunReport.Step("data and model", data.summary() + "; model folder " + modelDir,
                Map.of(), seconds(start)));

        header(++number[0], total, "explore");
        start = System.nanoTime();
        DataReport dataReport;
        try (Gpt2Tokenizer tokenizer = Gpt2Tokenizer.load(modelDir)) {
            dataReport = DataReport.of(data.explored(), tokenizer);
        }
        Files.writeString(files.dataJson(), dataReport.toJsonString() + "\n", StandardCharsets.UTF_8);
        Map<String, Object> exploreSettings = new LinkedHashMap<>();
        exploreSettings.put("reviews explored", data.explored().size());
        exploreSettings.put("tokenizer", modelDir.resolve("tokenizer.json").toString());
        report.step(new RunReport.Step("explore", String.format(Locale.ROOT, "measured %,d reviews; median "
                + "training review %.0f tokens", data.explored().size(),
                dataReport.split("train").tokens().median()), exploreSettings, seconds(start)));
        report.data(data, dataReport);

        header(++number[0], total, "report");
        start = System.nanoTime();
        report.step(new RunReport.Step("report", "this page", Map.of(), 0));
        Path written = report.write(files.report());
        log.printf(Locale.ROOT, "Report: %s (%.1f s to write)%n", written, seconds(start));
        return written;
    }

    private void header(int number, int total, String name) {
        log.printf(Locale.ROOT, "[%d/%d] %s%n", number, total, name);
        log.flush();
    }

    private static double seconds(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos).toMillis() / 1000.0;
    }

    /** A console progress bar over {@code total} reviews, e.g. for a scoring pass. */
    ProgressBar bar(String task, long total) {
        return new ProgressBarBuilder().setTaskName(task).setInitialMax(total).setStyle(ProgressBarStyle.ASCII)
                .setUnit(" reviews", 1).setUpdateIntervalMillis(250).continuousUpdate()
                .setConsumer(new ConsoleProgressBarConsumer(log, 120)).build();
    }

    static <T> T timed(Supplier<T> step, double[] seconds) {
        long start = System.nanoTime();
        T value = step.get();
        seconds[0] = (System.nanoTime() - start) / 1e9;
        return value;
    }

    static List<String> stepNames() {
        return List.of("data and model", "explore", "baseline", "train", "evaluate", "report");
    }
}
