package io.github.gpt2sentiment.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import io.github.gpt2sentiment.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * LoRA adapters in peft's format, checked against peft itself: adapters saved by peft 0.21 on a random base
 * (reference/lora_fixtures.py) give peft's logits here, merged or not; adapters this project writes go to
 * target/java-lora/ for {@code lora_fixtures.py --check-java target/java-lora} to load with PeftModel.
 */
class LoraAdapterTest {

    /** As the fixtures' adapter_config.json names it: relative to the repository root, Maven's working folder. */
    private static final Path BASE = Path.of("src/test/resources/fixtures/lora/base");
    private static final Path FIXTURES = Path.of("src/test/resources/fixtures/lora");

    private static float[] logits(Gpt2 model, NDArray ids, NDArray mask) {
        return model.forward(new ParameterStore(ids.getManager(), false), new NDList(ids, mask), false)
                .singletonOrThrow().toFloatArray();
    }

    private static NDArray longs(Safetensors st, String name, NDManager manager) {
        return manager.create(st.longs(name)).reshape(st.entry(name).djlShape());
    }

    private static double maxDiff(float[] a, float[] b) {
        assertEquals(a.length, b.length);
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }

    @ParameterizedTest
    @ValueSource(strings = {"c_attn", "all"})
    void peftAdaptersGivePeftLogitsMergedOrNot(String name) {
        try (NDManager manager = NDManager.newBaseManager();
                Safetensors expected = Safetensors.open(FIXTURES.resolve("expected.safetensors"))) {
            NDArray ids = longs(expected, "input_ids", manager);
            NDArray mask = longs(expected, "attention_mask", manager);
            float[] peft = expected.floats(name + ".logits");
            Path folder = FIXTURES.resolve(name);
            Checkpoint.Loaded unmerged = LoraAdapter.load(folder, BASE, manager, false);
            Checkpoint.Loaded merged = LoraAdapter.load(folder, BASE, manager, true);
            assertTrue(unmerged.model().lora() != null);
            assertNull(merged.model().lora());
            assertTrue(maxDiff(peft, logits(unmerged.model(), ids, mask)) <= 1e-4);
            assertTrue(maxDiff(peft, logits(merged.model(), ids, mask)) <= 1e-4);
            // Through the generic loader too, the base found from base_model_name_or_path.
            Gpt2 viaCheckpoint = Checkpoint.load(folder, Gpt2.Head.SEQUENCE_CLASSIFICATION, manager).model();
            assertTrue(maxDiff(peft, logits(viaCheckpoint, ids, mask)) <= 1e-4);
            // And the base alone differs: the adapter mattered.
            Gpt2 base = Checkpoint.load(BASE, Gpt2.Head.SEQUENCE_CLASSIFICATION, manager).model();
            assertTrue(maxDiff(peft, logits(base, ids, mask)) > 1e-2);
        }
    }

    @Test
    void peftTargetsMatchModuleNamesAsPeftDoes() {
        Gpt2Config config = ConfigJson.load(BASE);
        Map<String, Shape> shapes = new Gpt2(config, Gpt2.Head.SEQUENCE_CLASSIFICATION,
                new LoraConfig(4, 8, 0, List.of("c_proj"))).parameterShapes();
        // c_proj is both the attention's and the MLP's output projection.
        assertEquals(new Shape(4, 32), shapes.get("h.1.attn.c_proj.lora_A.weight"));
        assertEquals(new Shape(32, 4), shapes.get("h.1.mlp.c_proj.lora_B.weight"));
        assertEquals(new Shape(4, 128), shapes.get("h.1.mlp.c_proj.lora_A.weight"));
        assertFalse(shapes.containsKey("h.1.attn.c_attn.lora_A.weight"));
        assertThrows(IllegalArgumentException.class, () -> new LoraConfig(4, 8, 0, List.of("q_proj")));
    }

    @Test
    void trainsAsManyParametersAsPeftOnGpt2Small() {
        // GPT-2 small's real config.json; shapes only, nothing allocated.
        Gpt2Config small = ConfigJson.load(TestData.gpt2Tokenizer());
        // peft 0.21's get_nb_trainable_parameters() on GPT2ForSequenceClassification(GPT2Config(num_labels=2)), r 8
        assertEquals(296_448, trainable(small, List.of("c_attn")));
        assertEquals(1_181_184, trainable(small, List.of("c_attn", "c_proj", "c_fc")));
    }

