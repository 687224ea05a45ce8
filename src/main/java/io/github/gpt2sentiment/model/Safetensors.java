package io.github.gpt2sentiment.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.gpt2sentiment.files.AtomicFiles;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The safetensors format (an 8-byte little-endian header length, a JSON header, then raw little-endian
 * tensors) read and written directly, so that every stored type is under this project's control: F32, F16 and
 * BF16 weights all become FLOAT32 arrays, BF16 converted here in Java (DJL 0.36 aborts the JVM on BF16 arrays).
 *
 * <p>Usage: {@code try (var st = Safetensors.open(file)) { NDArray w = st.toFloat32("wte.weight", manager); }}
 */
public final class Safetensors implements AutoCloseable {

    /** One tensor's header entry: its type as written ({@code F32}, {@code BF16}, ...), shape and byte range. */
    public record Entry(String name, String dtype, long[] shape, long begin, long end) {

        /** The shape as DJL's {@link Shape}. */
        public Shape djlShape() {
            return new Shape(shape);
        }

        /** Number of elements. */
        public long size() {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            return n;
        }
    }

    private static final long MAX_HEADER = 100L << 20;

    private final Path file;
    private final FileChannel channel;
    private final long dataStart;
    private final Map<String, Entry> entries;
    private final Map<String, String> metadata;

    private Safetensors(Path file, FileChannel channel, long dataStart, Map<String, Entry> entries,
            Map<String, String> metadata) {
        this.file = file;
        this.channel = channel;
        this.dataStart = dataStart;
        this.entries = entries;
        this.metadata = metadata;
    }

    /**
     * Opens a safetensors file and checks its header: every tensor's byte range must match its type and shape,
     * and the ranges must tile the data section exactly (no overlap, no gap, nothing past the end of the file).
     *
     * @throws IllegalArgumentException naming the file and the faulty entry
     */
    public static Safetensors open(Path file) {
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
            long fileSize = channel.size();
            ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(channel, lengthBytes, 0);
            long headerLength = lengthBytes.flip().getLong();
            if (headerLength <= 0 || headerLength > MAX_HEADER || 8 + headerLength > fileSize) {
                throw new IllegalArgumentException(file.toAbsolutePath() + " is not a safetensors file (header "
                        + "length " + headerLength + ", file size " + fileSize + ")");
            }
            ByteBuffer header = ByteBuffer.allocate((int) headerLength);
            readFully(channel, header, 8);
            String json = new String(header.array(), StandardCharsets.UTF_8);
            long dataStart = 8 + headerLength;
            Map<String, Entry> entries = new LinkedHashMap<>();
            Map<String, String> metadata = new LinkedHashMap<>();
            JsonObject root = JsonParser.parseString(json).getAsJsonObject();
            for (Map.Entry<String, JsonElement> e : root.entrySet()) {
                if (e.getKey().equals("__metadata__")) {
                    for (Map.Entry<String, JsonElement> m : e.getValue().getAsJsonObject().entrySet()) {
                        metadata.put(m.getKey(), m.getValue().getAsString());
                    }
                    continue;
                }
                Entry entry = entry(e.getKey(), e.getValue().getAsJsonObject());
                if (dataStart + entry.end > fileSize) {
                    throw new IllegalArgumentException("tensor " + entry.name + " ends at byte " + entry.end
                            + " of the data section, past the end of the file (truncated download?)");
                }
                entries.put(entry.name, entry);
            }
            checkTiling(entries.values(), fileSize - dataStart);
            return new Safetensors(file, channel, dataStart, Collections.unmodifiableMap(entries),
                    Collections.unmodifiableMap(metadata));
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("Cannot read " + file.toAbsolutePath(), e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            if (e instanceof IllegalArgumentException && e.getMessage().startsWith(file.toAbsolutePath().toString())) {
                throw e;
            }
            throw new IllegalArgumentException(file.toAbsolutePath() + ": malformed safetensors header ("
                    + e.getMessage() + ")", e);
        }
    }

