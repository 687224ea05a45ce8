package io.github.gpt2sentiment.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * A small, fast reader of {@code .tar.gz} archives as a stream: 512-byte headers (ustar, GNU and pax long names),
 * checksums verified, nothing extracted to disk. The IMDB archive holds ~100,000 small files, and a tight loop over a
 * buffered {@link GZIPInputStream} reads them in about a second.
 *
 * <p>Usage: {@code for (var e = tar.next(); e != null; e = tar.next()) { byte[] data = tar.read(); }}
 */
final class TarGzReader implements AutoCloseable {

    /** One regular file's header: its path inside the archive and its size in bytes. */
    record Entry(String name, long size) {}

    private static final int BLOCK = 512;

    private final Path archive;
    private final InputStream in;
    private final byte[] header = new byte[BLOCK];
    private Entry current;
    private boolean dataPending;
    private String lastName = "(start of archive)";

    TarGzReader(Path archive) throws IOException {
        this.archive = archive;
        InputStream file = Files.newInputStream(archive);
        try {
            this.in = new BufferedInputStream(new GZIPInputStream(file, 1 << 16), 1 << 16);
        } catch (ZipException | EOFException e) {
            file.close();
            throw corrupt("not a gzip stream (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            file.close();
            throw e;
        }
    }

    /** The next regular file, or {@code null} at the end of the archive. Skips the data of the previous entry. */
    Entry next() throws IOException {
        if (dataPending) {
            skip();
        }
        String longName = null;
        while (true) {
            if (!readBlock(header)) {
                // A stream that ends without the two zero blocks was cut off, unless it ends exactly after an entry;
                // GNU tar accepts the latter with a warning, so do we.
                return null;
            }
            if (isZero(header)) {
                readToEnd();
                return null;
            }
            verifyChecksum();
            long size = parseSize();
            char type = (char) header[156];
            String name = longName != null ? longName : headerName();
            longName = null;
            switch (type) {
                case 'L' -> longName = trimNul(readString(size));
                case 'x' -> longName = paxPath(readString(size));
                case '0', '\0', '7' -> {
                    lastName = name;
                    current = new Entry(name, size);
                    dataPending = true;
                    return current;
                }
                default -> {
                    lastName = name;
                    skipBytes(padded(size));
                }
            }
        }
    }

    /** The whole data of the current entry. */
    byte[] read() throws IOException {
        if (!dataPending) {
            throw new IllegalStateException("no entry data pending");
        }
        dataPending = false;
        if (current.size() > Integer.MAX_VALUE - BLOCK) {
            throw corrupt("entry " + current.name() + " is too large (" + current.size() + " bytes)", null);
        }
        int size = (int) current.size();
        byte[] data = new byte[size];
        readFully(data, size);
        skipBytes(padded(size) - size);
        return data;
    }

    /**
     * Reads past the tar end marker to the end of the gzip stream: only there does {@link GZIPInputStream} compare
     * each member's CRC-32 and length with its trailer, so a payload changed after compression is caught.
     */
    private void readToEnd() throws IOException {
        byte[] rest = new byte[1 << 16];
        try {
            while (in.read(rest) >= 0) {
                // padding after the end marker, and any further gzip members
            }
        } catch (EOFException e) {
            throw truncated();
        } catch (ZipException e) {
            throw corrupt(e);
        }
    }

    private void skip() throws IOException {
        dataPending = false;
        skipBytes(padded(current.size()));
    }

    private static long padded(long size) {
        return (size + BLOCK - 1) / BLOCK * BLOCK;
    }

    private boolean readBlock(byte[] block) throws IOException {
        int n = readSome(block, BLOCK);
        if (n == 0) {
            return false;
        }
        if (n < BLOCK) {
            throw truncated();
        }
        return true;
    }

    private void readFully(byte[] data, int length) throws IOException {
        if (readSome(data, length) < length) {
            throw truncated();
        }
    }

    private int readSome(byte[] data, int length) throws IOException {
        try {
            return in.readNBytes(data, 0, length);
        } catch (EOFException e) {
            throw truncated();
        } catch (ZipException e) {
            throw corrupt(e);
        }
    }

    private void skipBytes(long count) throws IOException {
        try {
            in.skipNBytes(count);
        } catch (EOFException e) {
            throw truncated();
        } catch (ZipException e) {
            throw corrupt(e);
        }
    }

    private String readString(long size) throws IOException {
        if (size > 1 << 20) {
            throw corrupt("extended header of " + size + " bytes", null);
        }
        byte[] data = new byte[(int) size];
        readFully(data, data.length);
        skipBytes(padded(size) - size);
        return new String(data, StandardCharsets.UTF_8);
    }

    /** The {@code path} record of a pax header ("{length} path={name}\n"), or null when it has none. */
    private static String paxPath(String pax) {
        for (String record : pax.split("\n")) {
            int space = record.indexOf(' ');
            if (space > 0 && record.startsWith("path=", space + 1)) {
                return record.substring(space + 1 + "path=".length());
            }
        }
        return null;
    }

    private String headerName() {
        String name = field(0, 100);
        // POSIX ustar ("ustar\0") splits long paths into prefix + name; GNU ("ustar  ") uses that space otherwise.
        if (header[257] == 'u' && header[262] == 0) {
            String prefix = field(345, 155);
            if (!prefix.isEmpty()) {
                name = prefix + "/" + name;
            }
        }
        return name;
    }

    private String field(int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.UTF_8);
    }

