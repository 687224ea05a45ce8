package io.github.gpt2sentiment.pipeline;

import io.github.gpt2sentiment.data.DataReport;
import io.github.gpt2sentiment.evaluation.ClassifierRuns;
import io.github.gpt2sentiment.evaluation.Evaluation;
import io.github.gpt2sentiment.files.AtomicFiles;
import io.github.gpt2sentiment.hub.ModelSource;
import io.github.gpt2sentiment.progress.ProgressBars;
import io.github.gpt2sentiment.tokenization.Gpt2Tokenizer;
import io.github.gpt2sentiment.explain.HandWritten;
import io.github.gpt2sentiment.explain.TextScorer;
import io.github.gpt2sentiment.training.ProgressBarListener;
import io.github.gpt2sentiment.training.ProgressLines;
import io.github.gpt2sentiment.training.TrainingCharts;
import io.github.gpt2sentiment.training.TrainingResult;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.IntConsumer;
import me.tongfei.progressbar.ProgressBar;

/**
 * The walkthrough without Jupyter: explore the data, score the zero-shot baseline, fine-tune, score the fine-tuned
 * classifier, and write one self-contained {@code report.html}. The notebooks do the same steps with the same
 * {@link RunProfile} and the same {@link RunFiles} layout.
 *
 * <p>Usage: {@code Path report = new Pipeline(RunProfile.quick().withModel(dir), Path.of("runs/quick"), System.err).run();}
 */
public final class Pipeline {

    /** The steps, in order, as the console and the report name them. */
    public static final List<String> STEPS = List.of("data and model", "explore", "baseline", "train", "evaluate",
            "explain", "report");

    /** Reviews explained in the report: the most confident right ones, then the most confident mistakes. */
    private static final int EXPLAINED_RIGHT = 2;
    private static final int EXPLAINED_WRONG = 2;

    private final RunProfile profile;
    private final RunFiles files;
    private final PrintStream log;
    private int step;

    /**
     * @param out the run folder (created)
     * @param log where step headers, progress bars and one-line results go (the terminal's standard error)
     */
    public Pipeline(RunProfile profile, Path out, PrintStream log) {
        this.profile = profile;
        this.files = RunFiles.in(out);
        this.log = log;
    }

