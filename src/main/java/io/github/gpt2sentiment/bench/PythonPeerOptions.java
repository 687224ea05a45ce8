package io.github.gpt2sentiment.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code --python} and {@code --no-python} as every bench command takes them: the interpreter its Python peer runs
 * with, and whether the peer runs at all.
 *
 * <p>Usage: {@code @Mixin PythonPeerOptions python;} then {@code if (python.runs(script)) { try (PythonPeer peer =
 * python.start(folder, script, args)) { ... } }}
 */
final class PythonPeerOptions {

    @Option(names = "--python", paramLabel = "PATH", defaultValue = "reference/.venv/bin/python",
            description = "The Python peer's interpreter (default: ${DEFAULT-VALUE}, which bash reference/setup.sh "
                    + "creates with torch, transformers, peft and tokenizers).")
    Path interpreter;

    @Option(names = "--no-python", description = "Measure this project only, without the Python peer.")
    boolean off;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /**
     * Whether the peer runs: not with {@code --no-python}, nor where the interpreter or one of {@code files} (its
     * script) is missing, which the one skip line says.
     */
    boolean runs(Path... files) {
        String missing = off ? null : missing(files);
        if (missing != null) {
            command.commandLine().getOut().println("Python peer skipped: " + missing);
        }
        return !off && missing == null;
    }

    /** For a command that exists to compare: where the peer cannot run, unless {@code --no-python}, it refuses. */
    void require(Path... files) {
        String missing = off ? null : missing(files);
        if (missing != null) {
            throw new IllegalArgumentException(command.qualifiedName() + " needs the Python peer: " + missing
                    + " (or --no-python)");
        }
    }

    /** Starts {@code script args...} with {@link #interpreter}; {@code folder} (existing) becomes the peer's. */
    PythonPeer start(Path folder, Path script, List<String> args) throws IOException {
        return PythonPeer.start(interpreter, folder, script, args);
    }

    private String missing(Path... files) {
        if (!Files.isExecutable(interpreter)) {
            return interpreter + " not found; run `bash reference/setup.sh`, or pass --python PATH";
        }
        for (Path file : files) {
            if (!Files.isRegularFile(file)) {
                return file + " not found; pass --script PATH";
            }
        }
        return null;
    }
}
