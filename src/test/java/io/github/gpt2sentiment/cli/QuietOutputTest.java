package io.github.gpt2sentiment.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gpt2sentiment.TestData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line shows the project's own output only: DJL's INFO lines and libtorch's C++ warnings appear with
 * {@code --verbose} (or {@code GPT2_SENTIMENT_VERBOSE=1}) and not without. Runs the CLI in a fresh JVM, because
 * log levels are fixed when DJL creates its loggers and libtorch prints to the process's own stderr.
 */
class QuietOutputTest {

    @TempDir
    static Path temp;

    static Path model;

    record Run(int exitCode, String output) {}

    @BeforeAll
    static void tinyModel() {
        model = temp.resolve("tiny-gpt2");
        assertEquals(0, Main.commandLine().execute("init-model", "--config", TestData.gpt2Tokenizer().toString(),
                "--layers", "1", "--heads", "2", "--width", "32", "--positions", "32", "--seed", "5", "--out",
                model.toString()));
    }

    /** {@code java -cp <the test classpath> ...cli.Main args}, stdout and stderr together. */
    static Run cli(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove(io.github.gpt2sentiment.tokenization.Quiet.ENVIRONMENT);
        builder.environment().remove("TORCH_CPP_LOG_LEVEL");
        builder.environment().put("OMP_NUM_THREADS", "1");
        builder.environment().putAll(env);
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(5, TimeUnit.MINUTES));
        return new Run(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    // A training run: it loads both native libraries and calls NDArray.set, where DJL's JNI makes libtorch warn.
    static String[] train(String output, String... extra) {
        List<String> args = new ArrayList<>(List.of("train", "--model", model.toString(), "--data",
                TestData.imdbArchive().toString(), "--output", temp.resolve(output).toString(), "--train-size", "16",
                "--val-size", "8", "--epochs", "1", "--batch-size", "8", "--max-length", "16"));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    static boolean hasDjlInfo(String output) {
        return output.lines().anyMatch(line -> line.contains(" INFO ai.djl."));
    }

    static boolean hasLibtorchWarning(String output) {
        return output.lines().anyMatch(line -> line.startsWith("[W") && line.contains("Warning:"));
    }

    @Test
    void quietByDefault() throws Exception {
        Run run = cli(Map.of(), train("quiet"));
        assertEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains("training a classifier"), run.output());
        assertFalse(hasDjlInfo(run.output()), run.output());
        assertFalse(hasLibtorchWarning(run.output()), run.output());
    }

    @Test
    void verboseShowsTheLibrariesOwnLines() throws Exception {
        Run flag = cli(Map.of(), train("verbose", "--verbose"));
        assertEquals(0, flag.exitCode(), flag.output());
        assertTrue(hasDjlInfo(flag.output()), flag.output());
        assertTrue(hasLibtorchWarning(flag.output()), flag.output());

        Run environment = cli(Map.of("GPT2_SENTIMENT_VERBOSE", "1"), "tokenize", "--tokenizer",
                TestData.gpt2Tokenizer().toString(), "--text", "Hello world!");
        assertEquals(0, environment.exitCode(), environment.output());
        assertTrue(environment.output().contains("[15496, 995, 0]"), environment.output());
        assertTrue(hasDjlInfo(environment.output()), environment.output());
    }

    @Test
    void anErrorIsOneLine() throws Exception {
        Path missing = temp.resolve("no-such-model");
        Files.createDirectories(missing);
        Run run = cli(Map.of(), "classify", "--model", missing.toString(), "--text", "Loved it.");
        assertTrue(run.exitCode() != 0, run.output());
        List<String> lines = run.output().lines().toList();
        assertEquals(1, lines.size(), run.output());
        assertTrue(lines.get(0).startsWith("error: ") && lines.get(0).contains("config.json"), run.output());
    }
}
