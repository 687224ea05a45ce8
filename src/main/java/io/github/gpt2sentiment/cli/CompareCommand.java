package io.github.gpt2sentiment.cli;

import io.github.gpt2sentiment.charts.Charts;
import io.github.gpt2sentiment.evaluation.Evaluation;
import io.github.gpt2sentiment.evaluation.Metric;
import io.github.gpt2sentiment.evaluation.PredictionsCsv;
import io.github.gpt2sentiment.evaluation.ResultTables;
import io.github.gpt2sentiment.evaluation.ResultsJson;
import io.github.gpt2sentiment.evaluation.RunResult;
import io.github.gpt2sentiment.files.AtomicFiles;
import io.github.gpt2sentiment.files.Outputs;
import io.github.gpt2sentiment.scoring.Prediction;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.knowm.xchart.internal.chartpart.Chart;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tech.tablesaw.api.Table;

/**
 * Compares results files side by side: prints the tables and writes comparison.csv and the charts.
 *
 * <p>Usage: {@code java -jar target/gpt2-sentiment.jar compare runs/before.json runs/after.json --out report}
 */
@Command(
        name = "compare",
        description = "Compare evaluation runs: print their metrics side by side and write to DIR comparison.csv,"
                + " metrics.png (bars with confidence-interval whiskers), confusion-NAME.png for each run and, for"
                + " runs whose results file refers to a predictions CSV, roc.png and p-positive-NAME.png.")
public final class CompareCommand extends CliCommand {

    @Parameters(arity = "1..*", paramLabel = "RUN.json", description = "results files written by baseline or evaluate")
    List<Path> runFiles;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "folder for comparison.csv and charts")
    Path out;

    @Option(names = "--metrics", split = ",", paramLabel = "KEY",
            description = "metrics in the bar chart, e.g. accuracy,f1_macro,roc_auc (default: all but log_loss)")
    List<String> metricKeys;

    @Override
    public Integer call() throws IOException {
        PrintWriter stdout = stdout();
        PrintWriter stderr = stderr();
        // An unknown metric is a mistake on the command line (exit 2), like any other refused option value.
        List<Metric> barMetrics = metricKeys == null ? Metric.fractions()
                : ExitCode.options(spec, () -> metricKeys.stream().map(Metric::byKey).toList());
        List<RunResult> runs = new ArrayList<>();
        try {
            Outputs.checkFolders(out);
            for (Path file : runFiles) {
                runs.add(ResultsJson.read(file));
            }
        } catch (IOException | IllegalArgumentException e) {
            stderr.println("error: " + e.getMessage());
            return ExitCode.FAILED;
        }
        List<String> names = ResultTables.columnNames(runs);
        stdout.println(ResultTables.runs(runs).print());
        stdout.println();
        stdout.println(ResultTables.sideBySideText(runs).print());
        stdout.println();

        Files.createDirectories(out);
        List<Path> written = new ArrayList<>();
        written.add(writeCsv(ResultTables.sideBySide(runs), out.resolve("comparison.csv")));
        written.add(save(Charts.metricBars(runs, barMetrics), "metrics.png"));
        Map<String, List<Prediction>> withPredictions = new LinkedHashMap<>();
        Set<String> slugs = new HashSet<>();
        for (int i = 0; i < runs.size(); i++) {
            RunResult run = runs.get(i);
            String slug = slug(names.get(i));
            for (int k = 2; !slugs.add(slug); k++) {
                slug = slug(names.get(i)) + "-" + k;
            }
            written.add(save(Charts.confusionMatrix(run), "confusion-" + slug + ".png"));
            Path csv = Evaluation.predictionsPath(run, runFiles.get(i));
            if (csv == null) {
                continue;
            }
            if (!Files.exists(csv)) {
                stderr.println("warning: " + runFiles.get(i) + " refers to predictions " + csv
                        + ", which does not exist; no ROC curve or histogram for run '" + run.runName() + "'");
                continue;
            }
            List<Prediction> predictions;
            try {
                predictions = PredictionsCsv.read(csv);
            } catch (IOException e) {
                stderr.println("error: " + e.getMessage());
                return ExitCode.FAILED;
            }
            if (predictions.size() != run.numReviews()) {
                stderr.println("error: " + csv + " holds " + predictions.size() + " predictions but "
                        + runFiles.get(i) + " reports " + run.numReviews() + " reviews");
                return ExitCode.FAILED;
            }
            written.add(save(Charts.probabilityHistogram("p(positive) by true label: " + run.runName(), predictions),
                    "p-positive-" + slug + ".png"));
            boolean bothClasses = run.metrics().point().confusion().actualNegative() > 0
                    && run.metrics().point().confusion().actualPositive() > 0;
            if (bothClasses) {
                withPredictions.put(names.get(i), predictions);
            }
        }
        if (!withPredictions.isEmpty()) {
            written.add(save(Charts.rocCurves(withPredictions), "roc.png"));
        }
        for (Path file : written) {
            stdout.println("wrote " + file);
        }
        stdout.flush();
        return 0;
    }

    private Path save(Chart<?, ?> chart, String name) throws IOException {
        Path file = out.resolve(name);
        Charts.savePng(chart, file);
        return file;
    }

    private static Path writeCsv(Table table, Path file) throws IOException {
        AtomicFiles.write(file, out -> {
            Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            table.write().csv(writer);
            writer.flush();
        });
        return file;
    }

    /** A file-name-safe form of a run name: lower case, runs of other characters turned into one dash. */
    static String slug(String name) {
        String slug = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        return slug.isEmpty() ? "run" : slug;
    }
}
