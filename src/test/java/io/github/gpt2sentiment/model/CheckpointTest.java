package io.github.gpt2sentiment.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.gpt2sentiment.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading and writing checkpoints in the Hugging Face layout, and the errors for ones that do not fit. */
class CheckpointTest {

    @TempDir
    Path temp;

    @Test
    void languageModelCheckpointLoadsAsClassifierWithAReportedNewHead() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Checkpoint.Loaded loaded =
                    Checkpoint.load(Fixtures.model("lm_plain"), Gpt2.Head.SEQUENCE_CLASSIFICATION, manager);
            assertEquals(List.of("score.weight"), loaded.report().newlyInitialized());
            assertTrue(loaded.report().warning().orElseThrow().contains("score.weight"));
            NDArray one = manager.create(new long[] {1, 2, 3}, new Shape(1, 3));
            NDArray logits = loaded.model().forward(new ParameterStore(manager, false), new NDList(one), false)
                    .singletonOrThrow();
            assertEquals(new Shape(1, 2), logits.getShape());
            // Without pad_token_id, a batch cannot tell padding from text: refused, as transformers does.
            NDArray two = manager.create(new long[] {1, 2, 3, 4, 5, 6}, new Shape(2, 3));
            var e = assertThrows(IllegalArgumentException.class, () -> loaded.model()
                    .forward(new ParameterStore(manager, false), new NDList(two), false));
            assertTrue(e.getMessage().contains("pad_token_id"), e.getMessage());
        }
    }

    @Test
    void classifierCheckpointLoadsAsLanguageModelIgnoringTheScoreHead() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Checkpoint.LoadReport report =
                    Checkpoint.load(Fixtures.model("cls_eos_pad"), Gpt2.Head.LANGUAGE_MODEL, manager).report();
            assertTrue(report.ignored().contains("score.weight"), report.ignored().toString());
            assertTrue(report.newlyInitialized().isEmpty());
        }
    }

    @Test
    void everyMissingUnexpectedAndMisshapedTensorIsListedInOneError() throws IOException {
        Path folder = temp.resolve("broken");
        Files.createDirectories(folder);
        Files.copy(Fixtures.model("lm_plain").resolve("config.json"), folder.resolve("config.json"));
        try (NDManager manager = NDManager.newBaseManager()) {
            Gpt2 model = Checkpoint.load(Fixtures.model("lm_plain"), Gpt2.Head.LANGUAGE_MODEL, manager).model();
            Map<String, NDArray> tensors = new LinkedHashMap<>();
            for (Parameter p : model.getDirectParameters().values()) {
                tensors.put(p.getName(), p.getArray());
            }
            tensors.remove("h.1.mlp.c_fc.bias");
            tensors.remove("ln_f.weight");
            tensors.put("wpe.weight", manager.zeros(new Shape(32, 32)));
            tensors.put("h.0.attn.q_attn.weight", manager.zeros(new Shape(32, 32)));
            Safetensors.write(folder.resolve(Checkpoint.WEIGHTS), tensors);
            var e = assertThrows(IllegalArgumentException.class,
                    () -> Checkpoint.load(folder, Gpt2.Head.LANGUAGE_MODEL, manager));
            String message = e.getMessage();
            for (String expected : List.of("missing (2)", "h.1.mlp.c_fc.bias [128]", "ln_f.weight [32]",
                    "unexpected (1): h.0.attn.q_attn.weight [32, 32]",
                    "wrong shape (1): wpe.weight is [32, 32], expected [64, 32]", folder.toString())) {
                assertTrue(message.contains(expected), "missing '" + expected + "' in:\n" + message);
            }
        }
    }

    @Test
    void truncatedOrAbsentWeightsGiveErrorsNamingTheFile() throws IOException {
        Path folder = temp.resolve("truncated");
        Files.createDirectories(folder);
        Files.copy(Fixtures.model("lm_plain").resolve("config.json"), folder.resolve("config.json"));
        try (NDManager manager = NDManager.newBaseManager()) {
            var absent = assertThrows(IllegalArgumentException.class,
                    () -> Checkpoint.load(folder, Gpt2.Head.LANGUAGE_MODEL, manager));
            assertTrue(absent.getMessage().contains("No model.safetensors in " + folder.toAbsolutePath()),
                    absent.getMessage());
            byte[] full = Files.readAllBytes(Fixtures.model("lm_plain").resolve(Checkpoint.WEIGHTS));
            Files.write(folder.resolve(Checkpoint.WEIGHTS), java.util.Arrays.copyOf(full, full.length - 100));
            var truncated = assertThrows(IllegalArgumentException.class,
                    () -> Checkpoint.load(folder, Gpt2.Head.LANGUAGE_MODEL, manager));
            assertTrue(truncated.getMessage().contains("past the end of the file"), truncated.getMessage());
            assertTrue(truncated.getMessage().contains(Checkpoint.WEIGHTS), truncated.getMessage());
        }
    }

    @Test
    void aResizedConfigKeepsEverythingButItsSizeAndAnMlpItCannotKeep() {
        Gpt2Config base = ConfigJson.parse("{\"n_inner\": 1000, \"resid_pdrop\": 0.2, \"pad_token_id\": 7}", "base");
        Gpt2Config same = base.resized(64, 768, 2, 4);
        assertEquals(List.of(64, 768, 2, 4), List.of(same.nPositions(), same.nEmbd(), same.nLayer(), same.nHead()));
        assertEquals(1000, same.innerSize(), "the width is unchanged, so is the MLP");
        Gpt2Config narrow = base.resized(64, 32, 2, 4);
        assertEquals(null, narrow.nInner());
        assertEquals(128, narrow.innerSize(), "a new width: the MLP is 4 times as wide");
        assertEquals(base.residPdrop(), narrow.residPdrop());
        assertEquals(base.padTokenId(), narrow.padTokenId());
        assertEquals(base.vocabSize(), narrow.vocabSize());
        assertThrows(IllegalArgumentException.class, () -> base.resized(64, 30, 2, 4), "heads must divide width");
    }

    @Test
    void configErrorsNameTheFieldAndWhatIsSupported() throws IOException {
        String base = Files.readString(Fixtures.model("lm_plain").resolve("config.json"));
        var activation = assertThrows(IllegalArgumentException.class,
                () -> ConfigJson.parse(base.replace("\"gelu_new\"", "\"swish\""), "x/config.json"));
        assertTrue(activation.getMessage().contains("x/config.json: Unsupported activation_function \"swish\""),
                activation.getMessage());
        assertTrue(activation.getMessage().contains("gelu_new"), activation.getMessage());
        var heads = assertThrows(IllegalArgumentException.class,
                () -> ConfigJson.parse(base.replace("\"n_head\": 4", "\"n_head\": 5"), "y/config.json"));
        assertTrue(heads.getMessage().contains("n_embd (32) must be a multiple of n_head (5)"), heads.getMessage());
        Gpt2Config real = ConfigJson.load(TestData.gpt2Tokenizer());
        assertEquals(3072, real.innerSize());
        assertEquals(List.of("LABEL_0", "LABEL_1"), real.labels());
        assertEquals(null, real.padTokenId());
    }

    @Test
    void savedClassifierHasTheSavePretrainedLayoutAndReloadsToTransformersLogits() throws IOException {
        Path folder = temp.resolve("saved");
        try (NDManager manager = NDManager.newBaseManager();
                Safetensors expected = Fixtures.expected("cls_eos_pad")) {
            Gpt2 model = Checkpoint.load(Fixtures.model("cls_eos_pad"), Gpt2.Head.SEQUENCE_CLASSIFICATION, manager)
                    .model();
            Checkpoint.save(model, folder, TestData.gpt2Tokenizer());
            try (Safetensors saved = Safetensors.open(folder.resolve(Checkpoint.WEIGHTS))) {
                assertEquals("pt", saved.metadata().get("format"));
                for (String key : saved.entries().keySet()) {
                    assertTrue(key.equals("score.weight") || key.startsWith("transformer."), key);
                    assertEquals("F32", saved.entry(key).dtype());
                }
                assertTrue(saved.entries().containsKey("transformer.h.1.attn.c_attn.weight"));
            }
            JsonObject config = JsonParser.parseString(Files.readString(folder.resolve("config.json")))
                    .getAsJsonObject();
            assertEquals("GPT2ForSequenceClassification", config.getAsJsonArray("architectures").get(0).getAsString());
            assertEquals("POSITIVE", config.getAsJsonObject("id2label").get("2").getAsString());
            assertEquals(1, config.getAsJsonObject("label2id").get("NEUTRAL").getAsInt());
            assertEquals(511, config.get("pad_token_id").getAsInt());
            assertTrue(Files.isRegularFile(folder.resolve("tokenizer.json")));
            // Readable by others, like save_pretrained's files, not private like a temp file.
            assertTrue(Files.getPosixFilePermissions(folder.resolve(Checkpoint.WEIGHTS))
                    .contains(java.nio.file.attribute.PosixFilePermission.OTHERS_READ));
            try (NDManager again = NDManager.newBaseManager()) {
                Gpt2 reloaded = Checkpoint.load(folder, Gpt2.Head.SEQUENCE_CLASSIFICATION, again).model();
                Shape shape = expected.entry("left.input_ids").djlShape();
                NDList inputs = new NDList(again.create(expected.longs("left.input_ids"), shape),
                        again.create(expected.longs("left.attention_mask"), shape));
                float[] logits = reloaded.forward(new ParameterStore(again, false), inputs, false).head()
                        .toFloatArray();
                double diff = Fixtures.maxAbsDiff(logits, expected.floats("left.logits"), null);
                assertTrue(diff <= Fixtures.TOLERANCE, "max |diff| " + diff);
            }
            try (var files = Files.list(folder)) {
                assertFalse(files.anyMatch(f -> f.getFileName().toString().endsWith(".tmp")), "temp files left");
            }
        }
    }

    /**
     * Random models initialised and saved by Java, with the logits Java computes, for
     * {@code reference/make_model_fixtures.py --check-java target/java-checkpoints} to verify in transformers.
     */
    @Test
    void javaInitialisedCheckpointsRoundTripAndAreLeftForTheReferenceScript() throws IOException {
        Path out = Path.of(System.getProperty("gpt2sentiment.buildDir", "target"), "java-checkpoints");
        Gpt2Config base = ConfigJson.load(Fixtures.model("lm_inner_f16"));
        for (Gpt2.Head head : Gpt2.Head.values()) {
            Gpt2Config config = head == Gpt2.Head.LANGUAGE_MODEL ? base
                    : base.withLabels(List.of("NEGATIVE", "POSITIVE")).withPadTokenId(7);
            Path folder = out.resolve(head == Gpt2.Head.LANGUAGE_MODEL ? "lm" : "classifier");
            try (NDManager manager = NDManager.newBaseManager()) {
                Engine.getInstance().setRandomSeed(1234);
                Gpt2 model = new Gpt2(config, head);
                model.initialize(manager, DataType.FLOAT32, new Shape(1, 1), new Shape(1, 1));
                // Initialised biases and layer norms are 0 and 1: perturb them so the check covers them too.
                for (Parameter p : model.getDirectParameters().values()) {
                    p.getArray().addi(manager.randomNormal(0, 0.05f, p.getShape(), DataType.FLOAT32));
                }
                long[] ids = {3, 9, 7, 100, 200, 7, 7, 7, 7, 400, 401, 402, 403, 404, 405, 406};
                long[] mask = {1, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1};
                long[] left = {7, 7, 7, 3, 9, 7, 100, 200, 400, 401, 402, 403, 404, 405, 406, 100};
                long[] leftMask = {0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
                Shape shape = new Shape(2, 8);
                NDList inputs = new NDList(manager.create(head == Gpt2.Head.LANGUAGE_MODEL ? left : ids, shape),
                        manager.create(head == Gpt2.Head.LANGUAGE_MODEL ? leftMask : mask, shape));
                NDArray logits = model.forward(new ParameterStore(manager, false), inputs, false).head();
                Checkpoint.save(model, folder, null);
                Map<String, NDArray> outputs = new LinkedHashMap<>();
                outputs.put("input_ids", inputs.get(0));
                outputs.put("attention_mask", inputs.get(1));
                outputs.put("logits", logits);
                Safetensors.write(folder.resolve("java_outputs.safetensors"), outputs);

                Gpt2 reloaded = Checkpoint.load(folder, head, manager).model();
                float[] again = reloaded.forward(new ParameterStore(manager, false), inputs, false).head()
                        .toFloatArray();
                assertArrayEquals(logits.toFloatArray(), again, head + " logits change after a save and load");
            }
        }
    }
}
