package io.github.gpt2sentiment.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A safetensors header whose tensors do not tile the data section exactly is refused, naming the tensor. */
class SafetensorsTest {

    @TempDir
    Path dir;

    @Test
    void tensorsInAnyHeaderOrderThatTileTheDataLoad() throws IOException {
        // Header order is free (the format sorts by offset): b is listed first but stored second.
        Path file = write("ok.safetensors", tensor("b", 4, 8) + "," + tensor("a", 0, 4), 8);
        try (Safetensors st = Safetensors.open(file)) {
            assertArrayEquals(new long[] {0x03020100L}, st.longs("a"));
            assertArrayEquals(new long[] {0x07060504L}, st.longs("b"));
        }
    }

    @Test
    void overlapGapTrailingBytesAndOffsetsBeyondTheFileAreRefused() throws IOException {
        refused(write("overlap.safetensors", tensor("a", 0, 4) + "," + tensor("b", 2, 6), 6),
                "tensor b", "overlaps tensor a");
        refused(write("gap.safetensors", tensor("a", 0, 4) + "," + tensor("b", 8, 12), 12),
                "tensor b", "gap of 4 bytes after tensor a");
        refused(write("late.safetensors", tensor("a", 4, 8) + "," + tensor("b", 8, 12), 12),
                "tensor a", "begins at byte 4");
        refused(write("trailing.safetensors", tensor("a", 0, 4) + "," + tensor("b", 4, 8), 12),
                "tensor b", "4 bytes after it");
        refused(write("beyond.safetensors", tensor("a", 0, 4) + "," + tensor("b", 4, 8), 6),
                "tensor b", "past the end of the file");
    }

    /** One I32 tensor of one element at [begin, end): the size check needs end - begin = 4. */
    private static String tensor(String name, long begin, long end) {
        return "\"" + name + "\":{\"dtype\":\"I32\",\"shape\":[" + (end - begin) / 4 + "],\"data_offsets\":[" + begin
                + "," + end + "]}";
    }

    private Path write(String name, String entries, int dataBytes) throws IOException {
        byte[] header = ("{" + entries + "}").getBytes(StandardCharsets.UTF_8);
        ByteBuffer file = ByteBuffer.allocate(8 + header.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        file.putLong(header.length).put(header);
        for (int i = 0; i < dataBytes; i++) {
            file.put((byte) i);
        }
        return Files.write(dir.resolve(name), file.array());
    }

    private static void refused(Path file, String... parts) {
        var e = assertThrows(IllegalArgumentException.class, () -> Safetensors.open(file).close());
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), () -> "'" + part + "' missing from: " + e.getMessage());
        }
        assertTrue(e.getMessage().contains(file.toAbsolutePath().toString()), e.getMessage());
    }
}
