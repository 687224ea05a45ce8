package io.github.gpt2sentiment.files;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.gpt2sentiment.evaluation.PredictionsCsv;
import io.github.gpt2sentiment.model.Safetensors;
import io.github.gpt2sentiment.scoring.Prediction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every file the project writes gets the mode a new file gets under the user's umask, like save_pretrained's: a
 * results file is not private under 022, a model is not world-readable under 077. The umask belongs to the process,
 * so each case runs a JVM under {@code sh -c 'umask U; java ...'}.
 */
class FileModesTest {

    @TempDir
    Path dir;

    @Test
    void resultsAndModelsFollowTheUmask() throws Exception {
        assertEquals(List.of("rw-r--r--", "rw-r--r--", "rw-r--r--"), modesUnder("022", dir.resolve("a")));
        assertEquals(List.of("rw-------", "rw-------", "rw-------"), modesUnder("077", dir.resolve("b")));
        assertEquals(List.of("rw-rw-r--", "rw-rw-r--", "rw-rw-r--"), modesUnder("002", dir.resolve("c")));
    }

    /** The modes of a predictions CSV, a model file and a plain text file written under {@code umask}. */
    private static List<String> modesUnder(String umask, Path folder) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder("sh", "-c", "umask " + umask + " && exec \"$0\" -cp \"$1\" \"$2\" \"$3\"",
                java, System.getProperty("java.class.path"), Writer.class.getName(), folder.toString())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        process.waitFor(60, TimeUnit.SECONDS);
        assertEquals(0, process.exitValue(), output);
        return List.of(mode(folder.resolve("predictions.csv")), mode(folder.resolve("model.safetensors")),
                mode(folder.resolve("notes.txt")));
    }

    private static String mode(Path file) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }

    /** Writes one file through each kind of writer into the folder given as the argument. */
    public static final class Writer {
        public static void main(String[] args) throws IOException {
            Path folder = Path.of(args[0]);
            PredictionsCsv.write(List.of(new Prediction("1", 1, 0.9)), folder.resolve("predictions.csv"));
            Safetensors.write(folder.resolve("model.safetensors"), Map.of());
            AtomicFiles.writeString(folder.resolve("notes.txt"), "hello\n");
        }
    }
}