    /**
     * Sorted by offset, the tensors must cover the data section exactly, as the reference reader requires: an
     * overlap means two tensors share bytes, a gap or trailing bytes mean a header that does not describe the data.
     */
    private static void checkTiling(Collection<Entry> entries, long dataLength) {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        Entry previous = null;
        long at = 0;
        for (Entry e : sorted) {
            if (e.begin < at) {
                throw new IllegalArgumentException("tensor " + e.name + " at bytes [" + e.begin + ", " + e.end
                        + ") overlaps tensor " + previous.name + " at [" + previous.begin + ", " + previous.end
                        + "); expected each tensor to begin where the previous one ends");
            }
            if (e.begin > at) {
                throw new IllegalArgumentException(previous == null
                        ? "tensor " + e.name + " begins at byte " + e.begin + " of the data section; expected the "
                                + "first tensor at byte 0"
                        : "tensor " + e.name + " at bytes [" + e.begin + ", " + e.end + ") leaves a gap of "
                                + (e.begin - at) + " bytes after tensor " + previous.name + " at [" + previous.begin
                                + ", " + previous.end + "); expected each tensor to begin where the previous one ends");
            }
            previous = e;
            at = e.end;
        }
        if (at != dataLength) {
            throw new IllegalArgumentException(previous == null
                    ? "no tensors, but a data section of " + dataLength + " bytes"
                    : "the last tensor " + previous.name + " ends at byte " + at + " of the data section, with "
                            + (dataLength - at) + " bytes after it; expected the data to end with the last tensor");
        }
    }

    private static Entry entry(String name, JsonObject o) {
        String dtype = o.get("dtype").getAsString();
        JsonArray shapeJson = o.getAsJsonArray("shape");
        long[] shape = new long[shapeJson.size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = shapeJson.get(i).getAsLong();
            if (shape[i] < 0) {
                throw new IllegalArgumentException("tensor " + name + " has a negative dimension");
            }
        }
        JsonArray offsets = o.getAsJsonArray("data_offsets");
        long begin = offsets.get(0).getAsLong();
        long end = offsets.get(1).getAsLong();
        Entry entry = new Entry(name, dtype, shape, begin, end);
        int width = byteWidth(dtype);
        if (begin < 0 || end < begin || (width > 0 && end - begin != entry.size() * width)) {
            throw new IllegalArgumentException("tensor " + name + " (" + dtype + " " + Arrays.toString(shape)
                    + ") has data_offsets [" + begin + ", " + end + "] that do not match its size");
        }
        return entry;
    }

    private static int byteWidth(String dtype) {
        return switch (dtype) {
            case "F64", "I64", "U64" -> 8;
            case "F32", "I32", "U32" -> 4;
            case "F16", "BF16", "I16", "U16" -> 2;
            case "I8", "U8", "BOOL", "F8_E4M3", "F8_E5M2" -> 1;
            default -> 0;
        };
    }

    /** The file this reads. */
    public Path file() {
        return file;
    }

    /** Header entries by tensor name, in file order. */
    public Map<String, Entry> entries() {
        return entries;
    }

    /** The {@code __metadata__} strings (e.g. {@code format=pt}). */
    public Map<String, String> metadata() {
        return metadata;
    }

    /**
     * A floating-point tensor as a FLOAT32 array of {@code manager}: F32 as stored, F16 widened by the engine,
     * BF16 widened here (its 16 bits are the top half of an fp32).
     *
     * @throws IllegalArgumentException for an unknown name or a type other than F32, F16, BF16
     */
    public NDArray toFloat32(String name, NDManager manager) {
        Entry entry = entry(name);
        ByteBuffer raw = read(entry, manager);
        Shape shape = entry.djlShape();
        switch (entry.dtype) {
            case "F32":
                return manager.create(raw, shape, DataType.FLOAT32);
            case "F16":
                try (NDArray half = manager.create(raw, shape, DataType.FLOAT16)) {
                    return half.toType(DataType.FLOAT32, true);
                }
            case "BF16":
                ByteBuffer wide = manager.allocateDirect(Math.toIntExact(entry.size() * 4));
                wide.order(ByteOrder.nativeOrder());
                raw.order(ByteOrder.LITTLE_ENDIAN);
                while (raw.hasRemaining()) {
                    wide.putInt((raw.getShort() & 0xffff) << 16);
                }
                wide.flip();
                return manager.create(wide, shape, DataType.FLOAT32);
            default:
                throw new IllegalArgumentException(file.toAbsolutePath() + ": tensor " + name + " is stored as "
                        + entry.dtype + "; GPT-2 weights must be F32, F16 or BF16");
        }
    }

    /** A floating-point tensor's values as Java floats, whatever its stored width (F32, F16, BF16). */
    public float[] floats(String name) {
        try (NDManager manager = NDManager.newBaseManager(ai.djl.Device.cpu());
                NDArray array = toFloat32(name, manager)) {
            return array.toFloatArray();
        }
    }

