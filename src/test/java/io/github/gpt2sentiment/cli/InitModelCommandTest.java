package io.github.gpt2sentiment.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.github.gpt2sentiment.TestData;
import io.github.gpt2sentiment.model.Checkpoint;
import io.github.gpt2sentiment.model.ConfigJson;
import io.github.gpt2sentiment.model.Gpt2;
import io.github.gpt2sentiment.model.Gpt2Config;
import io.github.gpt2sentiment.tokenization.Gpt2Tokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code init-model}: a complete, loadable, reproducible random checkpoint from GPT-2's real config and tokenizer. */
class InitModelCommandTest {

    @TempDir
    Path temp;

    private Path init(String name, int seed) {
        Path out = temp.resolve(name);
        CliRun run = CliRun.of("init-model", "--config", TestData.gpt2Tokenizer().resolve("config.json").toString(),
                "--layers", "2", "--heads", "2", "--width", "64", "--positions", "256", "--seed",
                Integer.toString(seed), "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        return out;
    }

    @Test
    void writesACompleteModelFolderThatLoadsWithEitherHead() throws Exception {
        Path dir = init("tiny", 7);
        for (String file : List.of("config.json", "model.safetensors", "tokenizer.json", "vocab.json", "merges.txt")) {
            assertTrue(Files.isRegularFile(dir.resolve(file)), file + " missing");
        }
        Gpt2Config config = ConfigJson.load(dir);
        assertEquals(2, config.nLayer());
        assertEquals(2, config.nHead());
        assertEquals(64, config.nEmbd());
        assertEquals(256, config.innerSize(), "MLP width follows the model width (4 x 64)");
        assertEquals(256, config.nPositions());
        assertEquals(50257, config.vocabSize(), "GPT-2's vocabulary is kept so its tokenizer fits");
        try (NDManager manager = NDManager.newBaseManager()) {
            Checkpoint.Loaded lm = Checkpoint.load(dir, Gpt2.Head.LANGUAGE_MODEL, manager);
            assertTrue(lm.report().newlyInitialized().isEmpty());
            Checkpoint.Loaded cls = Checkpoint.load(dir, Gpt2.Head.SEQUENCE_CLASSIFICATION, manager);
            assertEquals(List.of("score.weight"), cls.report().newlyInitialized(),
                    "like the hub's gpt2, it is a language model: a classifier gets a new head");
        }
        try (Gpt2Tokenizer tokenizer = Gpt2Tokenizer.load(dir)) {
            assertArrayEquals(new long[] {15496, 995, 0, 770, 3807, 373, 1049, 13},
                    tokenizer.encode("Hello world! This movie was great."));
        }
    }

    @Test
    void theSeedDecidesTheWeights() throws Exception {
        byte[] a = Files.readAllBytes(init("a", 1).resolve("model.safetensors"));
        byte[] b = Files.readAllBytes(init("b", 1).resolve("model.safetensors"));
        byte[] c = Files.readAllBytes(init("c", 2).resolve("model.safetensors"));
        assertArrayEquals(a, b, "same seed, same bytes");
        assertEquals(a.length, c.length);
        assertNotEquals(java.util.Arrays.hashCode(a), java.util.Arrays.hashCode(c), "another seed, other weights");
    }

    @Test
    void widthThatHeadsDoNotDivideIsRefusedWithoutWritingAnything() {
        Path out = temp.resolve("bad");
        CliRun run = CliRun.of("init-model", "--config", TestData.gpt2Tokenizer().toString(), "--heads", "3",
                "--width", "64", "--out", out.toString());
        assertNotEquals(0, run.exitCode());
        assertTrue(run.err().contains("multiple of n_head"), run.err());
        assertFalse(Files.exists(out.resolve("model.safetensors")));
    }
}
