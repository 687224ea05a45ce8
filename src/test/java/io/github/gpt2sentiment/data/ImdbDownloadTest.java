package io.github.gpt2sentiment.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.gpt2sentiment.TestData;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cached, resumable, verified download, against a loopback HTTP server serving the reference archive. */
class ImdbDownloadTest {

    /** The reference archive's sha256, as published in ../shared/data/README.md. */
    private static final String SHA256 = "b4b469b42791cbe7be0fc313e20bc9cecf41bdc1ba2cee7b6ce2672a993a8c16";

    private static byte[] archive;

    @TempDir
    Path cache;

    private HttpServer server;
    private final List<String> ranges = new CopyOnWriteArrayList<>();
    /** What the server does: serve it all, honour ranges or not, drop the connection, or corrupt a byte. */
    private volatile boolean honourRange = true;
    private volatile long dropAfter = -1;
    private volatile boolean corrupt;

    @BeforeAll
    static void readArchive() throws IOException {
        archive = Files.readAllBytes(TestData.imdbArchive());
    }

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/aclImdb_v1.tar.gz", this::serve);
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private void serve(HttpExchange exchange) throws IOException {
        String range = exchange.getRequestHeaders().getFirst("Range");
        ranges.add(range == null ? "none" : range);
        long from = 0;
        if (range != null && honourRange) {
            from = Long.parseLong(range.substring("bytes=".length(), range.indexOf('-')));
            exchange.getResponseHeaders().add("Content-Range",
                    "bytes " + from + "-" + (archive.length - 1) + "/" + archive.length);
            exchange.sendResponseHeaders(206, archive.length - from);
        } else {
            exchange.sendResponseHeaders(200, archive.length);
        }
        long stop = dropAfter > from ? dropAfter : archive.length;
        dropAfter = -1; // only the first request breaks off
        try (OutputStream out = exchange.getResponseBody()) {
            byte[] body = archive;
            if (corrupt) {
                body = archive.clone();
                body[body.length / 2] ^= 1;
            }
            out.write(body, (int) from, (int) (stop - from));
            if (stop < archive.length) {
                exchange.close(); // the connection breaks off before the announced length
                return;
            }
        }
    }

    private ImdbDownload download() {
        URI url = URI.create("http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort()
                + "/aclImdb_v1.tar.gz");
        return new ImdbDownload(url, archive.length, SHA256, cache);
    }

    @Test
    void downloadsVerifiesAndThenReusesTheCachedCopy() throws IOException {
        Path file = download().fetch(ImdbDownload.Listener.SILENT);
        assertEquals(cache.resolve("aclImdb_v1.tar.gz"), file);
        assertArrayEquals(archive, Files.readAllBytes(file));
        assertFalse(Files.exists(cache.resolve("aclImdb_v1.tar.gz.part")));
        assertEquals(List.of("none"), ranges);

        assertEquals(file, download().fetch(ImdbDownload.Listener.SILENT));
        assertEquals(1, ranges.size(), "a verified cached copy needs no request");
    }

    @Test
    void resumesAPartialDownloadWithARangeRequest() throws IOException {
        Files.write(cache.resolve("aclImdb_v1.tar.gz.part"), java.util.Arrays.copyOf(archive, 10_000_000));
        Path file = download().fetch(ImdbDownload.Listener.SILENT);
        assertEquals(List.of("bytes=10000000-"), ranges);
        assertArrayEquals(archive, Files.readAllBytes(file));
    }

    @Test
    void resumesByItselfWhenTheConnectionBreaksOff() throws IOException {
        dropAfter = 5_000_000;
        Path file = download().fetch(ImdbDownload.Listener.SILENT);
        assertEquals(2, ranges.size(), ranges.toString());
        assertEquals("none", ranges.get(0));
        assertTrue(ranges.get(1).startsWith("bytes="), ranges.toString());
        assertTrue(Long.parseLong(ranges.get(1).replaceAll("\\D", "")) > 0, ranges.toString());
        assertArrayEquals(archive, Files.readAllBytes(file));
    }

    @Test
    void startsOverWhenTheServerIgnoresTheRange() throws IOException {
        honourRange = false;
        Files.write(cache.resolve("aclImdb_v1.tar.gz.part"), new byte[1234]);
        Path file = download().fetch(ImdbDownload.Listener.SILENT);
        assertEquals(List.of("bytes=1234-"), ranges);
        assertArrayEquals(archive, Files.readAllBytes(file));
    }

    @Test
    void aCorruptDownloadIsRejectedAndDeleted() {
        corrupt = true;
        DataException e = assertThrows(DataException.class, () -> download().fetch(ImdbDownload.Listener.SILENT));
        assertTrue(e.getMessage().contains("expected " + SHA256), e.getMessage());
        assertFalse(Files.exists(cache.resolve("aclImdb_v1.tar.gz")));
        assertFalse(Files.exists(cache.resolve("aclImdb_v1.tar.gz.part")));
    }

    @Test
    void aDamagedCachedCopyIsFetchedAgain() throws IOException {
        Path file = download().fetch(ImdbDownload.Listener.SILENT);
        byte[] damaged = archive.clone();
        damaged[100] ^= 1;
        Files.write(file, damaged);
        download().fetch(ImdbDownload.Listener.SILENT);
        assertEquals(2, ranges.size());
        assertArrayEquals(archive, Files.readAllBytes(file));
    }

    @Test
    void anUnreachableServerKeepsWhatArrivedAndSaysSo() throws IOException {
        Files.write(cache.resolve("aclImdb_v1.tar.gz.part"), new byte[100]);
        ImdbDownload nowhere = new ImdbDownload(URI.create("http://127.0.0.1:1/aclImdb_v1.tar.gz"), archive.length,
                SHA256, cache);
        var e = assertThrows(java.io.UncheckedIOException.class, () -> nowhere.fetch(ImdbDownload.Listener.SILENT));
        assertTrue(e.getMessage().contains("resumes"), e.getMessage());
        assertEquals(100, Files.size(cache.resolve("aclImdb_v1.tar.gz.part")));
    }
}