    private long parseSize() throws IOException {
        if ((header[124] & 0x80) != 0) {
            // GNU base-256 for sizes of 8 GiB and more.
            long size = 0;
            for (int i = 125; i < 136; i++) {
                size = (size << 8) | (header[i] & 0xff);
            }
            return size;
        }
        return parseOctal(124, 12, "size");
    }

    private long parseOctal(int offset, int length, String what) throws IOException {
        long value = 0;
        boolean digits = false;
        for (int i = offset; i < offset + length; i++) {
            byte b = header[i];
            if (b == 0 || (b == ' ' && digits)) {
                break;
            }
            if (b == ' ') {
                continue;
            }
            if (b < '0' || b > '7') {
                throw corrupt("bad " + what + " field in the tar header after " + lastName, null);
            }
            value = value * 8 + (b - '0');
            digits = true;
        }
        return value;
    }

    private void verifyChecksum() throws IOException {
        long expected = parseOctal(148, 8, "checksum");
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            sum += (i >= 148 && i < 156) ? ' ' : (header[i] & 0xff);
        }
        if (sum != expected) {
            throw corrupt("tar header checksum mismatch after entry " + lastName, null);
        }
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static String trimNul(String s) {
        int nul = s.indexOf('\0');
        return nul >= 0 ? s.substring(0, nul) : s;
    }

    private DataException truncated() {
        return new DataException(archive + ": the archive is truncated (it ends inside entry " + where()
                + "); expected a complete .tar.gz, download it again");
    }

    private DataException corrupt(ZipException e) {
        // GZIPInputStream says "Corrupt GZIP trailer" when a member's CRC-32 or length differs from its data.
        if (String.valueOf(e.getMessage()).contains("trailer")) {
            return new DataException(archive + ": corrupt archive, the gzip checksum (CRC-32) or length does not "
                    + "match the data; expected a valid .tar.gz, download it again", e);
        }
        return corrupt("corrupt gzip data (" + e.getMessage() + ")", e);
    }

    private DataException corrupt(String what, Exception cause) {
        return new DataException(archive + ": corrupt archive, " + what + " (near entry " + where()
                + "); expected a valid .tar.gz, download it again", cause);
    }

    private String where() {
        return current != null && dataPending ? current.name() : lastName;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
