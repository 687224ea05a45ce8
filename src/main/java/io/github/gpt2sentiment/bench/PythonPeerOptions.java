package io.github.gpt2sentiment.bench;

import io.github.gpt2sentiment.training.Checkpoints;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code --python} and {@code --no-python} as every bench command takes them: the interpreter its Python peer runs
 * with, and whether the peer runs at all; {@link Script} adds {@code --script} for a peer that lies in reference/
 * rather than in the jar.
 *
 * <p>Usage: {@code @Mixin PythonPeerOptions python;} then {@code if (python.runs()) { try (PythonPeer peer =
 * python.start("bench-x", folder -> List.of(script, input))) { ... } }}
 */
class PythonPeerOptions {

    @Option(names = "--python", paramLabel = "PATH", defaultValue = "reference/.venv/bin/python",
            description = "The Python peer's interpreter (default: ${DEFAULT-VALUE}, which bash reference/setup.sh "
                    + "creates with torch, transformers, peft and tokenizers).")
    Path interpreter;

    @Option(names = "--no-python", description = "Measure this project only, without the Python peer.")
    boolean off;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /**
     * {@code --script} too: the peer script, by default the command's own in reference/.
     *
     * <p>Usage: {@code @Mixin PythonPeerOptions.Script python = new PythonPeerOptions.Script("reference/x.py");}
     */
    static final class Script extends PythonPeerOptions {

        @Option(names = "--script", paramLabel = "PATH", description = "The Python peer script (default: "
                + "${DEFAULT-VALUE}).")
        Path script;

        Script(String script) {
            this.script = Path.of(script);
        }

        @Override
        String missing() {
            String missing = super.missing();
            return missing == null && !Files.isRegularFile(script) ? script + " not found; pass --script PATH"
                    : missing;
        }
    }

    /** Whether the peer runs: not with {@code --no-python}, nor where what it needs is missing, which one line says. */
    boolean runs() {
        String missing = off ? null : missing();
        if (missing != null) {
            command.commandLine().getOut().println("Python peer skipped: " + missing);
        }
        return !off && missing == null;
    }

    /** For a command that exists to compare: where the peer cannot run, unless {@code --no-python}, it refuses. */
    void require() {
        String missing = off ? null : missing();
        if (missing != null) {
            throw new IllegalArgumentException("bench " + command.name() + " needs the Python peer: " + missing
                    + " (or --no-python)");
        }
    }

    /** What a peer starts with: its inputs written into its new folder, then its script and arguments. */
    interface Launch {
        /** Writes what the peer reads into {@code folder}; returns the script followed by its arguments. */
        List<String> prepare(Path folder) throws IOException;
    }

    /**
     * Starts a peer with {@link #interpreter} in a new temporary folder named after {@code name}, which
     * {@code launch} fills first; where anything fails before the peer runs, the folder goes at once (else when the
     * peer closes).
     */
    PythonPeer start(String name, Launch launch) throws IOException {
        Path folder = Files.createTempDirectory(name);
        try {
            List<String> command = launch.prepare(folder);
            return PythonPeer.start(interpreter, folder, Path.of(command.get(0)), command.subList(1, command.size()));
        } catch (IOException | RuntimeException e) {
            Checkpoints.deleteTree(folder);
            throw e;
        }
    }

    /** What the peer needs and is not there, said for the user; null where all is there. */
    String missing() {
        return Files.isExecutable(interpreter) ? null
                : interpreter + " not found; run `bash reference/setup.sh`, or pass --python PATH";
    }
}
