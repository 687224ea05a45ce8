package io.github.gpt2sentiment.cli;

import io.github.gpt2sentiment.evaluation.Evaluation;
import io.github.gpt2sentiment.evaluation.Metric;
import io.github.gpt2sentiment.evaluation.RunResult;
import io.github.gpt2sentiment.progress.ProgressBars;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;

/** What {@code baseline} and {@code evaluate} show: a progress bar while they work, the metrics when done. */
final class ConsoleReport {

    private ConsoleReport() {}

    /** A progress bar over reviews on stderr, with the rate and the time left. */
    static ProgressBar progressBar(String task, int reviews) {
        return ProgressBars.builder(task, reviews, " reviews", 1, System.err).showSpeed().build();
    }

    /** Every metric with its interval, then the size, speed and files of the run. */
    static void print(PrintWriter out, RunResult r, Path json, Path predictions) {
        out.printf(Locale.ROOT, "%s (%s) on %d %s reviews of %s%n", r.runName(), r.kind(), r.numReviews(), r.split(),
                r.dataSource());
        int level = (int) Math.round(r.metrics().bootstrap().level() * 100);
        for (Metric metric : Metric.values()) {
            out.printf(Locale.ROOT, "  %-22s %s%n", metric.label(), Evaluation.withInterval(r.metrics(), metric));
        }
        var c = r.metrics().point().confusion();
        out.printf(Locale.ROOT, "  (%d%% bootstrap intervals, %d resamples; confusion tn %d fp %d fn %d tp %d)%n",
                level, r.metrics().bootstrap().resamples(), c.tn(), c.fp(), c.fn(), c.tp());
        out.printf(Locale.ROOT, "%d reviews in %.1f s: %.1f reviews/s%n", r.numReviews(), r.runTimeSeconds(),
                r.reviewsPerSecond());
        if (json != null) {
            out.println("results: " + json);
        }
        if (predictions != null) {
            out.println("predictions: " + predictions);
        }
        out.flush();
    }
}
