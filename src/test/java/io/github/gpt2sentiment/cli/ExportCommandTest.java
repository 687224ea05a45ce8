package io.github.gpt2sentiment.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.github.gpt2sentiment.TestData;
import io.github.gpt2sentiment.model.Checkpoint;
import io.github.gpt2sentiment.model.ConfigJson;
import io.github.gpt2sentiment.model.Gpt2Config;
import io.github.gpt2sentiment.model.LoraAdapter;
import io.github.gpt2sentiment.model.Safetensors;
import io.github.gpt2sentiment.scoring.SentimentClassifier;
import io.github.gpt2sentiment.training.Gpt2Classifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code export --merge}: peft's fixture adapter (reference/lora_fixtures.py) merged into a plain classifier folder
 * that gives peft's logits with no adapter in sight; {@code lora_fixtures.py --check-merged target/java-merged}
 * loads the folder the first test leaves there with plain transformers.
 */
class ExportCommandTest {

    private static final Path FIXTURES = Path.of("src/test/resources/fixtures/lora");

    @TempDir
    Path temp;

    @Test
    void mergesPeftsAdapterIntoAClassifierWithPeftsLogits() throws Exception {
        Path out = Path.of("target/java-merged");
        if (Files.isDirectory(out)) {
            try (var files = Files.list(out)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
        }
        CliRun export = CliRun.of("export", "--merge", FIXTURES.resolve("all").toString(),
                "--out", out.toString());
        assertEquals(0, export.exitCode(), export.err());
        assertTrue(export.out().contains(out.toString()), export.out());
        assertTrue(export.err().contains("no tokenizer.json"), "the fixture has none: " + export.err());
        assertTrue(Files.isRegularFile(out.resolve(Checkpoint.WEIGHTS)));
        assertFalse(LoraAdapter.isAdapterFolder(out), "a plain model folder");
        try (Safetensors st = Safetensors.open(out.resolve(Checkpoint.WEIGHTS))) {
            List<String> names = List.copyOf(st.entries().keySet());
            assertTrue(names.stream().noneMatch(n -> n.contains("lora")), names.toString());
            assertTrue(names.contains("transformer.h.1.mlp.c_fc.weight") && names.contains("score.weight"),
                    names.toString());
        }
        Gpt2Config config = ConfigJson.load(out);
        assertEquals(Gpt2Classifier.LABELS, config.labels(), "labelled as train labels a full fine-tune");
        assertEquals(511, config.padTokenId(), "the base's pad_token_id");
        String json = Files.readString(out.resolve("config.json"));
        assertTrue(json.contains("GPT2ForSequenceClassification") && json.contains("label2id"), json);

        try (NDManager manager = NDManager.newBaseManager();
                Safetensors expected = Safetensors.open(FIXTURES.resolve("expected.safetensors"))) {
            long[] ids = expected.longs("input_ids");
            long[] mask = expected.longs("attention_mask");
            float[] peft = expected.floats("all.logits");
            int width = (int) expected.entry("input_ids").shape()[1];
            long[][] rows = new long[ids.length / width][];
            for (int r = 0; r < rows.length; r++) {
                int length = 0;
                while (length < width && mask[r * width + length] == 1) {
                    length++;
                }
                rows[r] = Arrays.copyOfRange(ids, r * width, r * width + length);
            }
            Checkpoint.Loaded loaded = Checkpoint.loadTrainedClassifier(out, manager, null);
            assertTrue(loaded.report().newlyInitialized().isEmpty());
            assertTrue(loaded.model().lora() == null);
            SentimentClassifier classifier = new SentimentClassifier(loaded.model(), null, 0);
            float[][] logits = classifier.logits(rows, Integer.MAX_VALUE, n -> {});
            double max = 0;
            for (int r = 0; r < rows.length; r++) {
                for (int k = 0; k < 2; k++) {
                    max = Math.max(max, Math.abs(logits[r][k] - peft[r * 2 + k]));
                }
            }
            assertTrue(max <= 1e-4, "max |java - peft| = " + max);
            // The same folder through the loader classify and evaluate use.
            float[][] again = SentimentClassifier.load(out, manager, null, 0, 2048, null)
                    .logits(rows, Integer.MAX_VALUE, n -> {});
            assertTrue(Arrays.deepEquals(logits, again));
        }

        // Nothing is overwritten: a second export into the same folder fails and leaves it as it was.
        byte[] weights = Files.readAllBytes(out.resolve(Checkpoint.WEIGHTS));
        CliRun again = CliRun.of("export", "--merge", FIXTURES.resolve("c_attn").toString(),
                "--out", out.toString());
        assertEquals(1, again.exitCode(), again.err());
        assertOneLine(again.err(), "already holds files");
        assertTrue(Arrays.equals(weights, Files.readAllBytes(out.resolve(Checkpoint.WEIGHTS))));
    }

    @Test
    void copiesTheAdaptersTokenizerFiles() throws Exception {
        Path adapter = temp.resolve("adapter");
        Files.createDirectories(adapter);
        for (String name : List.of(LoraAdapter.CONFIG, LoraAdapter.WEIGHTS)) {
            Files.copy(FIXTURES.resolve("c_attn").resolve(name), adapter.resolve(name));
        }
        for (String name : List.of("tokenizer.json", "vocab.json", "merges.txt")) {
            Files.copy(TestData.gpt2Tokenizer().resolve(name), adapter.resolve(name));
        }
        Path out = temp.resolve("merged");
        CliRun export = CliRun.of("export", "--merge", adapter.toString(), "--out",
                out.toString());
        assertEquals(0, export.exitCode(), export.err());
        assertEquals("", export.err(), "no warning when the adapter has its tokenizer");
        for (String name : List.of("tokenizer.json", "vocab.json", "merges.txt")) {
            assertTrue(Arrays.equals(Files.readAllBytes(adapter.resolve(name)), Files.readAllBytes(out.resolve(name))),
                    name);
        }
    }

    @Test
    void badInputFailsWithOneLineAndTheRightExitCode() throws Exception {
        // A model folder that is not an adapter.
        CliRun notAdapter = CliRun.of("export", "--merge", FIXTURES.resolve("base")
                .toString(), "--out", temp.resolve("a").toString());
        assertEquals(1, notAdapter.exitCode(), notAdapter.err());
        assertOneLine(notAdapter.err(), "is not a LoRA adapter folder");
        assertFalse(Files.exists(temp.resolve("a")));

        // --out under a regular file: refused before anything is loaded.
        Path file = Files.writeString(temp.resolve("file.txt"), "x");
        CliRun underFile = CliRun.of("export", "--merge", FIXTURES.resolve("all")
                .toString(), "--out", file.resolve("merged").toString());
        assertEquals(1, underFile.exitCode(), underFile.err());
        assertOneLine(underFile.err(), "is a file, not a folder");

        // No --out: a usage error.
        CliRun usage = CliRun.of("export", "--merge", FIXTURES.resolve("all").toString());
        assertEquals(2, usage.exitCode(), usage.err());
        assertTrue(usage.err().contains("--out"), usage.err());
    }

    private static void assertOneLine(String err, String expected) {
        assertTrue(err.startsWith("error: ") && err.contains(expected), err);
        assertEquals(1, err.strip().lines().count(), err);
    }
}
