package io.github.gpt2sentiment.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Java GPT-2 against transformers' numbers on the committed fixtures (fp32, CPU). */
class Gpt2Test {

    @ParameterizedTest
    @ValueSource(strings = {"lm_plain", "lm_inner_f16", "lm_bf16"})
    void languageModelLogitsMatchTransformersWithRightAndLeftPadding(String name) {
        try (NDManager manager = NDManager.newBaseManager();
                Safetensors expected = Fixtures.expected(name)) {
            Gpt2 model = Checkpoint.load(Fixtures.model(name), Gpt2.Head.LANGUAGE_MODEL, manager).model();
            for (String side : List.of("right", "left")) {
                Shape shape = expected.entry(side + ".input_ids").djlShape();
                long[] mask = expected.longs(side + ".attention_mask");
                NDArray ids = manager.create(expected.longs(side + ".input_ids"), shape);
                NDArray logits = model.forward(new ParameterStore(manager, false),
                        new NDList(ids, manager.create(mask, shape)), false).singletonOrThrow();
                int vocab = model.config().vocabSize();
                assertEquals(new Shape(shape.get(0), shape.get(1), vocab), logits.getShape());
                boolean[] keep = new boolean[mask.length * vocab];
                for (int i = 0; i < keep.length; i++) {
                    keep[i] = mask[i / vocab] == 1;
                }
                double diff = Fixtures.maxAbsDiff(logits.toFloatArray(), expected.floats(side + ".logits"), keep);
                assertTrue(diff <= Fixtures.TOLERANCE, name + " " + side + " padding: max |diff| " + diff);
            }
        }
    }

