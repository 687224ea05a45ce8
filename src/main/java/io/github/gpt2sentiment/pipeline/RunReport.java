package io.github.gpt2sentiment.pipeline;

import ai.djl.engine.Engine;
import io.github.gpt2sentiment.charts.Charts;
import io.github.gpt2sentiment.charts.DataCharts;
import io.github.gpt2sentiment.data.DataReport;
import io.github.gpt2sentiment.evaluation.Evaluation;
import io.github.gpt2sentiment.evaluation.Metric;
import io.github.gpt2sentiment.evaluation.ResultTables;
import io.github.gpt2sentiment.evaluation.RunResult;
import io.github.gpt2sentiment.hub.ModelSource;
import io.github.gpt2sentiment.report.Html;
import io.github.gpt2sentiment.report.HtmlReport;
import io.github.gpt2sentiment.scoring.Prediction;
import io.github.gpt2sentiment.tables.Tables;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.internal.chartpart.Chart;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

/**
 * The report of one walkthrough run as a single self-contained HTML page: the settings, each step with its time,
 * the data, the zero-shot baseline, the fine-tuning, the fine-tuned classifier, and the before/after comparison
 * with 95 % intervals. Parts not given are left out.
 *
 * <p>Usage:
 * <pre>{@code
 * RunReport report = new RunReport(profile).data(runData, dataReport).baseline(before, beforePredictions, sample)
 *         .fineTuned(after, afterPredictions).step(new RunReport.Step("explore", "...", Map.of(), 12.3));
 * report.write(files.report());
 * }</pre>
 */
public final class RunReport {

    /**
     * One step of the run as the report lists it.
     *
     * @param name short name, e.g. {@code explore}
     * @param summary one line of what it did or found
     * @param settings the settings it ran with
     * @param seconds wall-clock time it took
     */
    public record Step(String name, String summary, Map<String, Object> settings, double seconds) {
        public Step {
            settings = new LinkedHashMap<>(settings);
        }
    }

    private final RunProfile profile;
    private final Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private final List<Step> steps = new ArrayList<>();
    private RunData data;
    private DataReport dataReport;
    private RunResult before;
    private List<Prediction> beforePredictions;
    private String generation;
    private Table trainingTable;
    private List<Chart<?, ?>> trainingCharts = List.of();
    private Map<String, Object> trainingSettings = Map.of();
    private RunResult after;
    private List<Prediction> afterPredictions;
    private Table handWritten;
    private String attributions;

    public RunReport(RunProfile profile) {
        this.profile = profile;
    }

    /** Adds a step to the table of steps, in order. */
    public RunReport step(Step step) {
        steps.add(step);
        return this;
    }

    /** The run's reviews and what exploring them found. */
    public RunReport data(RunData runData, DataReport report) {
        this.data = runData;
        this.dataReport = report;
        return this;
    }

    /** The zero-shot run, its per-review predictions, and a text GPT-2 generated before fine-tuning (or null). */
    public RunReport baseline(RunResult result, List<Prediction> predictions, String generatedText) {
        this.before = result;
        this.beforePredictions = List.copyOf(predictions);
        this.generation = generatedText;
        return this;
    }

    /** The fine-tuning: its settings, a table of its history (may be null) and its charts (loss, accuracy, ...). */
    public RunReport training(Map<String, Object> settings, Table history, List<Chart<?, ?>> charts) {
        this.trainingSettings = new LinkedHashMap<>(settings);
        this.trainingTable = history == null ? null : rounded(history);
        this.trainingCharts = List.copyOf(charts);
        return this;
    }

