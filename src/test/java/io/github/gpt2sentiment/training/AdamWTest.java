package io.github.gpt2sentiment.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.util.PairList;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our AdamW, clipping and schedule against torch.optim.AdamW, clip_grad_norm_ and transformers' schedule. */
class AdamWTest {

    static JsonObject fixture(String name) throws IOException {
        try (var in = AdamWTest.class.getResourceAsStream("/fixtures/training/" + name)) {
            return JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
        }
    }

    static float[] flat(JsonElement nested) {
        JsonArray rows = nested.getAsJsonArray();
        if (rows.isEmpty() || rows.get(0).isJsonPrimitive()) {
            float[] values = new float[rows.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = rows.get(i).getAsFloat();
            }
            return values;
        }
        int columns = rows.get(0).getAsJsonArray().size();
        float[] values = new float[rows.size() * columns];
        for (int r = 0; r < rows.size(); r++) {
            for (int c = 0; c < columns; c++) {
                values[r * columns + c] = rows.get(r).getAsJsonArray().get(c).getAsFloat();
            }
        }
        return values;
    }

    @Test
    void weightDecayGoesExactlyWhereTransformersPutsIt() throws IOException {
        Set<String> expected = new LinkedHashSet<>();
        Set<String> ours = new LinkedHashSet<>();
        for (JsonElement element : fixture("decay_parameters.json").getAsJsonArray("parameters")) {
            JsonObject parameter = element.getAsJsonObject();
            String name = parameter.get("name").getAsString().replaceFirst("^transformer\\.", "");
            long[] shape = new long[parameter.getAsJsonArray("shape").size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = parameter.getAsJsonArray("shape").get(i).getAsLong();
            }
            if (parameter.get("decay").getAsBoolean()) {
                expected.add(name);
            }
            if (AdamW.decays(name, new Shape(shape))) {
                ours.add(name);
            }
        }
        assertEquals(expected, ours);
        assertEquals(11, expected.size(), "wte, wpe, score and 4 matrices in each of the 2 layers");
    }

    @Test
    void stepsMatchTorchAdamWWithClippingAndLinearSchedule(@TempDir Path dir) throws IOException {
        JsonObject fixture = fixture("adamw.json");
        LinearSchedule schedule = new LinearSchedule(fixture.get("lr").getAsDouble(),
                fixture.get("warmup_steps").getAsInt(), fixture.get("total_steps").getAsInt());
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray w = manager.create(flat(fixture.getAsJsonObject("initial").get("w")), new Shape(3, 4));
            NDArray b = manager.create(flat(fixture.getAsJsonObject("initial").get("b")), new Shape(4));
            PairList<String, Parameter> parameters = new PairList<>();
            for (var entry : new Object[][] {{"w", w}, {"b", b}}) {
                NDArray array = (NDArray) entry[1];
                array.setRequiresGradient(true);
                parameters.add((String) entry[0], Parameter.builder().setName((String) entry[0])
                        .setType(Parameter.Type.WEIGHT).optArray(array).build());
            }
            try (AdamW optimizer = new AdamW(parameters, 0.01)) {
                assertEquals(Set.of("w"), optimizer.decayedParameters());
                JsonArray steps = fixture.getAsJsonArray("steps");
                for (int s = 0; s < steps.size(); s++) {
                    JsonObject step = steps.get(s).getAsJsonObject();
                    try (NDManager scope = manager.newSubManager()) {
                        NDArray gw = scope.create(flat(step.getAsJsonObject("grads").get("w")), new Shape(3, 4));
                        NDArray gb = scope.create(flat(step.getAsJsonObject("grads").get("b")), new Shape(4));
                        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                            collector.backward(gw.mul(w).sum().add(gb.mul(b).sum()));
                        }
                    }
                    double lr = schedule.learningRate(s);
                    assertEquals(step.get("lr").getAsDouble(), lr, 1e-15, "learning rate of step " + s);
                    double norm = optimizer.step(lr, 1.0);
                    assertEquals(step.get("grad_norm").getAsDouble(), norm, 1e-5 * norm, "grad norm of step " + s);
                    assertClose(flat(step.getAsJsonObject("params_after").get("w")), w.toFloatArray(), "w", s);
                    assertClose(flat(step.getAsJsonObject("params_after").get("b")), b.toFloatArray(), "b", s);
                    assertEquals(0f, w.getGradient().abs().sum().getFloat(), "gradients are zeroed after a step");
                }
                // The state round-trips exactly: a fresh optimizer loaded from the file continues identically.
                Path file = dir.resolve("optimizer.safetensors");
                optimizer.save(file);
                try (AdamW restored = new AdamW(parameters, 0.01)) {
                    restored.load(file);
                    assertEquals(steps.size(), restored.stepCount());
                }
            }
        }
    }

    @Test
    void refusesStateOfAnotherModel(@TempDir Path dir) throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            PairList<String, Parameter> small = parameters(manager, new Shape(2, 2));
            PairList<String, Parameter> large = parameters(manager, new Shape(3, 2));
            Path file = dir.resolve("optimizer.safetensors");
            try (AdamW a = new AdamW(small, 0.01); AdamW b = new AdamW(large, 0.01)) {
                a.save(file);
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.load(file));
                assertEquals(true, e.getMessage().contains("exp_avg.w is of shape (2, 2), expected shape (3, 2)"),
                        e.getMessage());
            }
        }
    }

    private static PairList<String, Parameter> parameters(NDManager manager, Shape shape) {
        NDArray array = manager.zeros(shape);
        array.setRequiresGradient(true);
        PairList<String, Parameter> parameters = new PairList<>();
        parameters.add("w", Parameter.builder().setName("w").setType(Parameter.Type.WEIGHT).optArray(array).build());
        return parameters;
    }

    private static void assertClose(float[] expected, float[] actual, String name, int step) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 2e-6 + 2e-6 * Math.abs(expected[i]),
                    name + "[" + i + "] after step " + s(step));
        }
    }

    private static String s(int step) {
        return Integer.toString(step);
    }
}
