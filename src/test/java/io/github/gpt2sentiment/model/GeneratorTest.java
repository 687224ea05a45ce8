package io.github.gpt2sentiment.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Generation against transformers' generate(): greedy tokens with a key/value cache and left padding. */
class GeneratorTest {

    @ParameterizedTest
    @ValueSource(strings = {"lm_plain", "lm_inner_f16", "lm_bf16"})
    void greedyTokensOfLeftPaddedBatchesMatchTransformers(String name) {
        try (NDManager manager = NDManager.newBaseManager();
                Safetensors expected = Fixtures.expected(name)) {
            Gpt2 model = Checkpoint.load(Fixtures.model(name), Gpt2.Head.LANGUAGE_MODEL, manager).model();
            List<long[]> prompts = prompts(expected);
            long[][] generated = Generator.generate(model, prompts, Generator.Settings.greedy(32));
            long[] want = expected.longs("greedy.generated_ids");
            for (int b = 0; b < prompts.size(); b++) {
                assertArrayEquals(Arrays.copyOfRange(want, b * 32, (b + 1) * 32), generated[b],
                        name + " row " + b + " (prompt of " + prompts.get(b).length + " tokens)");
            }
            // One prompt alone (no padding at all) continues exactly as inside the padded batch.
            long[][] alone = Generator.generate(model, List.of(prompts.get(prompts.size() - 1)),
                    Generator.Settings.greedy(32));
            assertArrayEquals(generated[prompts.size() - 1], alone[0]);
        }
    }

    /** The prompts without their left padding. */
    private static List<long[]> prompts(Safetensors expected) {
        long[] ids = expected.longs("greedy.prompt_ids");
        long[] mask = expected.longs("greedy.attention_mask");
        long length = expected.entry("greedy.prompt_ids").shape()[1];
        List<long[]> prompts = new ArrayList<>();
        for (int b = 0; b * length < ids.length; b++) {
            List<Long> row = new ArrayList<>();
            for (int t = 0; t < length; t++) {
                if (mask[(int) (b * length + t)] == 1) {
                    row.add(ids[(int) (b * length + t)]);
                }
            }
            prompts.add(row.stream().mapToLong(Long::longValue).toArray());
        }
        return prompts;
    }

    @Test
    void samplingDistributionsMatchTransformersWarpers() {
        try (Safetensors fixture = Safetensors.open(Fixtures.dir().resolve("sampling.safetensors"))) {
            float[] logits = fixture.floats("logits");
            for (int i = 0; fixture.entries().containsKey("case" + i + ".settings"); i++) {
                float[] s = fixture.floats("case" + i + ".settings");
                double[] p = Generator.probabilities(logits, s[0], (int) s[1], s[2]);
                float[] want = fixture.floats("case" + i + ".probabilities");
                int kept = 0;
                for (int v = 0; v < want.length; v++) {
                    assertEquals(want[v], p[v], 1e-6, "case " + i + " " + Arrays.toString(s) + " token " + v);
                    assertEquals(want[v] == 0, p[v] == 0, "case " + i + ": token " + v + " kept differently");
                    kept += p[v] > 0 ? 1 : 0;
                }
                assertTrue(kept >= 1);
            }
        }
    }

    @Test
    void samplingIsReproducibleBySeedAndTopOneIsGreedy() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Gpt2 model = Checkpoint.load(Fixtures.model("lm_plain"), Gpt2.Head.LANGUAGE_MODEL, manager).model();
            List<long[]> prompts = List.of(new long[] {259, 262}, new long[] {270});
            long[][] a = Generator.generate(model, prompts, Generator.Settings.sampling(20, 1f, 50, 0.95f, 1));
            long[][] b = Generator.generate(model, prompts, Generator.Settings.sampling(20, 1f, 50, 0.95f, 1));
            long[][] c = Generator.generate(model, prompts, Generator.Settings.sampling(20, 1f, 50, 0.95f, 2));
            assertTrue(Arrays.deepEquals(a, b), "same seed, same tokens");
            assertFalse(Arrays.deepEquals(a, c), "another seed should give other tokens");
            long[][] topOne = Generator.generate(model, prompts, Generator.Settings.sampling(20, 0.7f, 1, 1f, 3));
            assertTrue(Arrays.deepEquals(Generator.generate(model, prompts, Generator.Settings.greedy(20)), topOne));
        }
    }

    @Test
    void generationStopsAfterEosAndRefusesPromptsBeyondThePositions(@TempDir Path temp) throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            Gpt2 model = Checkpoint.load(Fixtures.model("lm_plain"), Gpt2.Head.LANGUAGE_MODEL, manager).model();
            long[] prompt = {259, 262};
            long[] greedy = Generator.generate(model, List.of(prompt), Generator.Settings.greedy(10))[0];
            assertEquals(10, greedy.length);
            // The same weights with the third greedy token declared end-of-text: generation keeps it and stops.
            for (String file : List.of("config.json", Checkpoint.WEIGHTS)) {
                Files.copy(Fixtures.model("lm_plain").resolve(file), temp.resolve(file));
            }
            String config = Files.readString(temp.resolve("config.json"));
            Files.writeString(temp.resolve("config.json"),
                    config.replace("\"eos_token_id\": 50256", "\"eos_token_id\": " + greedy[2]));
            Gpt2 stopping = Checkpoint.load(temp, Gpt2.Head.LANGUAGE_MODEL, manager).model();
            assertEquals(greedy[2], (long) stopping.config().eosTokenId());
            long[] stopped = Generator.generate(stopping, List.of(prompt), Generator.Settings.greedy(10))[0];
            int firstEos = 0;
            while (greedy[firstEos] != greedy[2]) {
                firstEos++;
            }
            assertArrayEquals(Arrays.copyOf(greedy, firstEos + 1), stopped);

            var e = assertThrows(IllegalArgumentException.class,
                    () -> Generator.generate(model, List.of(new long[60]), Generator.Settings.greedy(10)));
            assertTrue(e.getMessage().contains("64 positions"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> Generator.Settings.sampling(5, 0f, 0, 1f, 0));
            assertThrows(IllegalArgumentException.class, () -> Generator.Settings.sampling(5, 1f, 0, 0f, 0));
        }
    }
}
