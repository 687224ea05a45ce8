package io.github.gpt2sentiment.cli;

import io.github.gpt2sentiment.charts.DataCharts;
import io.github.gpt2sentiment.data.DataReport;
import io.github.gpt2sentiment.data.DataSource;
import io.github.gpt2sentiment.data.ImdbDataset;
import io.github.gpt2sentiment.data.LoadOptions;
import io.github.gpt2sentiment.data.SplitSummary;
import io.github.gpt2sentiment.files.AtomicFiles;
import io.github.gpt2sentiment.files.Outputs;
import io.github.gpt2sentiment.options.DataOption;
import io.github.gpt2sentiment.options.TokenizerOption;
import io.github.gpt2sentiment.tokenization.Gpt2Tokenizer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code explore}: a first look at a dataset on the terminal, its charts as PNG files, and optionally a JSON summary.
 *
 * <p>Usage: {@code java -jar target/gpt2-sentiment.jar explore --data imdb --json out/imdb.json}
 */
@Command(name = "explore",
        description = "Summarize a dataset: counts, ratings, lengths in characters, words and GPT-2 tokens, "
                + "duplicates, samples; write charts as PNG.")
public final class ExploreCommand extends CliCommand {

    @Mixin
    DataOption data;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the summary as JSON here.")
    Path json;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "out/explore",
            description = "Folder for the charts (default: ${DEFAULT-VALUE}).")
    Path out;

    @Mixin
    TokenizerOption tokenizer;

    @Option(names = "--text-column", defaultValue = "text", paramLabel = "NAME",
            description = "Text column of a CSV/TSV/JSONL file (default: ${DEFAULT-VALUE}).")
    String textColumn;

    @Option(names = "--label-column", defaultValue = "label", paramLabel = "NAME",
            description = "Label column of a CSV/TSV/JSONL file; labels 1/0, pos/neg or positive/negative "
                    + "(default: ${DEFAULT-VALUE}).")
    String labelColumn;

    @Option(names = "--keep-breaks", description = "Keep the HTML line breaks <br /> instead of turning them into "
            + "newlines.")
    boolean keepBreaks;

    @Override
    public Integer call() throws Exception {
        PrintWriter term = stdout();
        Outputs.checkFiles(json);
        Outputs.checkFolders(out);
        LoadOptions options = LoadOptions.defaults().withCleanBreaks(!keepBreaks).withColumns(textColumn, labelColumn);
        long start = System.nanoTime();
        ImdbDataset dataset = DataSource.load(data.path, options);
        double loadSeconds = (System.nanoTime() - start) / 1e9;
        Path tokenizerDir = tokenizer.location();
        DataReport report;
        try (Gpt2Tokenizer tok = Gpt2Tokenizer.load(tokenizerDir)) {
            report = DataReport.of(dataset, tok);
        }
        term.printf("%s: %,d reviews, loaded in %.2f s%n%n", dataset.source(), dataset.size(), loadSeconds);
        term.println(report.countsTable().print());
        term.println();
        term.println(report.ratingsTable().print());
        term.println();
        term.println(report.lengthsTable().print());
        term.println();
        term.println(report.cutTable().print());
        term.println();
        DataReport.Duplicates d = report.duplicates();
        term.printf("Duplicate texts: %d repeats within train, %d within test, %d test reviews also in train, "
                + "%d texts with both labels%n%n", d.train(), d.test(), d.testInTrain(), d.conflictingLabels());
        term.println(report.samplesTable(110).print());
        term.println();
        for (Map.Entry<String, Path> chart : DataCharts.writeAll(report, out).entrySet()) {
            term.printf("Chart %-14s %s%n", chart.getKey() + ":", chart.getValue());
        }
        if (json != null) {
            AtomicFiles.writeString(json, report.toJsonString() + "\n");
            term.println("JSON summary:        " + json);
        }
        SplitSummary train = report.split("train");
        if (train != null) {
            term.printf("%nMedian training review: %.0f tokens; %.1f%% of them exceed 512 tokens.%n",
                    train.tokens().median(), train.cutShare().get(512) * 100);
        }
        term.flush();
        return 0;
    }
}
