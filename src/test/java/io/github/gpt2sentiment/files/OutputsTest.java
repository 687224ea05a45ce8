package io.github.gpt2sentiment.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Output checks before a run, and the one-line reason after a failed write. */
class OutputsTest {

    @TempDir
    Path dir;

    @Test
    void missingFoldersAreFineAFileInThePathIsNot() throws IOException {
        Outputs.checkFiles(dir.resolve("a/b/results.json"), null);
        Outputs.checkFolders(dir.resolve("new/run"), dir);
        Path file = Files.writeString(dir.resolve("notes.txt"), "x");
        var under = assertThrows(IllegalArgumentException.class, () -> Outputs.checkFiles(file.resolve("r.json")));
        assertEquals("Cannot write " + file.resolve("r.json") + ": " + file + " is a file, not a folder",
                under.getMessage());
        var notFolder = assertThrows(IllegalArgumentException.class, () -> Outputs.checkFolders(file));
        assertTrue(notFolder.getMessage().endsWith("it is a file, not a folder"), notFolder.getMessage());
        var folder = assertThrows(IllegalArgumentException.class, () -> Outputs.checkFiles(dir));
        assertTrue(folder.getMessage().endsWith("it is a folder; expected a file name"), folder.getMessage());
    }

    @Test
    void reasonsAreTheOperatingSystemsInOneLine() {
        assertEquals("/d/r.json: no space left on device",
                Outputs.reason(new FileSystemException("/d/r.json", null, "No space left on device")));
        assertEquals("/d/r.json: permission denied", Outputs.reason(new UncheckedIOException(
                new AccessDeniedException("/d/r.json"))));
        assertEquals("/d: not a directory", Outputs.reason(new FileSystemException("/d", null, "Not a directory")));
    }
}
