package io.github.gpt2sentiment.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Downloads the IMDB archive from its official URL into a cache folder, resuming an interrupted download with an
 * HTTP range request, and verifies its size and sha256 before anyone uses it.
 *
 * <p>The cache folder is {@code $GPT2_SENTIMENT_CACHE}, else {@code $XDG_CACHE_HOME/gpt2-sentiment}, else
 * {@code ~/.cache/gpt2-sentiment}.
 *
 * <p>Usage: {@code Path archive = ImdbDownload.official().fetch(ImdbDownload.Listener.SILENT);}
 */
public final class ImdbDownload {

    /** The dataset's official home (Maas et al., 2011). */
    public static final URI OFFICIAL_URL = URI.create("https://ai.stanford.edu/~amaas/data/sentiment/aclImdb_v1.tar.gz");

    /** The official archive's size in bytes. */
    public static final long OFFICIAL_SIZE = 84_125_825L;

    /** The official archive's sha256 (as published with TensorFlow Datasets' and others' IMDB loaders). */
    public static final String OFFICIAL_SHA256 = "c40f74a18d3b61f90feba1e17730e0d38e8b97c05fde7008942e91923d1658fe";

    /** The archive's file name in the cache folder. */
    public static final String FILE_NAME = "aclImdb_v1.tar.gz";

    private static final int ATTEMPTS = 4;

    /** Hears how a download goes; both methods do nothing by default. */
    public interface Listener {
        /** A listener that stays silent. */
        Listener SILENT = new Listener() {};

        /** A request for the bytes from {@code from} on of {@code total} is about to be sent. */
        default void started(URI url, long from, long total) {}

        /** {@code done} of {@code total} bytes are on disk. */
        default void progress(long done, long total) {}
    }

    private final URI url;
    private final long size;
    private final String sha256;
    private final Path cacheDir;

    /**
     * A download of {@code url}, expected to be {@code size} bytes with the given sha256, into {@code cacheDir}.
     * Tests use it with a loopback server; everyone else wants {@link #official()}.
     */
    public ImdbDownload(URI url, long size, String sha256, Path cacheDir) {
        this.url = Objects.requireNonNull(url, "url");
        this.size = size;
        this.sha256 = sha256.toLowerCase(java.util.Locale.ROOT);
        this.cacheDir = Objects.requireNonNull(cacheDir, "cacheDir");
    }

    /** The official archive into the default cache folder. */
    public static ImdbDownload official() {
        return new ImdbDownload(OFFICIAL_URL, OFFICIAL_SIZE, OFFICIAL_SHA256, cacheDir());
    }