    /** Runs every step and writes the report; returns the report's path. */
    public Path run() throws IOException {
        if (Files.exists(files.modelFolder())) {
            throw new IllegalArgumentException("The run folder " + files.folder() + " already holds a fine-tuned "
                    + "model from an earlier run (" + files.modelFolder() + "): choose another --out, or delete it");
        }
        Files.createDirectories(files.folder());
        RunReport report = new RunReport(profile);

        long start = header();
        RunData data = RunData.load(profile);
        Path modelDir = ModelSource.resolve(profile.model());
        report.step(new RunReport.Step(STEPS.get(0), data.summary() + "; model folder " + modelDir, Map.of(),
                seconds(start)));

        start = header();
        DataReport dataReport;
        try (Gpt2Tokenizer tokenizer = Gpt2Tokenizer.load(modelDir)) {
            dataReport = DataReport.of(data.explored(), tokenizer);
        }
        AtomicFiles.writeString(files.dataJson(), dataReport.toJsonString() + "\n");
        Map<String, Object> exploreSettings = new LinkedHashMap<>();
        exploreSettings.put("reviews explored", data.explored().size());
        exploreSettings.put("tokenizer", Gpt2Tokenizer.file(modelDir).toString());
        report.step(new RunReport.Step(STEPS.get(1), String.format(Locale.ROOT, "measured %,d reviews; median "
                + "training review %.0f tokens", data.explored().size(),
                dataReport.split("train").tokens().median()), exploreSettings, seconds(start)));
        report.data(data, dataReport);

        start = header();
        String sample = Generation.PROMPTS.get(0) + Generation.continuations(modelDir,
                Generation.PROMPTS.subList(0, 1), Generation.SAMPLING).stringColumn("continuation").get(0);
        ClassifierRuns.Outcome before = counted("zero-shot", data.test().size(),
                progress -> Steps.baseline(profile, data, modelDir, progress));
        log.println(Evaluation.summary(before.result())); // shown first: a save that fails still leaves the figures
        before.save(files.before());
        report.step(new RunReport.Step(STEPS.get(2), Evaluation.summary(before.result()), Map.of(),
                seconds(start)));
        report.baseline(before.result(), before.predictions(), sample);

        start = header();
        TrainingResult trained = Steps.fineTune(profile, data, modelDir, files.modelFolder(),
                ProgressLines.interactiveTerminal() ? new ProgressBarListener(log) : new ProgressLines(log));
        log.println(trained.summary());
        report.step(new RunReport.Step(STEPS.get(3), String.format(Locale.ROOT, "%d steps on %,d reviews; best "
                + "validation loss %.4f at step %d", trained.steps(), data.train().size(), trained.best().valLoss(),
                trained.bestStep()), Map.of(), seconds(start)));
        report.training(profile.trainingSettings(), trained.history().evaluationTable(),
                List.of(TrainingCharts.loss(trained.history()), TrainingCharts.accuracy(trained.history())));

        start = header();
        ClassifierRuns.Outcome after = counted("fine-tuned", data.test().size(),
                progress -> Steps.evaluate(profile, data, files.modelFolder(), progress));
        log.println(Evaluation.summary(after.result()));
        after.save(files.after());
        report.step(new RunReport.Step(STEPS.get(4), Evaluation.summary(after.result()), Map.of(), seconds(start)));
        report.fineTuned(after.result(), after.predictions());

        start = header();
        try (OpenClassifier zeroShot = OpenClassifier.zeroShot(profile, data, modelDir);
                OpenClassifier fineTuned = OpenClassifier.fineTuned(profile, files.modelFolder())) {
            Map<String, TextScorer> scorers = new LinkedHashMap<>();
            scorers.put("before", zeroShot);
            scorers.put("after", fineTuned);
            List<Explanations.Explained> explained = Explanations.of(data.test(), after.predictions(), zeroShot,
                    fineTuned, EXPLAINED_RIGHT, EXPLAINED_WRONG);
            report.explanations(HandWritten.table(scorers), Explanations.html(explained));
            report.step(new RunReport.Step(STEPS.get(5), "word attributions of " + explained.size() + " test reviews"
                    + " and " + HandWritten.SENTENCES.size() + " hand-written sentences, before and after",
                    Map.of(), seconds(start)));
        }

        start = header();
        report.step(new RunReport.Step(STEPS.get(STEPS.size() - 1), "this page", Map.of(), 0));
        Path written = report.write(files.report());
        log.printf(Locale.ROOT, "Report written in %.1f s: %s%n", seconds(start), written);
        return written;
    }

    /** Prints the next step's header; returns the time it started. */
    private long header() {
        step++;
        log.printf(Locale.ROOT, "[%d/%d] %s%n", step, STEPS.size(), STEPS.get(step - 1));
        log.flush();
        return System.nanoTime();
    }

    private static double seconds(long startNanos) {
        return Math.round((System.nanoTime() - startNanos) / 1e8) / 10.0;
    }

    /** Runs a scoring step with a progress bar on a terminal, or with a few progress lines elsewhere. */
    private <T> T counted(String task, int total, Function<IntConsumer, T> step) {
        if (!ProgressLines.interactiveTerminal()) {
            return step.apply(ProgressLines.counter(log, task, total, ProgressLines.EVERY));
        }
        try (ProgressBar bar = bar(task, total)) {
            return step.apply(bar::stepBy);
        }
    }

    private ProgressBar bar(String task, long total) {
        return ProgressBars.builder(task, total, " reviews", 1, log).continuousUpdate().build();
    }
}
