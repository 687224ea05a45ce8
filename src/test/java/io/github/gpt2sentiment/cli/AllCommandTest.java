package io.github.gpt2sentiment.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gpt2sentiment.TestData;
import io.github.gpt2sentiment.evaluation.Evaluation;
import io.github.gpt2sentiment.evaluation.Metric;
import io.github.gpt2sentiment.evaluation.ResultsJson;
import io.github.gpt2sentiment.evaluation.RunResult;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code all --quick} end to end on the real IMDB archive with a tiny random GPT-2 made by {@code init-model}: every
 * step runs, the results files are written, and one self-contained report holds both runs.
 */
class AllCommandTest {

    @TempDir
    Path temp;

    /** A tiny random GPT-2 (2 layers, width 64) with GPT-2's tokenizer, as CI's notebooks get. */
    private Path tinyModel() {
        Path model = temp.resolve("tiny-gpt2");
        CliRun init = CliRun.of("init-model", "--config", TestData.gpt2Tokenizer().toString(), "--layers", "2",
                "--heads", "2", "--width", "64", "--positions", "256", "--seed", "7", "--out", model.toString());
        assertEquals(0, init.exitCode(), init.err());
        return model;
    }

    @Test
    void quickRunWritesOneSelfContainedReportWithBothRuns() throws Exception {
        Path model = tinyModel();

        Path runFolder = temp.resolve("run");
        CliRun all = CliRun.of("all", "--quick", "--model", model.toString(), "--data",
                TestData.imdbArchive().toString(), "--out", runFolder.toString());
        assertEquals(0, all.exitCode(), all.err());

        RunResult before = ResultsJson.read(runFolder.resolve("before.json"));
        RunResult after = ResultsJson.read(runFolder.resolve("after.json"));
        assertEquals(RunResult.ZERO_SHOT, before.kind());
        assertEquals(RunResult.FINE_TUNED, after.kind());
        assertEquals(200, before.numReviews(), "QUICK scores 200 test reviews");
        assertEquals(before.numReviews(), after.numReviews(), "before and after are scored on the same reviews");
        assertTrue(Files.isRegularFile(runFolder.resolve("before.csv")));
        assertTrue(Files.isRegularFile(runFolder.resolve("after.csv")));
        assertTrue(Files.isRegularFile(runFolder.resolve("model/model.safetensors")), "the fine-tuned model is kept");
        assertTrue(Files.isRegularFile(runFolder.resolve("model/tokenizer.json")), "with its tokenizer");

        String html = Files.readString(runFolder.resolve("report.html"));
        assertTrue(html.startsWith("<!DOCTYPE html>"));
        assertTrue(!html.contains("src=\"http") && !html.contains("<script") && !html.contains("<link"),
                "nothing is fetched from elsewhere");
        for (RunResult r : new RunResult[] {before, after}) {
            for (Metric m : new Metric[] {Metric.ACCURACY, Metric.F1_MACRO, Metric.ROC_AUC}) {
                String shown = Evaluation.withInterval(r.metrics(), m);
                assertTrue(html.contains(shown), r.runName() + " " + m.key() + " " + shown + " is not in the report");
            }
        }
        assertTrue(html.contains("McNemar"), "the paired test is reported");
        assertTrue(html.contains("Not bad at all"), "the hand-written sentences are scored");
        assertTrue(html.contains("most confident mistake") && html.contains("background:rgba("),
                "word attributions are shown");
        for (String heading : new String[] {"1. The data", "2. Before fine-tuning", "3. Fine-tuning",
                "4. After fine-tuning", "5. Before and after", "6. Why the model decided", "Steps"}) {
            assertTrue(html.contains(heading), "missing section " + heading);
        }
        for (String step : new String[] {"data and model", "explore", "baseline", "train", "evaluate", "explain",
                "report"}) {
            assertTrue(html.contains("<td>" + step + "</td>"), "no time for step " + step);
        }

        Matcher images = Pattern.compile("src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"").matcher(html);
        int count = 0;
        while (images.find()) {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(images.group(1))));
            assertNotNull(image, "embedded image " + count + " is not a PNG");
            assertTrue(image.getWidth() > 100 && image.getHeight() > 100);
            count++;
        }
        // token lengths, ratings, 2 x (confusion, histogram), loss, accuracy, metric bars, ROC
        assertTrue(count >= 10, "only " + count + " embedded charts");

        // A second run into the same folder is refused before any work, naming the folder.
        CliRun again = CliRun.of("all", "--quick", "--model", model.toString(), "--data",
                TestData.imdbArchive().toString(), "--out", runFolder.toString());
        assertNotEquals(0, again.exitCode());
        assertTrue(again.err().contains("already holds a fine-tuned model"), again.err());
    }

    @Test
    void methodLoraRunsTheWalkthroughWithAnAdapterInsteadOfNewWeights() throws Exception {
        Path model = tinyModel();

        Path runFolder = temp.resolve("lora-run");
        CliRun all = CliRun.of("all", "--quick", "--method", "lora", "--lora-r", "4", "--model", model.toString(),
                "--data", TestData.imdbArchive().toString(), "--out", runFolder.toString());
        assertEquals(0, all.exitCode(), all.err());
        assertTrue(all.out().contains("(LoRA)"), all.out());

        // The model folder is a peft adapter folder naming its base, not a second copy of the weights.
        assertTrue(Files.isRegularFile(runFolder.resolve("model/adapter_config.json")));
        assertTrue(Files.isRegularFile(runFolder.resolve("model/adapter_model.safetensors")));
        assertTrue(!Files.exists(runFolder.resolve("model/model.safetensors")), "no full copy of the weights");
        RunResult after = ResultsJson.read(runFolder.resolve("after.json"));
        assertEquals(200, after.numReviews());
        String html = Files.readString(runFolder.resolve("report.html"));
        assertTrue(html.contains("LoRA (r 4, alpha 16, dropout 0.05 on c_attn)"), "the report names the method");
        assertTrue(html.contains("peak learning rate 5e-04"), "LoRA's rate, as in notebook 03");

        CliRun bad = CliRun.of("all", "--quick", "--method", "adapters", "--model", model.toString(), "--out",
                temp.resolve("never").toString());
        assertEquals(2, bad.exitCode(), bad.err());
        assertTrue(bad.err().contains("--method must be full or lora"), bad.err());
    }
}