    private static long trainable(Gpt2Config config, List<String> targets) {
        long count = 0;
        for (Map.Entry<String, Shape> e : new Gpt2(config, Gpt2.Head.SEQUENCE_CLASSIFICATION,
                new LoraConfig(8, 16, 0.05, targets)).parameterShapes().entrySet()) {
            count += LoraConv1d.isAdapter(e.getKey()) || e.getKey().equals("score.weight") ? e.getValue().size() : 0;
        }
        return count;
    }

    @Test
    void newAdaptersStartAsTheBaseWithPeftsInitialisation() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(3);
            Gpt2 base = Checkpoint.load(BASE, Gpt2.Head.SEQUENCE_CLASSIFICATION, manager).model();
            NDArray ids = manager.create(new long[][] {{5, 6, 7}, {8, 9, 10}});
            NDArray mask = manager.ones(ids.getShape(), ai.djl.ndarray.types.DataType.INT64);
            float[] before = logits(base, ids, mask);
            Gpt2 adapted = LoraAdapter.attach(base, new LoraConfig(4, 8, 0.05, List.of("c_attn")), manager);
            assertEquals(0, maxDiff(before, logits(adapted, ids, mask)));
            for (Parameter p : adapted.getDirectParameters().values()) {
                boolean trains = LoraConv1d.isAdapter(p.getName()) || p.getName().equals("score.weight");
                assertEquals(trains, p.requiresGradient(), p.getName());
                if (p.getName().endsWith("lora_A.weight")) {
                    // kaiming_uniform_(a=sqrt(5)): uniform in +-1/sqrt(in); in = n_embd = 32
                    float[] a = p.getArray().toFloatArray();
                    double bound = 1 / Math.sqrt(32);
                    double max = 0;
                    for (float v : a) {
                        max = Math.max(max, Math.abs(v));
                    }
                    assertTrue(max <= bound && max > 0.8 * bound, "max |A| " + max);
                }
            }
        }
    }

    @Test
    void javaAdaptersReloadAndAreWrittenForPeft() throws Exception {
        Path out = Path.of("target/java-lora/c_attn_c_fc");
        Files.createDirectories(out);
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(5);
            Gpt2 base = Checkpoint.load(BASE, Gpt2.Head.SEQUENCE_CLASSIFICATION, manager).model();
            Gpt2 adapted = LoraAdapter.attach(base, new LoraConfig(2, 6, 0.1, List.of("c_attn", "c_fc")), manager);
            for (Parameter p : adapted.getDirectParameters().values()) {
                if (p.getName().endsWith("lora_B.weight") || p.getName().equals("score.weight")) {
                    manager.randomNormal(0, 0.3f, p.getShape(), p.getArray().getDataType()).copyTo(p.getArray());
                }
            }
            NDArray ids = manager.create(new long[][] {{5, 6, 7, 8}, {9, 10, 511, 511}});
            NDArray mask = manager.create(new long[][] {{1, 1, 1, 1}, {1, 1, 0, 0}});
            float[] java = logits(adapted, ids, mask);
            LoraAdapter.save(adapted, out, BASE.toString(), null);
            LoraAdapter.Settings settings = LoraAdapter.readSettings(out);
            assertEquals(adapted.lora(), settings.lora());
            assertEquals(BASE.toString(), settings.baseModel());
            Gpt2 reloaded = Checkpoint.load(out, Gpt2.Head.SEQUENCE_CLASSIFICATION, manager).model();
            assertTrue(maxDiff(java, logits(reloaded, ids, mask)) <= 1e-5);
            NDArray logits = manager.create(java, new Shape(2, 2));
            ids.setName("input_ids");
            mask.setName("attention_mask");
            logits.setName("logits");
            Safetensors.write(out.resolve("java_outputs.safetensors"),
                    Map.of("input_ids", ids, "attention_mask", mask, "logits", logits));
        }
    }
}
