package io.github.gpt2sentiment.bench;

import io.github.gpt2sentiment.cli.Main;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code bench train} without the Python peer (CI has no torch): the per-step records in {@code --json}, the
 * seeds summary, and {@code --method lora}'s trainable parameters. The comparison with transformers itself is
 * pinned by TrainerEquivalenceTest's fixture.
 */
class BenchTrainTest {

    @TempDir
    Path temp;

    private static int run(StringWriter err, String... args) {
        CommandLine cli = Main.commandLine();
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void jsonRecordsEveryStepAndEverySeed() throws Exception {
        Path json = temp.resolve("bench.json");
        StringWriter err = new StringWriter();
        int code = run(err, "bench", "train", "--no-python", "--random-rows", "--layers", "1", "--width", "16",
                "--heads", "2", "--seq", "12", "--batch", "2", "--steps", "5", "--val-size", "4", "--lr", "1e-3",
                "--dropout", "0", "--seeds", "2", "--seed", "7", "--json", json.toString());
        assertEquals(0, code, err.toString());
        JsonObject figures = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
        assertEquals(0.0, figures.get("dropout").getAsDouble());
        JsonArray losses = figures.getAsJsonArray("losses");
        JsonArray rates = figures.getAsJsonArray("learning_rates");
        JsonArray norms = figures.getAsJsonArray("grad_norms");
        assertEquals(5, losses.size());
        assertEquals(5, norms.size());
        // No warm-up: the first update runs at the peak rate, the last at a fifth of it.
        assertEquals(1e-3, rates.get(0).getAsDouble(), 1e-12);
        assertEquals(2e-4, rates.get(4).getAsDouble(), 1e-12);
        for (int i = 0; i < 5; i++) {
            assertTrue(losses.get(i).getAsDouble() > 0 && norms.get(i).getAsDouble() > 0, "step " + (i + 1));
        }
        JsonArray runs = figures.getAsJsonArray("runs");
        assertEquals(2, runs.size());
        assertEquals(7, runs.get(0).getAsJsonObject().get("seed").getAsLong());
        assertEquals(8, runs.get(1).getAsJsonObject().get("seed").getAsLong());
        double first = runs.get(0).getAsJsonObject().get("val_accuracy").getAsDouble();
        double second = runs.get(1).getAsJsonObject().get("val_accuracy").getAsDouble();
        assertEquals((first + second) / 2, figures.get("val_accuracy_mean").getAsDouble(), 1e-12);
        assertEquals(Math.abs(first - second) / Math.sqrt(2), figures.get("val_accuracy_sd").getAsDouble(), 1e-12);
    }

    @Test
    void loraTrainsOnlyTheAdaptersAndTheHeadFromTheBase() throws Exception {
        String[] common = {"bench", "train", "--no-python", "--random-rows", "--layers", "1", "--width", "16",
            "--heads", "2", "--seq", "12", "--batch", "2", "--steps", "3", "--val-size", "4", "--lr", "1e-3",
            "--dropout", "0", "--seed", "7"};
        Path full = temp.resolve("full.json");
        Path lora = temp.resolve("lora.json");
        StringWriter err = new StringWriter();
        assertEquals(0, run(err, concat(common, "--json", full.toString())), err.toString());
        assertEquals(0, run(err, concat(common, "--method", "lora", "--lora-r", "2", "--lora-dropout", "0",
                "--lora-targets", "c_attn,c_fc", "--json", lora.toString())), err.toString());
        JsonObject f = JsonParser.parseString(Files.readString(full)).getAsJsonObject();
        JsonObject l = JsonParser.parseString(Files.readString(lora)).getAsJsonObject();
        assertEquals("full", f.get("method").getAsString());
        assertEquals("lora", l.get("method").getAsString());
        assertEquals(2, l.getAsJsonObject("lora").get("r").getAsInt());
        // c_attn: A [2, 16] + B [48, 2]; c_fc: A [2, 16] + B [64, 2]; the head [2, 16].
        assertEquals(2 * 16 + 48 * 2 + 2 * 16 + 64 * 2 + 2 * 16, l.get("trainable_parameters").getAsLong());
        assertTrue(f.get("trainable_parameters").getAsLong() > 50257 * 16, f.toString());
        // B starts at zero, so the first step sees exactly the base both runs start from; then they part.
        JsonArray fullLosses = f.getAsJsonArray("losses");
        JsonArray loraLosses = l.getAsJsonArray("losses");
        assertEquals(fullLosses.get(0).getAsDouble(), loraLosses.get(0).getAsDouble(), 1e-6);
        assertTrue(Math.abs(fullLosses.get(2).getAsDouble() - loraLosses.get(2).getAsDouble()) > 1e-6,
                fullLosses + " " + loraLosses);
    }

    private static String[] concat(String[] first, String... more) {
        String[] all = java.util.Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }

    @Test
    void refusesSettingsItCannotRun() {
        StringWriter err = new StringWriter();
        assertEquals(2, run(err, "bench", "train", "--no-python", "--random-rows", "--seeds", "0"));
        assertTrue(err.toString().contains("--seeds must be at least 1 (got 0)"), err.toString());
        err = new StringWriter();
        assertEquals(2, run(err, "bench", "train", "--no-python", "--random-rows", "--plot", "x.png"));
        assertTrue(err.toString().contains("--plot compares both sides' losses: drop --no-python"), err.toString());
        err = new StringWriter();
        assertEquals(2, run(err, "bench", "train", "--no-python", "--random-rows", "--method", "qlora"));
        assertTrue(err.toString().contains("--method must be full or lora, got qlora"), err.toString());
    }
}