    /** An integer tensor (I64 or I32) as Java longs, for token ids and masks. */
    public long[] longs(String name) {
        Entry entry = entry(name);
        ByteBuffer raw = ByteBuffer.allocate(Math.toIntExact(entry.end - entry.begin)).order(ByteOrder.LITTLE_ENDIAN);
        readInto(entry, raw);
        raw.flip();
        long[] values = new long[Math.toIntExact(entry.size())];
        for (int i = 0; i < values.length; i++) {
            values[i] = switch (entry.dtype) {
                case "I64" -> raw.getLong();
                case "I32" -> raw.getInt();
                default -> throw new IllegalArgumentException(file.toAbsolutePath() + ": tensor " + name
                        + " is " + entry.dtype + ", expected I64 or I32");
            };
        }
        return values;
    }

    /** The header entry of a tensor. */
    public Entry entry(String name) {
        Entry entry = entries.get(name);
        if (entry == null) {
            throw new IllegalArgumentException(file.toAbsolutePath() + " has no tensor named " + name);
        }
        return entry;
    }

    private ByteBuffer read(Entry entry, NDManager manager) {
        long length = entry.end - entry.begin;
        if (length > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(file.toAbsolutePath() + ": tensor " + entry.name
                    + " is larger than 2 GiB, more than one Java buffer holds");
        }
        ByteBuffer buffer = manager.allocateDirect((int) length);
        buffer.order(ByteOrder.LITTLE_ENDIAN);
        readInto(entry, buffer);
        return buffer.flip();
    }

    private void readInto(Entry entry, ByteBuffer buffer) {
        try {
            readFully(channel, buffer, dataStart + entry.begin);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read tensor " + entry.name + " from " + file.toAbsolutePath(), e);
        }
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, at);
            if (n < 0) {
                throw new EOFException("unexpected end of file at byte " + at);
            }
            at += n;
        }
    }

    @Override
    public void close() {
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing was written through it
            }
        }
    }

    /**
     * Writes tensors as safetensors with {@code format=pt} metadata (which {@code transformers} requires),
     * atomically: a temporary file beside the target, then one rename. INT64 arrays stay I64; every other type is
     * written as F32.
     *
     * @param tensors tensors by name, in the order to write them
     */
    public static void write(Path file, Map<String, NDArray> tensors) {
        JsonObject header = new JsonObject();
        JsonObject meta = new JsonObject();
        meta.addProperty("format", "pt");
        header.add("__metadata__", meta);
        long offset = 0;
        for (Map.Entry<String, NDArray> e : tensors.entrySet()) {
            JsonObject entry = new JsonObject();
            boolean int64 = e.getValue().getDataType() == DataType.INT64;
            entry.addProperty("dtype", int64 ? "I64" : "F32");
            JsonArray shape = new JsonArray();
            for (long d : e.getValue().getShape().getShape()) {
                shape.add(d);
            }
            entry.add("shape", shape);
            long length = e.getValue().size() * (int64 ? 8 : 4);
            JsonArray offsets = new JsonArray();
            offsets.add(offset);
            offsets.add(offset + length);
            entry.add("data_offsets", offsets);
            header.add(e.getKey(), entry);
            offset += length;
        }
        byte[] json = new Gson().toJson(header).getBytes(StandardCharsets.UTF_8);
        // The reference writer pads the header with spaces so the data starts 8-byte aligned.
        int padded = (json.length + 7) / 8 * 8;
        byte[] headerBytes = Arrays.copyOf(json, padded);
        Arrays.fill(headerBytes, json.length, padded, (byte) ' ');
        writeAtomically(file, out -> {
            ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded);
            out.write(length.array());
            out.write(headerBytes);
            WritableByteChannel channel = java.nio.channels.Channels.newChannel(out);
            for (NDArray array : tensors.values()) {
                DataType type = array.getDataType() == DataType.INT64 ? DataType.INT64 : DataType.FLOAT32;
                try (NDArray converted = array.toType(type, true)) {
                    ByteBuffer data = converted.toByteBuffer().order(ByteOrder.nativeOrder());
                    if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
                        throw new IllegalStateException("writing safetensors needs a little-endian machine");
                    }
                    while (data.hasRemaining()) {
                        channel.write(data);
                    }
                }
            }
        });
    }

    /** Writes a file atomically with the mode of a new file (see {@link AtomicFiles}); unchecked for model code. */
    static void writeAtomically(Path target, AtomicFiles.Content content) {
        try {
            AtomicFiles.write(target, content);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + target.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }
}
