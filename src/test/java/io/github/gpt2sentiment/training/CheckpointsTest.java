package io.github.gpt2sentiment.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Temporary folders a full disk leaves behind neither block the next run nor outlive it. */
class CheckpointsTest {

    @TempDir
    Path output;

    @Test
    void staleTemporariesDoNotBlockAFreshRunAndAreRemovedAtTheStart() throws IOException {
        Files.createDirectories(output.resolve(".best.tmp"));
        Files.writeString(output.resolve(".best.tmp/model.safetensors"), "half");
        Files.createDirectories(output.resolve(".checkpoint-4.tmp"));
        Files.writeString(output.resolve(".history.json.k3j2.tmp"), "{");
        Checkpoints.requireFresh(output); // a folder holding only temporaries is a fresh one

        Files.createDirectories(output.resolve("checkpoint-2"));
        Checkpoints.removeTemporaries(output);
        try (Stream<Path> left = Files.list(output)) {
            assertEquals(List.of("checkpoint-2"), left.map(p -> p.getFileName().toString()).toList());
        }
        var e = assertThrows(IllegalArgumentException.class, () -> Checkpoints.requireFresh(output));
        assertTrue(e.getMessage().contains("checkpoint-2"), e.getMessage());
    }

    @Test
    void aFailedWriteRemovesItsTemporaryFolder() throws IOException {
        Path temporary = output.resolve(".checkpoint-6.tmp");
        IOException full = assertThrows(IOException.class, () -> Checkpoints.inTemporaryFolder(temporary, folder -> {
            Files.writeString(folder.resolve("model.safetensors"), "half a model");
            throw new IOException("No space left on device");
        }));
        assertEquals("No space left on device", full.getMessage());
        assertFalse(Files.exists(temporary), "the half-written checkpoint is gone");
    }
}
