package io.github.gpt2sentiment.files;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;

/**
 * The one way this project writes a file: into a temporary file beside the target, forced to disk, then renamed over
 * the target in one step, so a crash or a full disk never leaves half a file under the real name (the temporary is
 * removed when writing fails).
 *
 * <p>The file gets the mode any new file gets under the user's umask (0644 under 022, 0600 under 077), as Python's
 * {@code open()} and so {@code transformers}' {@code save_pretrained} give: the temporary is made with
 * {@link Files#createFile}, which honours the umask, not {@link Files#createTempFile}, which is always private.
 *
 * <p>Usage: {@code AtomicFiles.writeString(folder.resolve("results.json"), json);}
 */
public final class AtomicFiles {

    /** Something that writes a file's bytes. */
    public interface Content {
        void write(OutputStream out) throws IOException;
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private AtomicFiles() {}

    /** Writes {@code content} to {@code target} atomically, creating its folder. */
    public static void write(Path target, Content content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temporary = newTemporary(dir, target.getFileName().toString());
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE);
                    OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16)) {
                content.write(out);
                out.flush();
                channel.force(true);
            }
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException ignored) {
                // the rename happened, or the temporary is beyond saving; the next run removes it
            }
        }
    }

    /** Writes text as UTF-8 to {@code target} atomically, creating its folder. */
    public static void writeString(Path target, String text) throws IOException {
        write(target, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Whether a file or folder name is one of the temporaries this project writes before a rename
     * ({@code .NAME.RANDOM.tmp}, {@code .best.tmp}, {@code .checkpoint-STEP.tmp}): one that still exists was left
     * by a crash or a full disk, and may be removed.
     */
    public static boolean isTemporary(String name) {
        return name.startsWith(".") && name.endsWith(".tmp");
    }

    private static Path newTemporary(Path dir, String name) throws IOException {
        while (true) {
            Path temporary = dir.resolve("." + name + "." + Long.toUnsignedString(RANDOM.nextLong(), 36) + ".tmp");
            try {
                return Files.createFile(temporary);
            } catch (FileAlreadyExistsException e) {
                // another writer drew the same name: draw again
            }
        }
    }
}
