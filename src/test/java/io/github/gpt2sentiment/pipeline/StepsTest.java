package io.github.gpt2sentiment.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.gpt2sentiment.TestData;
import io.github.gpt2sentiment.data.ImdbDataset;
import io.github.gpt2sentiment.evaluation.ClassifierRuns;
import io.github.gpt2sentiment.evaluation.Metric;
import io.github.gpt2sentiment.evaluation.TinyGpt2;
import io.github.gpt2sentiment.model.Gpt2Config;
import io.github.gpt2sentiment.model.LoraAdapter;
import io.github.gpt2sentiment.model.LoraConfig;
import io.github.gpt2sentiment.training.TrainingListener;
import io.github.gpt2sentiment.training.TrainingResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/**
 * The notebooks' fine-tuning step takes LoRA beside full fine-tuning, and reports what each cost, measured while
 * training. Real IMDB reviews, a tiny random GPT-2.
 */
class StepsTest {

    @TempDir
    Path temp;

    @Test
    void loraTrainsFewerWeightsThanFullAndItsAdapterFolderIsEvaluated() throws Exception {
        Path model = TinyGpt2.languageModel(temp.resolve("lm"), 128);
        RunProfile full = new RunProfile(RunProfile.Mode.QUICK, model.toString(), TestData.imdbArchive().toString(),
                0, 48, 16, 24, 64, 1, 8, 5e-3, 0, 0, 7, null);
        LoraConfig settings = LoraConfig.defaults();
        RunProfile lora = full.withLora(settings);
        RunData data = RunData.of(ImdbDataset.load(TestData.imdbArchive()), full);

        TrainingResult fullResult = Steps.fineTune(full, data, model, temp.resolve("full"), new TrainingListener() {});
        TrainingResult loraResult = Steps.fineTune(lora, data, model, temp.resolve("lora"), new TrainingListener() {});

        // Full: every weight of the classifier. LoRA: A [r, in] and B [out, r] on each layer's c_attn, and the head.
        Gpt2Config config = TinyGpt2.config(128, List.of("NEGATIVE", "POSITIVE"));
        int width = config.nEmbd();
        long head = 2L * width;
        long adapters = (long) config.nLayer() * (settings.r() * width + 3L * width * settings.r());
        assertEquals(adapters + head, loraResult.trainableParameters());
        assertTrue(fullResult.trainableParameters() > 100 * loraResult.trainableParameters(),
                fullResult.trainableParameters() + " vs " + loraResult.trainableParameters());
        for (TrainingResult r : List.of(fullResult, loraResult)) {
            assertEquals(6, r.steps(), "48 reviews in batches of 8");
            assertTrue(r.secondsPerStep() > 0 && Double.isFinite(r.secondsPerStep()), "s/step " + r.secondsPerStep());
        }
        if (Files.isReadable(Path.of("/proc/self/status"))) {
            // Full fine-tuning adds AdamW's two moments and a gradient for every weight: tens of MiB here.
            long grown = fullResult.peakMemory().residentGrowth().orElseThrow();
            assertTrue(grown > 0, "resident growth " + grown);
            assertTrue(loraResult.peakMemory().residentGrowth().isPresent());
        }

        // The adapter folder scores on its base, on the same test reviews as the full model.
        assertTrue(LoraAdapter.isAdapterFolder(temp.resolve("lora")));
        ClassifierRuns.Outcome afterFull = Steps.evaluate(full, data, temp.resolve("full"), n -> { });
        ClassifierRuns.Outcome afterLora = Steps.evaluate(lora, data, temp.resolve("lora"), n -> { });
        assertEquals(data.test().size(), afterLora.predictions().size());
        for (int i = 0; i < data.test().size(); i++) {
            assertEquals(afterFull.predictions().get(i).id(), afterLora.predictions().get(i).id());
        }
        assertNotEquals(afterFull.predictions().get(0).pPositive(), afterLora.predictions().get(0).pPositive());
        assertEquals("after", afterFull.result().runName());
        assertEquals("after LoRA", afterLora.result().runName(), "both runs can share a table");

        // Notebook 03's comparison: one row per method, the figures training measured and the test accuracy.
        Table table = MethodRun.table(List.of(new MethodRun(full, fullResult, afterFull.result()),
                new MethodRun(lora, loraResult, afterLora.result())));
        assertEquals(List.of("full fine-tuning", "LoRA r 8 on c_attn"), table.stringColumn("method").asList());
        assertEquals(List.of(fullResult.trainableParameters(), loraResult.trainableParameters()),
                table.longColumn("trainable parameters").asList());
        assertEquals(loraResult.secondsPerStep(), table.doubleColumn("s per step").get(1));
        String accuracy = table.stringColumn("test accuracy [95 % interval]").get(1);
        assertTrue(accuracy.startsWith(String.format(java.util.Locale.ROOT, "%.3f [",
                afterLora.result().metrics().value(Metric.ACCURACY))), accuracy);
    }

    @Test
    void theDefaultProfilesFineTuneFully() {
        assertNull(RunProfile.quick().lora());
        assertNull(RunProfile.full().lora());
        assertEquals(LoraConfig.defaults(), RunProfile.quick().withLora(LoraConfig.defaults()).lora());
        assertTrue(RunProfile.quick().withLora(LoraConfig.defaults()).trainingSettings().get("method").toString()
                .startsWith("LoRA"));
    }
}
