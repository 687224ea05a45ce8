package io.github.gpt2sentiment.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * Where a command will write, checked before it reads data or loads a model, so that a mistyped {@code --json}
 * costs a second, not a whole run; and the one-line reason when a write fails anyway (a disk that fills up).
 *
 * <p>Usage: {@code Outputs.checkFiles(json, predictions); Outputs.checkFolders(out);} (null paths are skipped)
 */
public final class Outputs {

    private Outputs() {}

    /**
     * Checks that each file could be written: it is not a folder, and its nearest existing parent is a writable
     * folder (missing folders are created later).
     *
     * @throws IllegalArgumentException naming the file and why it cannot be written
     */
    public static void checkFiles(Path... files) {
        for (Path file : files) {
            if (file == null) {
                continue;
            }
            if (Files.isDirectory(file)) {
                throw new IllegalArgumentException("Cannot write " + file + ": it is a folder; expected a file name");
            }
            checkParent(file);
        }
    }

    /**
     * Checks that each folder exists as a writable folder or could be created.
     *
     * @throws IllegalArgumentException naming the folder and why nothing can be written in it
     */
    public static void checkFolders(Path... folders) {
        for (Path folder : folders) {
            if (folder == null) {
                continue;
            }
            if (Files.exists(folder)) {
                if (!Files.isDirectory(folder)) {
                    throw new IllegalArgumentException("Cannot write into " + folder + ": it is a file, not a folder");
                }
                if (!Files.isWritable(folder)) {
                    throw new IllegalArgumentException("Cannot write into " + folder + ": permission denied");
                }
            } else {
                checkParent(folder);
            }
        }
    }

    // Files.isWritable asks the operating system (access(2)), so it is right for read-only mounts and for root.
    private static void checkParent(Path target) {
        Path existing = target.toAbsolutePath().getParent();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return;
        }
        if (!Files.isDirectory(existing)) {
            throw new IllegalArgumentException("Cannot write " + target + ": " + existing
                    + " is a file, not a folder");
        }
        if (!Files.isWritable(existing)) {
            throw new IllegalArgumentException("Cannot write " + target + ": permission denied in " + existing);
        }
    }

    /**
     * Why a write failed, in a few words: "no space left on device", "permission denied", "not a directory", ...
     * (the operating system's reason, without a stack trace).
     */
    public static String reason(Exception e) {
        Throwable t = e instanceof UncheckedIOException && e.getCause() != null ? e.getCause() : e;
        while (!(t instanceof IOException) && t.getCause() != null) {
            t = t.getCause();
        }
        String reason = t instanceof FileSystemException fs ? fs.getReason() : null;
        if (reason == null) {
            reason = t instanceof AccessDeniedException ? "permission denied"
                    : t instanceof FileAlreadyExistsException ? "a file is in the way of a folder"
                    : t instanceof NoSuchFileException ? "no such file or folder"
                    : t instanceof NotDirectoryException ? "not a directory"
                    : t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
        }
        String file = t instanceof FileSystemException fs && fs.getFile() != null ? fs.getFile() + ": " : "";
        return file + reason.substring(0, 1).toLowerCase(java.util.Locale.ROOT) + reason.substring(1);
    }
}
