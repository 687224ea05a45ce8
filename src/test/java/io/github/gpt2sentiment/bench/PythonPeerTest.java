package io.github.gpt2sentiment.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * The bench commands' one Python peer, driven here by {@code /bin/sh} scripts (CI has no torch): requests and JSON
 * replies, a one-shot peer's last line, a failure that quotes the peer's error output, the folder it owns, and
 * {@code --python}/{@code --no-python}'s one skip line.
 */
class PythonPeerTest {

    @TempDir
    Path temp;

    private static final Path SH = Path.of("/bin/sh");

    private Path folder() throws IOException {
        return Files.createDirectory(temp.resolve("peer"));
    }

    private Path script(String text) throws IOException {
        return Files.writeString(temp.resolve("peer.sh"), text);
    }

    @Test
    void answersEachRequestWithTheNextJsonLinePassingOverOthers() throws IOException {
        Path folder = folder();
        Path script = script("""
                echo ready
                n=0
                while read -r line; do
                  n=$((n + 1))
                  echo "some progress text"
                  echo "{\\"request\\": \\"$line\\", \\"n\\": $n, \\"arg\\": \\"$1\\"}"
                done
                """);
        try (PythonPeer peer = PythonPeer.start(SH, folder, script, List.of("x"))) {
            peer.await("ready");
            JsonObject first = peer.request("run");
            JsonObject second = peer.request("stats");
            assertEquals("run", first.get("request").getAsString());
            assertEquals(1, first.get("n").getAsInt());
            assertEquals("x", first.get("arg").getAsString());
            assertEquals("stats", second.get("request").getAsString());
            assertEquals(2, second.get("n").getAsInt());
        }
        assertFalse(Files.exists(folder), "the peer's folder goes when it closes");
    }

    @Test
    void aOneShotPeerAnswersWithItsLastLine() throws IOException {
        Path script = script("""
                echo '{"progress": 1}'
                echo 'a warning' >&2
                echo '{"seconds": 2.5}'
                """);
        try (PythonPeer peer = PythonPeer.start(SH, folder(), script, List.of())) {
            assertEquals(2.5, peer.result().get("seconds").getAsDouble());
        }
    }

    @Test
    void aFailureQuotesWhatThePeerPrintedAndItsErrorOutput() throws IOException {
        Path script = script("""
                echo 'loading'
                echo 'Traceback: no module named torch' >&2
                exit 3
                """);
        try (PythonPeer peer = PythonPeer.start(SH, folder(), script, List.of())) {
            UncheckedIOException e = assertThrows(UncheckedIOException.class, peer::result);
            assertTrue(e.getMessage().contains("exit status 3"), e.getMessage());
            assertTrue(e.getMessage().contains("loading"), e.getMessage());
            assertTrue(e.getMessage().contains("Traceback: no module named torch"), e.getMessage());
        }
        try (PythonPeer peer = PythonPeer.start(SH, Files.createDirectory(temp.resolve("second")),
                script("echo 'no answer' >&2"), List.of())) {
            UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> peer.request("run"));
            assertTrue(e.getMessage().contains("stopped before it answered") && e.getMessage().contains("no answer"),
                    e.getMessage());
        }
        // A request to a peer already gone (its standard output ended): the same message, not a broken pipe.
        try (PythonPeer peer = PythonPeer.start(SH, Files.createDirectory(temp.resolve("third")),
                script("echo 'cannot import torch' >&2"), List.of())) {
            assertThrows(UncheckedIOException.class, () -> peer.await("ready"));
            UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> peer.request("run"));
            assertTrue(e.getMessage().contains("stopped before it answered")
                    && e.getMessage().contains("cannot import torch"), e.getMessage());
        }
    }

    @Test
    void aFailureQuotesTheLastFortyLinesOfALongLog() throws IOException {
        Path script = script("""
                i=0
                while [ $i -lt 100 ]; do echo "progress $i" >&2; i=$((i + 1)); done
                echo 'Traceback: out of memory' >&2
                exit 1
                """);
        try (PythonPeer peer = PythonPeer.start(SH, folder(), script, List.of())) {
            String message = assertThrows(UncheckedIOException.class, peer::result).getMessage();
            assertTrue(message.contains("[61 earlier lines]") && message.contains("progress 99")
                    && message.endsWith("Traceback: out of memory"), message);
            assertFalse(message.contains("progress 60\n"), message);
        }
    }

    @Test
    void aPeerThatCannotStartLeavesNoFolderBehind() throws IOException {
        String name = "peer-test-" + System.nanoTime();
        Demo demo = new Demo(script("echo"));
        new CommandLine(demo).parseArgs("--python", SH.toString());
        assertThrows(IOException.class, () -> demo.python.start(name, folder -> {
            Files.writeString(folder.resolve("input.json"), "{}");
            throw new IOException("disk full");
        }));
        try (var left = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            assertEquals(List.of(), left.filter(f -> f.getFileName().toString().startsWith(name)).toList());
        }
        try (PythonPeer peer = demo.python.start(name, folder -> List.of(script("echo '{\"ok\": 1}'").toString()))) {
            assertEquals(1, peer.result().get("ok").getAsInt());
        }
    }

    @Command(name = "demo")
    static final class Demo implements java.util.concurrent.Callable<Integer> {
        @Mixin
        PythonPeerOptions.Script python;

        Demo(Path script) {
            python = new PythonPeerOptions.Script(script.toString());
        }

        @Override
        public Integer call() {
            if (python.runs()) {
                python.command.commandLine().getOut().println("the peer runs");
            }
            return 0;
        }
    }

    /** What a command mixing in the options prints, run with {@code script} as its default peer script. */
    private static String run(Path script, String... args) {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new Demo(script));
        cli.setOut(new PrintWriter(out, true));
        assertEquals(0, cli.execute(args));
        return out.toString();
    }

    @Test
    void aMissingInterpreterOrScriptIsSkippedInOneLineAndNoPythonSilently() throws IOException {
        Path script = script("echo");
        Path missing = temp.resolve("no-python");
        assertEquals("Python peer skipped: " + missing + " not found; run `bash reference/setup.sh`, or pass "
                + "--python PATH" + System.lineSeparator(), run(script, "--python", missing.toString()));
        assertEquals("", run(script, "--python", missing.toString(), "--no-python"));
        Path noScript = temp.resolve("no-script.py");
        String skipped = "Python peer skipped: " + noScript + " not found; pass --script PATH" + System.lineSeparator();
        assertEquals(skipped, run(noScript, "--python", SH.toString()));
        assertEquals(skipped, run(script, "--python", SH.toString(), "--script", noScript.toString()));
        assertEquals("the peer runs" + System.lineSeparator(), run(script, "--python", SH.toString()));
    }

    @Test
    void aCommandThatNeedsThePeerRefusesToRunWithoutIt() throws IOException {
        Demo demo = new Demo(script("echo"));
        new CommandLine(demo).parseArgs("--python", temp.resolve("no-python").toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> demo.python.require());
        assertEquals("bench demo needs the Python peer: " + temp.resolve("no-python") + " not found; run `bash "
                + "reference/setup.sh`, or pass --python PATH (or --no-python)", e.getMessage());
        new CommandLine(demo).parseArgs("--python", temp.resolve("no-python").toString(), "--no-python");
        demo.python.require();
    }
}
