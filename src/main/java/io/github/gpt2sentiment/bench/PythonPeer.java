package io.github.gpt2sentiment.bench;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.gpt2sentiment.training.Checkpoints;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A bench command's Python peer: one script that answers on its standard output, one JSON object a line, either to
 * request lines on its standard input or once when it ends. Its error output goes to a log that a failure quotes.
 * Its folder (its inputs, a script copied out of the jar, the log) is the peer's and goes when the peer closes.
 *
 * <p>Usage: {@code try (PythonPeer peer = PythonPeer.start(python, folder, script, args)) { peer.request("run"); }}
 */
final class PythonPeer implements AutoCloseable {

    /** The peer's error output, in its folder. */
    private static final String LOG = "python.log";

    /** How many of the last lines of its output and error output a failure quotes. */
    private static final int TAIL_LINES = 40;

    private final Process process;
    private final String command;
    private final Path folder;
    private final BufferedReader from;
    private final Writer to;

    private PythonPeer(Process process, String command, Path folder) {
        this.process = process;
        this.command = command;
        this.folder = folder;
        from = process.inputReader(StandardCharsets.UTF_8);
        to = process.outputWriter(StandardCharsets.UTF_8);
    }

    /** Starts {@code python script args...}; {@code folder} (existing) becomes the peer's. */
    static PythonPeer start(Path python, Path folder, Path script, List<String> args) throws IOException {
        List<String> command = new ArrayList<>(List.of(python.toString(), script.toString()));
        command.addAll(args);
        Process process = new ProcessBuilder(command).redirectError(folder.resolve(LOG).toFile()).start();
        return new PythonPeer(process, python + " " + script, folder);
    }

    /** The peer script {@code name} packed beside the bench classes, copied into {@code folder} to run from there. */
    static Path script(String name, Path folder) throws IOException {
        Path script = folder.resolve(name);
        try (InputStream in = PythonPeer.class.getResourceAsStream(name)) {
            Files.copy(in, script);
        }
        return script;
    }

    /** Sends one request line; returns the JSON reply. */
    JsonObject request(String line) throws IOException {
        try {
            to.write(line + "\n");
            to.flush();
        } catch (IOException e) { // a broken pipe: the peer has ended, and its log says why
            throw failure("stopped before it answered", List.of());
        }
        return reply();
    }

    /** The next JSON line the peer prints; other lines are passed over. */
    JsonObject reply() throws IOException {
        String line;
        while ((line = from.readLine()) != null) {
            if (line.startsWith("{")) {
                return JsonParser.parseString(line).getAsJsonObject();
            }
        }
        throw failure("stopped before it answered", List.of());
    }

    /** Waits for the line {@code word} (a peer that says it is ready without JSON). */
    void await(String word) throws IOException {
        String line;
        while ((line = from.readLine()) != null) {
            if (line.equals(word)) {
                return;
            }
        }
        throw failure("stopped before it printed \"" + word + "\"", List.of());
    }

    /** For a peer that answers once: waits for its end and returns its last line, JSON. */
    JsonObject result() throws IOException {
        to.close();
        List<String> lines = from.lines().toList();
        if (!Integer.valueOf(0).equals(exitStatus()) || lines.isEmpty()
                || !lines.get(lines.size() - 1).startsWith("{")) {
            throw failure("failed", lines);
        }
        return JsonParser.parseString(lines.get(lines.size() - 1)).getAsJsonObject();
    }

    /**
     * What went wrong, with the last lines of what the peer {@code printed} (where it is not read as it goes) and of
     * its error output: a Trainer's progress bars can fill megabytes, the traceback is at the end. Unchecked, so the
     * command line says it as the one error it is rather than as a failed write.
     */
    private UncheckedIOException failure(String what, List<String> printed) {
        String errors;
        try {
            errors = tail(Files.readAllLines(folder.resolve(LOG), StandardCharsets.UTF_8));
        } catch (IOException e) {
            errors = "(no log: " + e.getMessage() + ")";
        }
        Integer status = exitStatus();
        String message = "the Python peer " + what + " (" + command + ", exit status "
                + (status != null ? status : "none yet") + ")" + (printed.isEmpty() ? "" : "; its output:\n"
                + tail(printed)) + "\nits error output:\n" + errors;
        return new UncheckedIOException(message, new IOException(message));
    }

    private static String tail(List<String> lines) {
        int from = Math.max(0, lines.size() - TAIL_LINES);
        return (from > 0 ? "[" + from + " earlier lines]\n" : "") + String.join("\n", lines.subList(from, lines.size()))
                .strip();
    }

    /** Waits up to 30 s for the peer to end: its exit status, or null while it still runs. */
    private Integer exitStatus() {
        try {
            return process.waitFor(30, TimeUnit.SECONDS) ? process.exitValue() : null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Ends the requests (the peer then exits), stops it if it does not, and deletes its folder. */
    @Override
    public void close() throws IOException {
        try {
            try {
                to.close();
            } catch (IOException e) {
                // a broken pipe: the peer has ended already
            }
            if (exitStatus() == null) {
                process.destroyForcibly();
            }
        } finally {
            Checkpoints.deleteTree(folder);
        }
    }
}
