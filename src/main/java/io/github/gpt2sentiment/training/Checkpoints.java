package io.github.gpt2sentiment.training;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import io.github.gpt2sentiment.files.AtomicFiles;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The files of a run's output folder and how they are written: every file through a temporary file and an atomic
 * rename, every checkpoint as a temporary folder renamed into place, so a crash never leaves half a checkpoint.
 *
 * <pre>
 * output/
 *   config.json, model.safetensors, ...   the best model (lowest validation loss), in the Hugging Face layout
 *   history.json, history.csv, steps.csv  what happened; loss.png, accuracy.png its curves
 *   checkpoint-STEP/                      the latest checkpoint: a model folder plus
 *     optimizer.safetensors               AdamW's moments and step count
 *     trainer_state.json                  schedule, position, data order, early-stopping state, history
 * </pre>
 *
 * <p>Usage: {@code Optional<Path> latest = Checkpoints.latest(output);}
 */
public final class Checkpoints {

    public static final String STATE_FILE = "trainer_state.json";
    public static final String OPTIMIZER_FILE = "optimizer.safetensors";
    public static final String HISTORY_FILE = "history.json";

    private static final Pattern CHECKPOINT = Pattern.compile("checkpoint-(\\d+)");
    static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create();

    private Checkpoints() {}

    /** The complete checkpoint with the most steps in a run's output folder, if any. */
    public static Optional<Path> latest(Path output) {
        if (!Files.isDirectory(output)) {
            return Optional.empty();
        }
        try (Stream<Path> entries = Files.list(output)) {
            return entries.filter(p -> CHECKPOINT.matcher(p.getFileName().toString()).matches())
                    .filter(p -> Files.isRegularFile(p.resolve(STATE_FILE)))
                    .max(Comparator.comparingLong(Checkpoints::stepOf));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + output, e);
        }
    }

    /** The step a {@code checkpoint-STEP} folder was written at. */
    static long stepOf(Path checkpoint) {
        Matcher matcher = CHECKPOINT.matcher(checkpoint.getFileName().toString());
        return matcher.matches() ? Long.parseLong(matcher.group(1)) : -1;
    }

    /**
     * Fails unless {@code output} is missing or empty: a folder holding another run (or anything else) is never
     * overwritten.
     */
    public static void requireFresh(Path output) throws IOException {
        if (!Files.exists(output)) {
            return;
        }
        if (!Files.isDirectory(output)) {
            throw new IllegalArgumentException("Output " + output + " is a file: give a folder for the run");
        }
        try (Stream<Path> entries = Files.list(output)) {
            // Temporaries a crash or a full disk left behind do not make a folder another run's; fit removes them.
            List<String> names = entries.map(p -> p.getFileName().toString()).filter(n -> !AtomicFiles.isTemporary(n))
                    .sorted().limit(5).toList();
            if (names.isEmpty()) {
                return;
            }
            boolean ourRun = names.stream().anyMatch(n -> n.equals(HISTORY_FILE) || CHECKPOINT.matcher(n).matches())
                    || latest(output).isPresent();
            throw new IllegalArgumentException("Output folder " + output + (ourRun
                    ? " holds another training run (" + String.join(", ", names) + "): pass --resume to continue it,"
                            + " or choose a new folder"
                    : " is not empty (" + String.join(", ", names) + "): choose a new or empty folder"));
        }
    }

    /** Reads a checkpoint's {@code trainer_state.json}. */
    static TrainerState readState(Path checkpoint) throws IOException {
        Path file = checkpoint.resolve(STATE_FILE);
        try {
            TrainerState state = GSON.fromJson(Files.readString(file), TrainerState.class);
            if (state == null || state.format() != TrainerState.FORMAT || state.config() == null) {
                throw new IllegalArgumentException(file + " is not a trainer state of format " + TrainerState.FORMAT);
            }
            // Records are built through their constructors, so the config's checks ran on what was read.
            return state;
        } catch (JsonParseException e) {
            throw new IllegalArgumentException("Corrupt trainer state " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes an object as pretty JSON, atomically. */
    static void writeJson(Object value, Path file) throws IOException {
        AtomicFiles.write(file, stream -> {
            Writer out = new OutputStreamWriter(stream, StandardCharsets.UTF_8);
            GSON.toJson(value, out);
            out.flush();
        });
    }

    /** Renames a file or folder into place in one step, replacing a file of that name. */
    public static void moveAtomically(Path source, Path target) throws IOException {
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("The file system of " + target + " cannot rename atomically; checkpoints need it", e);
        }
    }

    /** Deletes a folder and everything in it (old checkpoints, abandoned temporary folders). */
    public static void deleteTree(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        Files.walkFileTree(folder, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /**
     * Removes the temporary files and folders ({@code .best.tmp}, {@code .checkpoint-STEP.tmp}, {@code .NAME.*.tmp})
     * that a crash or a full disk left in a run's output folder; a new or resumed run starts with this.
     */
    static void removeTemporaries(Path output) throws IOException {
        if (!Files.isDirectory(output)) {
            return;
        }
        try (Stream<Path> entries = Files.list(output)) {
            for (Path entry : entries.toList()) {
                if (AtomicFiles.isTemporary(entry.getFileName().toString())) {
                    deleteTree(entry);
                }
            }
        }
    }

    /** Writes into a folder's contents. */
    interface FolderWriter {
        void write(Path folder) throws IOException;
    }

    /**
     * Runs {@code write} on a fresh temporary folder; when it fails (a full disk, say), the folder is removed before
     * the error goes on, so no half-written checkpoint stays behind.
     */
    static void inTemporaryFolder(Path temporary, FolderWriter write) throws IOException {
        deleteTree(temporary);
        Files.createDirectories(temporary);
        try {
            write.write(temporary);
        } catch (IOException | RuntimeException | Error e) {
            try {
                deleteTree(temporary);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /** Removes every checkpoint but {@code keep}, and temporary folders a crash left behind. */
    static void pruneExcept(Path output, Path keep) throws IOException {
        try (Stream<Path> entries = Files.list(output)) {
            for (Path entry : entries.toList()) {
                String name = entry.getFileName().toString();
                boolean stale = (CHECKPOINT.matcher(name).matches() && !entry.equals(keep))
                        || AtomicFiles.isTemporary(name);
                if (stale) {
                    deleteTree(entry);
                }
            }
        }
    }
}
