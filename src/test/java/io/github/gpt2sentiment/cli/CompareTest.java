package io.github.gpt2sentiment.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gpt2sentiment.evaluation.Bootstrap;
import io.github.gpt2sentiment.evaluation.Evaluation;
import io.github.gpt2sentiment.evaluation.Metric;
import io.github.gpt2sentiment.evaluation.MetricsFixtureTestAccess;
import io.github.gpt2sentiment.evaluation.RunResult;
import io.github.gpt2sentiment.scoring.Prediction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code compare} end to end on two results files written here. */
class CompareTest {

    @TempDir
    Path dir;

    private RunResult saved(String name, String kind, String fixture, boolean withPredictions) throws IOException {
        List<Prediction> predictions = MetricsFixtureTestAccess.predictions(fixture);
        RunResult result = Evaluation.run(name, kind, "gpt2", "fixture " + fixture, "test", predictions,
                Map.of("fixture", fixture), Duration.ofSeconds(2), Bootstrap.defaults().withResamples(200));
        Path json = dir.resolve("runs/" + name + ".json");
        if (withPredictions) {
            return Evaluation.save(result, predictions, json, dir.resolve("runs/predictions/" + name + ".csv"));
        }
        Evaluation.save(result, json);
        return result;
    }

    @Test
    void comparesTwoRunsIntoTablesCsvAndCharts() throws IOException {
        RunResult before = saved("zero-shot", RunResult.ZERO_SHOT, "ties", true);
        RunResult after = saved("fine tuned", RunResult.FINE_TUNED, "informative", true);
        Path report = dir.resolve("report");

        CliRun run = CliRun.of("compare", dir.resolve("runs/zero-shot.json").toString(),
                dir.resolve("runs/fine tuned.json").toString(), "--out", report.toString());

        assertEquals(0, run.exitCode(), run.err());
        String printed = run.out();
        assertTrue(printed.contains("zero-shot") && printed.contains("fine tuned"), printed);
        assertTrue(printed.contains(Evaluation.withInterval(after.metrics(), Metric.ACCURACY)), printed);
        for (String png : List.of("metrics.png", "roc.png", "confusion-zero-shot.png", "confusion-fine-tuned.png",
                "p-positive-zero-shot.png", "p-positive-fine-tuned.png")) {
            assertTrue(ImageIO.read(report.resolve(png).toFile()).getWidth() > 0, png);
        }

        List<String> csv = Files.readAllLines(report.resolve("comparison.csv"));
        assertEquals("metric,zero-shot,zero-shot low,zero-shot high,fine tuned,fine tuned low,fine tuned high",
                csv.get(0));
        assertEquals(1 + Metric.values().length, csv.size());
        String[] accuracy = csv.get(1).split(",");
        assertEquals("accuracy", accuracy[0]);
        assertEquals(before.metrics().value(Metric.ACCURACY), Double.parseDouble(accuracy[1]), 1e-12);
        assertEquals(after.metrics().interval(Metric.ACCURACY).high(), Double.parseDouble(accuracy[6]), 1e-12);
    }

    @Test
    void runsWithoutPredictionsGetNoRocCurve() throws IOException {
        saved("a", RunResult.ZERO_SHOT, "ties", false);
        saved("b", RunResult.FINE_TUNED, "informative", false);
        Path report = dir.resolve("report");
        CliRun run = CliRun.of("compare", dir.resolve("runs/a.json").toString(),
                dir.resolve("runs/b.json").toString(), "--out", report.toString(), "--metrics", "accuracy,roc_auc");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(Files.exists(report.resolve("metrics.png")));
        assertTrue(Files.exists(report.resolve("confusion-b.png")));
        assertFalse(Files.exists(report.resolve("roc.png")));
    }

    @Test
    void aBadResultsFileFailsWithItsNameAndField() throws IOException {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"schema_version\": 1}");
        CliRun badFile = CliRun.of("compare", bad.toString(), "--out", dir.resolve("report").toString());
        assertEquals(1, badFile.exitCode());
        assertTrue(badFile.err().startsWith("error: ") && badFile.err().contains(bad + ": missing field"),
                badFile.err());

        saved("a", RunResult.ZERO_SHOT, "ties", false);
        CliRun badMetric = CliRun.of("compare", dir.resolve("runs/a.json").toString(), "--out",
                dir.resolve("report").toString(), "--metrics", "accuracy,speed");
        assertEquals(2, badMetric.exitCode(), "an unknown metric is a usage error");
        assertTrue(badMetric.err().startsWith("error: ") && badMetric.err().contains("unknown metric 'speed'"),
                badMetric.err());
    }
}