    @Test
    void storedTypesAndBuffersAreReported() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Checkpoint.LoadReport plain =
                    Checkpoint.load(Fixtures.model("lm_plain"), Gpt2.Head.LANGUAGE_MODEL, manager).report();
            assertEquals(Set.of("F32"), plain.storedTypes());
            assertTrue(plain.ignored().containsAll(List.of("h.0.attn.bias", "h.1.attn.masked_bias")), plain.ignored()
                    .toString());
            assertTrue(plain.newlyInitialized().isEmpty());
            assertEquals(Set.of("F16"), Checkpoint.load(Fixtures.model("lm_inner_f16"), Gpt2.Head.LANGUAGE_MODEL,
                    manager).report().storedTypes());
            assertEquals(Set.of("BF16"), Checkpoint.load(Fixtures.model("lm_bf16"), Gpt2.Head.LANGUAGE_MODEL,
                    manager).report().storedTypes());
        }
    }

    @Test
    void classifierLogitsMatchTransformersIncludingPadIdInsideTexts() {
        try (NDManager manager = NDManager.newBaseManager();
                Safetensors expected = Fixtures.expected("cls_eos_pad")) {
            Checkpoint.Loaded loaded =
                    Checkpoint.load(Fixtures.model("cls_eos_pad"), Gpt2.Head.SEQUENCE_CLASSIFICATION, manager);
            assertTrue(loaded.report().newlyInitialized().isEmpty());
            assertTrue(loaded.report().warning().isEmpty());
            assertEquals(List.of("NEGATIVE", "NEUTRAL", "POSITIVE"), loaded.config().labels());
            for (String side : List.of("right", "left")) {
                NDArray logits = classify(loaded.model(), expected, side, manager, false);
                assertEquals(new Shape(4, 3), logits.getShape());
                double diff = Fixtures.maxAbsDiff(logits.toFloatArray(), expected.floats(side + ".logits"), null);
                assertTrue(diff <= Fixtures.TOLERANCE, side + " padding: max |diff| " + diff);
            }
        }
    }

    @Test
    void classifierGradientsMatchTransformers() {
        try (NDManager manager = NDManager.newBaseManager();
                Safetensors expected = Fixtures.expected("cls_eos_pad")) {
            Gpt2 model = Checkpoint.load(Fixtures.model("cls_eos_pad"), Gpt2.Head.SEQUENCE_CLASSIFICATION, manager)
                    .model();
            long[] labels = expected.longs("grad.labels");
            float loss;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray logits = classify(model, expected, "right", manager, true);
                NDArray logProbs = logits.logSoftmax(1);
                NDArray picked = logProbs.gather(manager.create(labels).reshape(labels.length, 1), 1);
                NDArray mean = picked.mean().neg();
                loss = mean.getFloat();
                collector.backward(mean);
            }
            assertEquals(expected.floats("grad.loss")[0], loss, 1e-5);
            for (String name : List.of("score.weight", "h.0.attn.c_attn.weight", "ln_f.weight", "wpe.weight")) {
                Parameter p = model.getParameters().get(name);
                double diff = Fixtures.maxAbsDiff(p.getArray().getGradient().toFloatArray(),
                        expected.floats("grad." + name), null);
                assertTrue(diff <= Fixtures.TOLERANCE, name + " gradient: max |diff| " + diff);
            }
        }
    }

    /** Dropout off: the fixture's gradient is the eval-mode one; DJL records gradients either way. */
    private static NDArray classify(Gpt2 model, Safetensors expected, String side, NDManager manager,
            boolean recordGradient) {
        Shape shape = expected.entry(side + ".input_ids").djlShape();
        NDArray ids = manager.create(expected.longs(side + ".input_ids"), shape);
        NDArray mask = manager.create(expected.longs(side + ".attention_mask"), shape);
        return model.forward(new ParameterStore(manager, false), new NDList(ids, mask), false).singletonOrThrow();
    }

    @Test
    void parametersCarryTransformersNamesAndConv1dLayout() {
        Gpt2Config config = ConfigJson.load(Fixtures.model("lm_inner_f16"));
        Gpt2 model = new Gpt2(config, Gpt2.Head.SEQUENCE_CLASSIFICATION);
        var shapes = model.parameterShapes();
        assertEquals(new Shape(512, 48), shapes.get("wte.weight"));
        assertEquals(new Shape(48, 144), shapes.get("h.1.attn.c_attn.weight"));
        assertEquals(new Shape(48, 40), shapes.get("h.0.mlp.c_fc.weight"));
        assertEquals(new Shape(40, 48), shapes.get("h.0.mlp.c_proj.weight"));
        assertEquals(new Shape(2, 48), shapes.get("score.weight"));
        assertEquals(4 + 2 * 12 + 1, shapes.size());
        assertEquals(shapes.keySet(), Set.copyOf(model.getParameters().keys()));
    }

    @Test
    void trainingForwardUsesDropoutAndInferenceDoesNot() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Gpt2 model = Checkpoint.load(Fixtures.model("cls_eos_pad"), Gpt2.Head.SEQUENCE_CLASSIFICATION, manager)
                    .model();
            ParameterStore store = new ParameterStore(manager, false);
            NDList inputs = new NDList(manager.create(new long[] {5, 6, 7, 8}, new Shape(1, 4)),
                    manager.ones(new Shape(1, 4), ai.djl.ndarray.types.DataType.INT64));
            float[] a = model.forward(store, inputs, false).head().toFloatArray();
            float[] b = model.forward(store, inputs, false).head().toFloatArray();
            float[] c = model.forward(store, inputs, true).head().toFloatArray();
            assertEquals(0, Fixtures.maxAbsDiff(a, b, null));
            assertTrue(Fixtures.maxAbsDiff(a, c, null) > 1e-4, "dropout (p=0.1) should change a training forward");
        }
    }

    @Test
    void sequencesLongerThanThePositionTableAreRefused() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Gpt2 model = Checkpoint.load(Fixtures.model("lm_bf16"), Gpt2.Head.LANGUAGE_MODEL, manager).model();
            NDArray ids = manager.zeros(new Shape(1, 49), ai.djl.ndarray.types.DataType.INT64);
            var e = assertThrows(IllegalArgumentException.class,
                    () -> model.forward(new ParameterStore(manager, false), new NDList(ids), false));
            assertTrue(e.getMessage().contains("48 positions"), e.getMessage());
        }
    }

    @Test
    void tokenIdsBeyondTheVocabularyAreRefusedWithTheReason() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Gpt2 model = Checkpoint.load(Fixtures.model("cls_eos_pad"), Gpt2.Head.SEQUENCE_CLASSIFICATION, manager)
                    .model();
            long vocab = model.config().vocabSize();
            NDArray ids = manager.create(new long[] {1, 2, vocab}).reshape(1, 3);
            var e = assertThrows(IllegalArgumentException.class,
                    () -> model.forward(new ParameterStore(manager, false), new NDList(ids), false));
            assertTrue(e.getMessage().contains("Token id " + vocab + " is outside this model's vocabulary of " + vocab),
                    e.getMessage());
            NDArray inside = manager.create(new long[] {1, 2, vocab - 1}).reshape(1, 3);
            model.forward(new ParameterStore(manager, false), new NDList(inside), false).close();
        }
    }
}