    /** A copy whose decimal columns print with four decimals. */
    private static Table rounded(Table table) {
        Table copy = table.copy();
        for (var column : copy.columns()) {
            if (column instanceof DoubleColumn d) {
                d.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(4));
            }
        }
        return copy;
    }

    /** The fine-tuned classifier's run and its per-review predictions. */
    public RunReport fineTuned(RunResult result, List<Prediction> predictions) {
        this.after = result;
        this.afterPredictions = List.copyOf(predictions);
        return this;
    }

    /**
     * Why the classifiers decided: the hand-written sentences before and after, and word attributions of a few
     * test reviews ({@link Explanations#html}).
     */
    public RunReport explanations(Table handWrittenScores, String attributionsHtml) {
        this.handWritten = handWrittenScores;
        this.attributions = attributionsHtml;
        return this;
    }

    /** Writes the page atomically; returns {@code file}. */
    public Path write(Path file) {
        return build().write(file);
    }

    /** The page. */
    public HtmlReport build() {
        HtmlReport page = new HtmlReport("GPT-2 sentiment on IMDB: " + profile.mode().name() + " run");
        page.subtitle("Model " + profile.model() + " · data " + profile.data() + " · " + machine() + " · started "
                + started);
        if (profile.mode() == RunProfile.Mode.QUICK) {
            page.note("QUICK run: a few hundred reviews cut to " + profile.maxLength() + " tokens, to check that "
                    + "every step works. Its intervals are wide and its scores are not what GPT-2 reaches "
                    + "on all of IMDB; run with --full on a GPU for those.");
        }
        if (ModelSource.isLocal(profile.model())) {
            page.note("The model is a local folder (" + profile.model() + "). If it is a randomly initialised "
                    + "checkpoint (init-model), its scores only show that the plumbing works.");
        }
        summary(page);
        page.heading("Steps");
        page.table(stepsTable());
        page.keyValues("Run settings", profile.settings());
        for (Step s : steps) {
            if (!s.settings().isEmpty()) {
                page.keyValues("Settings of step '" + s.name() + "'", s.settings());
            }
        }
        dataSection(page);
        baselineSection(page);
        trainingSection(page);
        fineTunedSection(page);
        comparisonSection(page);
        explanationSection(page);
        page.paragraph("Generated by gpt2-sentiment on " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + ".");
        return page;
    }

    private void summary(HtmlReport page) {
        List<RunResult> runs = runs();
        if (runs.isEmpty()) {
            return;
        }
        page.heading("Results");
        StringBuilder text = new StringBuilder();
        for (RunResult r : runs) {
            text.append(Evaluation.summary(r)).append(". ");
        }
        page.paragraph(text.toString().strip());
        page.table(ResultTables.sideBySideText(runs).setName("Test metrics with 95 % bootstrap intervals"));
    }

    private Table stepsTable() {
        double total = 0;
        for (Step s : steps) {
            total += s.seconds();
        }
        List<Step> rows = new ArrayList<>(steps);
        rows.add(new Step("total", "", Map.of(), total));
        return Tables.of("Steps and their wall-clock times", rows,
                Tables.text("step", Step::name),
                Tables.numbers("seconds", 1, Step::seconds),
                Tables.text("what it did", Step::summary));
    }

    private void dataSection(HtmlReport page) {
        if (dataReport == null) {
            return;
        }
        page.heading("1. The data");
        page.paragraph(data.summary() + ". The reviews are drawn once with seed " + profile.seed() + ", stratified "
                + "by label; validation reviews come from the training split and the test reviews are used for "
                + "the final scores only.");
        if (data.explored() != data.dataset()) {
            page.paragraph(String.format(Locale.ROOT, "The exploration below measures a stratified sample of %,d "
                    + "training and %,d test reviews out of %,d.", data.explored().train().size(),
                    data.explored().test().size(), data.dataset().size()));
        }
        page.table(dataReport.countsTable());
        page.table(dataReport.lengthsTable());
        page.table(dataReport.cutTable());
        page.chart(DataCharts.tokenLengths(dataReport), "token lengths");
        page.chart(DataCharts.ratings(dataReport), "star ratings");
    }

    private void baselineSection(HtmlReport page) {
        if (before == null) {
            return;
        }
        page.heading("2. Before fine-tuning: zero-shot GPT-2");
        page.keyValues("Settings", before.settings());
        if (generation != null) {
            page.paragraph("GPT-2 continuing a prompt before any fine-tuning:");
            page.preformatted(generation);
        }
        runDetails(page, before, beforePredictions);
    }

    private void trainingSection(HtmlReport page) {
        if (trainingTable == null && trainingCharts.isEmpty() && trainingSettings.isEmpty()) {
            return;
        }
        page.heading("3. Fine-tuning");
        if (!trainingSettings.isEmpty()) {
            page.keyValues("Settings", trainingSettings);
        }
        for (Chart<?, ?> chart : trainingCharts) {
            page.image(Charts.image(chart), chart.getTitle());
        }
        if (trainingTable != null) {
            page.table(trainingTable);
        }
    }

    private void fineTunedSection(HtmlReport page) {
        if (after == null) {
            return;
        }
        page.heading("4. After fine-tuning");
        page.keyValues("Settings", after.settings());
        runDetails(page, after, afterPredictions);
    }

    private void runDetails(HtmlReport page, RunResult run, List<Prediction> predictions) {
        page.paragraph(Evaluation.summary(run) + ".");
        page.table(ResultTables.metrics(run).setName(run.runName() + ": metrics with 95 % bootstrap intervals"));
        page.html("<div style=\"display:flex;flex-wrap:wrap;gap:1em;align-items:flex-start\">"
                + Html.image(Charts.image(Charts.confusionMatrix(run), 480, 420), run.runName() + " confusion matrix")
                + Html.image(Charts.image(Charts.probabilityHistogram(run.runName() + ": p(positive) by true label",
                        predictions), 480, 420), run.runName() + " histogram")
                + "</div>");
    }

    private void comparisonSection(HtmlReport page) {
        if (before == null || after == null) {
            return;
        }
        page.heading("5. Before and after");
        List<RunResult> runs = runs();
        page.table(ResultTables.sideBySideText(runs).setName("Test metrics with 95 % bootstrap intervals"));
        double gain = after.metrics().value(Metric.ACCURACY) - before.metrics().value(Metric.ACCURACY);
        page.paragraph(String.format(Locale.ROOT, "Accuracy changed by %+.3f on the same %,d test reviews. Where "
                + "two intervals do not overlap, the difference is unlikely to be chance; where they do, a larger "
                + "test set is needed to tell.", gain, after.numReviews()));
        page.chart(Charts.metricBars(runs), "metrics before and after");
        PairedComparison paired = PairedComparison.of(beforePredictions, afterPredictions);
        page.paragraph("Review by review: " + paired.summary(before.runName(), after.runName()) + ". The test asks "
                + "whether the reviews only one run gets right split more unevenly than chance would.");
        page.table(paired.table(before.runName(), after.runName()));
        Map<String, List<Prediction>> roc = new LinkedHashMap<>();
        roc.put(before.runName(), beforePredictions);
        roc.put(after.runName(), afterPredictions);
        page.chart(Charts.rocCurves(roc), "ROC curves");
    }

    private void explanationSection(HtmlReport page) {
        if (handWritten == null && attributions == null) {
            return;
        }
        page.heading("6. Why the model decided");
        if (handWritten != null) {
            page.paragraph("Hand-written sentences that probe negation, sarcasm and mixed verdicts, scored by both "
                    + "classifiers:");
            page.table(handWritten);
        }
        if (attributions != null) {
            page.paragraph("Word attributions by occlusion: a word's weight is how much p(positive) drops when that "
                    + "one word is removed, over the part of the review both classifiers read. Reviews the fine-tuned "
                    + "classifier got right with the most confidence, then its most confident mistakes.");
            page.html(attributions);
        }
    }

    private List<RunResult> runs() {
        List<RunResult> runs = new ArrayList<>();
        if (before != null) {
            runs.add(before);
        }
        if (after != null) {
            runs.add(after);
        }
        return runs;
    }

    /** e.g. {@code PyTorch 2.7.1 on cpu(), 2 cores, Linux amd64, Java 17.0.12}. */
    static String machine() {
        Engine engine = Engine.getInstance();
        return String.format(Locale.ROOT, "%s %s on %s, %d cores, %s %s, Java %s", engine.getEngineName(),
                engine.getVersion(), engine.defaultDevice(), Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name"), System.getProperty("os.arch"), Runtime.version());
    }
}
