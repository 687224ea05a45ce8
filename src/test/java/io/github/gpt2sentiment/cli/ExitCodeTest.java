package io.github.gpt2sentiment.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** The exit codes every command shares: 1 a failure at run time, 2 a usage error, 130 Ctrl-C during train. */
class ExitCodeTest {

    @TempDir
    Path temp;

    @Test
    void anOptionPicocliCannotParseIsAUsageError() {
        CliRun unknown = CliRun.of("explore", "--data", "imdb", "--colour");
        assertEquals(ExitCode.USAGE, unknown.exitCode());
        assertTrue(unknown.err().contains("Unknown option: '--colour'"), unknown.err());
        CliRun notANumber = CliRun.of("generate", "--model", "gpt2", "--prompt", "hi", "--max-new-tokens", "many");
        assertEquals(2, notANumber.exitCode());
        assertTrue(notANumber.err().contains("'many' is not an int"), notANumber.err());
    }

    @Test
    void aValueTheCommandRefusesIsAUsageErrorInOneLine() {
        CliRun shots = CliRun.of("baseline", "--model", "gpt2", "--data", "imdb", "--json", temp.resolve("r.json").toString(),
                "--shots", "-1");
        assertEquals(2, shots.exitCode(), shots.err());
        assertEquals(1, shots.err().lines().count(), shots.err());
        assertTrue(shots.err().startsWith("error: ") && shots.err().contains("-1"), shots.err());
        CliRun split = CliRun.of("evaluate", "--model", "gpt2", "--data", "imdb", "--json", temp.resolve("r.json").toString(),
                "--split", "validation");
        assertEquals(2, split.exitCode(), split.err());
        assertTrue(split.err().startsWith("error: ") && split.err().contains("validation"), split.err());
        assertTrue(!Files.exists(temp.resolve("r.json")));
        CliRun device = CliRun.of("train", "--model", "gpt2", "--data", "imdb", "--output", temp.resolve("run").toString(),
                "--device", "tpu");
        assertEquals(2, device.exitCode(), device.err());
        assertEquals("error: --device must be cpu or gpu, got tpu", device.err().strip());
        assertTrue(!Files.exists(temp.resolve("run")));
    }

    @Test
    void aMissingDataFileIsAFailureAtRunTime() {
        Path missing = temp.resolve("none.csv");
        CliRun explore = CliRun.of("explore", "--data", missing.toString(), "--out", temp.resolve("charts").toString());
        assertEquals(ExitCode.FAILED, explore.exitCode());
        assertEquals(1, explore.err().lines().count(), explore.err());
        assertTrue(explore.err().startsWith("error: ") && explore.err().contains("none.csv: no such file or folder"),
                explore.err());
    }

    /**
     * Ctrl-C in a real JVM: the step in progress finishes, a checkpoint is written, the exit code is 130 as for any
     * interrupted command, and the run can be resumed.
     */
    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    void ctrlCDuringTrainSavesACheckpointAndExitsWith130() throws Exception {
        Path model = TrainCommandTest.tinyLanguageModel(temp.resolve("tiny"));
        StringBuilder csv = new StringBuilder("text,label,split\n");
        for (int i = 0; i < 400; i++) {
            csv.append(i % 2 == 0 ? "A fine film number " : "A dull mess number ").append(i).append(',')
                    .append(i % 2 == 0 ? 1 : 0).append(',').append(i < 360 ? "train" : "test").append('\n');
        }
        Path data = Files.writeString(temp.resolve("reviews.csv"), csv);
        Path output = temp.resolve("run");
        // Many epochs: the run is still training whenever the signal comes; it ends only by Ctrl-C.
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), "-Dai.djl.offline=true",
                Main.class.getName(), "train", "--model", model.toString(), "--data", data.toString(), "--output",
                output.toString(), "--val-size", "20", "--epochs", "1000", "--batch-size", "2", "--max-length", "16",
                "--device", "cpu"));
        Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        CountDownLatch training = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean started = new java.util.concurrent.atomic.AtomicBoolean();
        StringBuilder err = new StringBuilder();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getErrorStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    synchronized (err) {
                        err.append(line).append('\n');
                    }
                    if (line.contains("training and") && line.contains("validation reviews")) {
                        started.set(true);
                        training.countDown();
                    }
                }
            } catch (java.io.IOException ignored) {
                // the process is gone
            }
            training.countDown();
        });
        reader.start();
        try {
            training.await();
            assertTrue(started.get(), err::toString);
            new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).inheritIO().start().waitFor();
            assertTrue(process.waitFor(5, TimeUnit.MINUTES), "train did not stop after Ctrl-C");
        } finally {
            process.destroyForcibly();
        }
        reader.join();
        assertEquals(ExitCode.INTERRUPTED, process.exitValue(), err::toString);
        assertTrue(err.toString().contains("Interrupted: checkpoint saved"), err::toString);
        try (Stream<Path> files = Files.list(output)) {
            assertTrue(files.anyMatch(p -> p.getFileName().toString().startsWith("checkpoint-")), err::toString);
        }
    }
}