    /**
     * The cache folder: {@code $GPT2_SENTIMENT_CACHE}, else {@code $XDG_CACHE_HOME/gpt2-sentiment}, else
     * {@code ~/.cache/gpt2-sentiment}.
     */
    public static Path cacheDir() {
        String own = System.getenv("GPT2_SENTIMENT_CACHE");
        if (own != null && !own.isBlank()) {
            return Path.of(own);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "gpt2-sentiment");
        }
        return Path.of(System.getProperty("user.home"), ".cache", "gpt2-sentiment");
    }

    /** Where the verified archive lives once fetched. */
    public Path target() {
        return cacheDir.resolve(FILE_NAME);
    }

    /**
     * The verified archive: the cached copy when it is there and intact, else a fresh or resumed download. A copy
     * that fails verification is never returned.
     *
     * @throws DataException when the download ends up with the wrong size or checksum (the bad bytes are deleted)
     * @throws UncheckedIOException when the server cannot be reached; what arrived is kept to resume next time
     */
    public Path fetch(Listener listener) {
        try {
            Files.createDirectories(cacheDir);
            // Another process fetching into the same cache waits here instead of writing the same file.
            try (FileChannel lockFile = FileChannel.open(cacheDir.resolve(FILE_NAME + ".lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                FileLock lock = lockFile.lock();
                try {
                    return fetchLocked(listener);
                } finally {
                    lock.release();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot download " + url + " into " + cacheDir + ": " + describe(e)
                    + " (what arrived is kept in " + part() + " and the next run resumes from there)", e);
        }
    }

    private Path part() {
        return cacheDir.resolve(FILE_NAME + ".part");
    }

    private Path marker() {
        return cacheDir.resolve(FILE_NAME + ".verified");
    }

    private Path fetchLocked(Listener listener) throws IOException {
        Path target = target();
        if (Files.isRegularFile(target)) {
            if (alreadyVerified(target)) {
                return target;
            }
            String problem = problem(target);
            if (problem == null) {
                markVerified(target);
                return target;
            }
            // A damaged cached copy is worth nothing: fetch it again rather than fail forever.
            Files.delete(target);
        }
        Path part = part();
        IOException last = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            long before = Files.exists(part) ? Files.size(part) : 0;
            try {
                download(part, listener);
                last = null;
                break;
            } catch (IOException e) {
                last = e;
                long after = Files.exists(part) ? Files.size(part) : 0;
                if (after <= before) {
                    break; // no progress: retrying will not help
                }
            }
        }
        if (last != null) {
            throw last;
        }
        String problem = problem(part);
        if (problem != null) {
            Files.deleteIfExists(part);
            throw new DataException(url + ": the download is not the expected archive: " + problem
                    + ". The bad copy was deleted; run again to download it afresh");
        }
        try {
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
        }
        markVerified(target);
        return target;
    }

    /** Appends the missing bytes to {@code part}, asking only for what is not there yet. */
    private void download(Path part, Listener listener) throws IOException {
        long have = Files.exists(part) ? Files.size(part) : 0;
        if (have > size) {
            Files.delete(part);
            have = 0;
        }
        if (have == size) {
            return;
        }
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(30))
                .build();
        HttpRequest.Builder request = HttpRequest.newBuilder(url).GET();
        if (have > 0) {
            request.header("Range", "bytes=" + have + "-");
        }
        listener.started(url, have, size);
        HttpResponse<InputStream> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        try (InputStream body = response.body()) {
            int status = response.statusCode();
            boolean append;
            if (status == 206 && have > 0) {
                String range = response.headers().firstValue("Content-Range").orElse("");
                if (!range.startsWith("bytes " + have + "-")) {
                    throw new IOException("the server answered range " + have + "- with '" + range + "'");
                }
                append = true;
            } else if (status == 200) {
                append = false; // the server ignored the range: start over
                have = 0;
            } else {
                throw new IOException("HTTP status " + status + " from " + url);
            }
            try (FileChannel out = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
                byte[] buffer = new byte[1 << 16];
                long reported = 0;
                for (int n = body.read(buffer); n >= 0; n = body.read(buffer)) {
                    ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
                    while (chunk.hasRemaining()) {
                        out.write(chunk);
                    }
                    have += n;
                    if (have > size) {
                        break;
                    }
                    if (have - reported >= (1 << 20) || have == size) {
                        listener.progress(have, size);
                        reported = have;
                    }
                }
            }
        }
        if (have < size) {
            throw new IOException("the connection ended after " + have + " of " + size + " bytes");
        }
    }

    /** Null when {@code file} has the expected size and sha256, else what is wrong with it. */
    private String problem(Path file) throws IOException {
        long actual = Files.size(file);
        if (actual != size) {
            return "size " + actual + " bytes, expected " + size;
        }
        String digest = sha256(file);
        if (!digest.equals(sha256)) {
            return "sha256 " + digest + ", expected " + sha256;
        }
        return null;
    }

    /** The sha256 of a file, in lower-case hex. */
    static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    // Hashing 84 MB on every load would cost a third of a second; a marker remembers a verified file by its
    // checksum, size and modification time, so any change to the file forces a new check.
    private boolean alreadyVerified(Path file) throws IOException {
        Path marker = marker();
        return Files.isRegularFile(marker) && Files.readString(marker).strip().equals(markerText(file));
    }

    private void markVerified(Path file) throws IOException {
        Path tmp = cacheDir.resolve(FILE_NAME + ".verified.tmp");
        Files.writeString(tmp, markerText(file) + "\n");
        Files.move(tmp, marker(), StandardCopyOption.REPLACE_EXISTING);
    }

    private String markerText(Path file) throws IOException {
        return sha256 + " " + Files.size(file) + " " + Files.getLastModifiedTime(file).toMillis();
    }

    // A refused or unresolvable connection often carries no message; its type is what tells the user.
    private static String describe(IOException e) {
        String what = e instanceof java.net.ConnectException || e instanceof java.net.UnknownHostException
                || e instanceof java.net.http.HttpConnectTimeoutException
                ? "no network connection to the server (" + e.getClass().getSimpleName() + ")"
                : e.getClass().getSimpleName();
        return e.getMessage() == null ? what : what + ": " + e.getMessage();
    }
}
