package io.github.gpt2sentiment.hub;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A loopback stand-in for huggingface.co that answers {@code HEAD}/{@code GET /{repo}/resolve/{revision}/{file}}
 * with the hub's status codes and headers, as recorded from the live hub: small files answer with a relative 307 to
 * {@code /api/resolve-cache/...} (ETag = git blob sha1), LFS files with a 302 to a separate "CDN" listener (another
 * port, so a different origin) carrying {@code X-Linked-Etag} (sha256) and {@code X-Linked-Size}; errors carry
 * {@code X-Error-Code}/{@code X-Error-Message}; Range requests get 206. Faults can be injected: a body cut off
 * mid-file, a body that stalls mid-file, a corrupted body.
 *
 * <p>Also runnable ({@code java -cp ... FakeHub REPO_ID COMMIT FOLDER}) for the Python cross-check in
 * {@code reference/hub_interop.py}.
 */
final class FakeHub implements AutoCloseable {

    /** One file of a repository; {@code lfs} files are served through the CDN with a sha256 ETag. */
    record RepoFile(byte[] content, boolean lfs) {
        String etag() {
            return lfs ? hex("SHA-256", null, content) : hex("SHA-1", "blob " + content.length + "\0", content);
        }
    }

    private record Repo(Map<String, String> branches, Map<String, Map<String, RepoFile>> commits,
            Optional<String> token, boolean gated) {}

    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");

    private final HttpServer hub;
    private final HttpServer cdn;
    private final Map<String, Repo> repos = new ConcurrentHashMap<>();
    private final Map<String, Long> cutAfter = new ConcurrentHashMap<>();
    private final Map<String, Long> stallAfter = new ConcurrentHashMap<>();
    private final Map<String, Map.Entry<Integer, Duration>> trickle = new ConcurrentHashMap<>();
    private final Map<String, Boolean> corrupt = new ConcurrentHashMap<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    // A stalled answer must not hold up the next request: one thread per exchange.
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());

    private FakeHub() throws IOException {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        hub = HttpServer.create(new InetSocketAddress(loopback, 0), 0);
        cdn = HttpServer.create(new InetSocketAddress(loopback, 0), 0);
        hub.setExecutor(threads);
        cdn.setExecutor(threads);
        hub.createContext("/", exchange -> handle(exchange, this::hub));
        cdn.createContext("/", exchange -> handle(exchange, this::cdn));
        hub.start();
        cdn.start();
    }

    static FakeHub start() throws IOException {
        return new FakeHub();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + hub.getAddress().getPort());
    }

    /** Adds a public repository whose branch {@code main} points at {@code commit}. */
    FakeHub addRepo(String repoId, String commit, Map<String, RepoFile> files) {
        return addRepo(repoId, commit, files, Optional.empty(), false);
    }

    /** Adds a repository that needs {@code token}; a gated one answers GatedRepo instead of hiding itself. */
    FakeHub addRepo(String repoId, String commit, Map<String, RepoFile> files, Optional<String> token, boolean gated) {
        Map<String, String> branches = new ConcurrentHashMap<>(Map.of("main", commit));
        Map<String, Map<String, RepoFile>> commits = new ConcurrentHashMap<>(Map.of(commit, Map.copyOf(files)));
        repos.put(repoId, new Repo(branches, commits, token, gated));
        return this;
    }

    /** Moves a branch to a new commit holding {@code files}. */
    void push(String repoId, String branch, String commit, Map<String, RepoFile> files) {
        Repo repo = repos.get(repoId);
        repo.commits().put(commit, Map.copyOf(files));
        repo.branches().put(branch, commit);
    }

    /** The next GET of the blob with this ETag sends only {@code bytes} bytes of the body, then drops. */
    void cutNextDownloadAfter(String etag, long bytes) {
        cutAfter.put(etag, bytes);
    }

    /** The next GET of the blob with this ETag sends only {@code bytes} bytes of the body, then sends nothing more. */
    void stallNextDownloadAfter(String etag, long bytes) {
        stallAfter.put(etag, bytes);
    }

    /** The next GET of the blob with this ETag sends the body in {@code pieces} pieces, {@code pause} apart. */
    void trickleNextDownload(String etag, int pieces, Duration pause) {
        trickle.put(etag, Map.entry(pieces, pause));
    }

    /** Every GET of the blob with this ETag has one byte flipped. */
    void corrupt(String etag) {
        corrupt.put(etag, true);
    }

    /** Requests seen so far, as "METHOD path" plus " Range=..." and " auth" when present. */
    List<String> requests() {
        synchronized (log) {
            return List.copyOf(log);
        }
    }

    void clearRequests() {
        log.clear();
    }

    @Override
    public void close() {
        closed.countDown();
        hub.stop(0);
        cdn.stop(0);
        threads.shutdownNow();
    }

    private interface Handler {
        void handle(HttpExchange exchange) throws IOException;
    }

    private void handle(HttpExchange exchange, Handler handler) throws IOException {
        Headers in = exchange.getRequestHeaders();
        String range = in.getFirst("Range");
        log.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath()
                + (range == null ? "" : " Range=" + range) + (in.containsKey("Authorization") ? " auth" : ""));
        // Closed only on success: an exception out of a handler makes the server drop the connection.
        handler.handle(exchange);
        exchange.close();
    }

    // /{repo}/resolve/{revision}/{file} and the hub's own /api/resolve-cache/models/{repo}/{commit}/{file}.
    private void hub(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        if (path.startsWith("/api/resolve-cache/models/")) {
            String rest = path.substring("/api/resolve-cache/models/".length());
            for (Map.Entry<String, Repo> repo : repos.entrySet()) {
                String prefix = repo.getKey() + "/";
                if (rest.startsWith(prefix)) {
                    String[] commitAndFile = rest.substring(prefix.length()).split("/", 2);
                    RepoFile file = repo.getValue().commits().getOrDefault(commitAndFile[0], Map.of())
                            .get(decode(commitAndFile[1]));
                    if (file != null) {
                        exchange.getResponseHeaders().set("X-Repo-Commit", commitAndFile[0]);
                        exchange.getResponseHeaders().set("ETag", "\"" + file.etag() + "\"");
                        serveBytes(exchange, file);
                        return;
                    }
                }
            }
            error(exchange, 404, "EntryNotFound", "Entry not found", null);
            return;
        }
        int at = path.indexOf("/resolve/");
        if (at < 0) {
            error(exchange, 404, null, "Not found", null);
            return;
        }
        String repoId = path.substring(1, at);
        String[] revisionAndFile = path.substring(at + "/resolve/".length()).split("/", 2);
        String revision = decode(revisionAndFile[0]);
        String filename = decode(revisionAndFile[1]);
        Repo repo = repos.get(repoId);
        Optional<String> auth = Optional.ofNullable(exchange.getRequestHeaders().getFirst("Authorization"));
        if (auth.isPresent() && !auth.get().equals("Bearer hf_valid")
                && (repo == null || !auth.equals(repo.token().map(t -> "Bearer " + t)))) {
            error(exchange, 401, null, "Invalid credentials in Authorization header", null);
            return;
        }
        boolean allowed = repo != null && (repo.token().isEmpty() || auth.equals(repo.token().map(t -> "Bearer " + t)));
        if (repo != null && repo.gated() && !allowed) {
            error(exchange, auth.isPresent() ? 403 : 401, "GatedRepo", "Access to model " + repoId + " is restricted."
                    + " You must have access to it and be authenticated to access it. Please log in.", null);
            return;
        }
        if (!allowed) {
            // The live hub answers 401 without X-Error-Code to anonymous callers, 404 RepoNotFound otherwise.
            if (auth.isEmpty()) {
                error(exchange, 401, null, "Invalid username or password.", null);
            } else {
                error(exchange, 404, "RepoNotFound", "Repository not found", null);
            }
            return;
        }
        String commit = repo.branches().getOrDefault(revision, repo.commits().containsKey(revision) ? revision : null);
        if (commit == null) {
            error(exchange, 404, "RevisionNotFound", "Invalid rev id: " + revision, null);
            return;
        }
        RepoFile file = repo.commits().get(commit).get(filename);
        if (file == null) {
            error(exchange, 404, "EntryNotFound", "Entry not found", commit);
            return;
        }
        Headers out = exchange.getResponseHeaders();
        out.set("X-Repo-Commit", commit);
        out.set("X-Linked-Etag", "\"" + file.etag() + "\"");
        out.set("Accept-Ranges", "bytes");
        if (file.lfs()) {
            out.set("X-Linked-Size", Long.toString(file.content().length));
            out.set("Location", "http://127.0.0.1:" + cdn.getAddress().getPort() + "/cdn/" + file.etag()
                    + "?Signature=fake&Expires=9999999999");
            send(exchange, 302, "Found. Redirecting to the CDN".getBytes(StandardCharsets.UTF_8));
        } else {
            out.set("Location", "/api/resolve-cache/models/" + repoId + "/" + commit + "/"
                    + URLEncoder.encode(filename, StandardCharsets.UTF_8).replace("%2F", "/") + "?etag=%22"
                    + file.etag() + "%22");
            send(exchange, 307, new byte[0]);
        }
    }

    // The CDN serves blobs by content hash and ignores (must never need) the hub token.
    private void cdn(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        String etag = path.substring(path.lastIndexOf('/') + 1);
        Optional<RepoFile> file = repos.values().stream()
                .flatMap(repo -> repo.commits().values().stream())
                .flatMap(files -> files.values().stream())
                .filter(f -> f.etag().equals(etag))
                .findFirst();
        if (file.isEmpty()) {
            send(exchange, 404, "NoSuchKey".getBytes(StandardCharsets.UTF_8));
            return;
        }
        exchange.getResponseHeaders().set("ETag", "\"cdn-" + etag.substring(0, 16) + "\"");
        serveBytes(exchange, file.get());
    }

    private void serveBytes(HttpExchange exchange, RepoFile file) throws IOException {
        byte[] content = file.content();
        String etag = file.etag();
        long from = 0;
        String range = exchange.getRequestHeaders().getFirst("Range");
        Headers out = exchange.getResponseHeaders();
        out.set("Accept-Ranges", "bytes");
        out.set("Content-Type", "application/octet-stream");
        int status = 200;
        if (range != null) {
            Matcher m = RANGE.matcher(range);
            if (!m.matches()) {
                send(exchange, 400, new byte[0]);
                return;
            }
            from = Long.parseLong(m.group(1));
            if (from >= content.length) {
                out.set("Content-Range", "bytes */" + content.length);
                send(exchange, 416, new byte[0]);
                return;
            }
            out.set("Content-Range", "bytes " + from + "-" + (content.length - 1) + "/" + content.length);
            status = 206;
        }
        int start = (int) from;
        int length = content.length - start;
        byte[] body = content;
        if (corrupt.containsKey(etag) && length > 0) {
            body = content.clone();
            body[start + length / 2] ^= 0x5a;
        }
        if (exchange.getRequestMethod().equals("HEAD")) {
            out.set("Content-Length", Long.toString(length));
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        Long cut = cutAfter.remove(etag);
        Long stall = stallAfter.remove(etag);
        exchange.sendResponseHeaders(status, length);
        OutputStream stream = exchange.getResponseBody();
        if (stall != null && stall < length) {
            stream.write(body, start, (int) (long) stall);
            stream.flush();
            try {
                closed.await(); // the connection stays open and silent: only the client's timeout can end it
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IOException("fault injected: stalled after " + stall + " bytes");
        }
        Map.Entry<Integer, Duration> slow = trickle.remove(etag);
        if (slow != null) {
            int pieces = slow.getKey();
            for (int i = 0; i < pieces; i++) {
                int first = start + (int) ((long) length * i / pieces);
                int end = start + (int) ((long) length * (i + 1) / pieces);
                stream.write(body, first, end - first);
                stream.flush();
                sleep(slow.getValue());
            }
            return;
        }
        if (cut != null && cut < length) {
            stream.write(body, start, (int) (long) cut);
            stream.flush();
            // Throwing out of the handler makes the server drop the connection mid-body.
            throw new IOException("fault injected: connection dropped after " + cut + " bytes");
        }
        stream.write(body, start, length);
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void error(HttpExchange exchange, int status, String code, String message, String commit)
            throws IOException {
        Headers out = exchange.getResponseHeaders();
        if (code != null) {
            out.set("X-Error-Code", code);
        }
        out.set("X-Error-Message", message);
        if (commit != null) {
            out.set("X-Repo-Commit", commit);
        }
        send(exchange, status, message.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        if (exchange.getRequestMethod().equals("HEAD") || body.length == 0) {
            if (body.length > 0) {
                exchange.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
            }
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    private static String decode(String segment) {
        return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    static String hex(String algorithm, String header, byte[] content) {
        try {
            MessageDigest md = MessageDigest.getInstance(algorithm);
            if (header != null) {
                md.update(header.getBytes(StandardCharsets.US_ASCII));
            }
            return HexFormat.of().formatHex(md.digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Serves one folder as repository {@code REPO_ID} at commit {@code COMMIT} (branch main) until killed, printing
     * the endpoint; {@code *.safetensors} and {@code *.bin} files are LFS files.
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: FakeHub REPO_ID COMMIT FOLDER");
            System.exit(2);
        }
        Map<String, RepoFile> files = new LinkedHashMap<>();
        Path folder = Path.of(args[2]);
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path p : paths.filter(Files::isRegularFile).toList()) {
                String name = folder.relativize(p).toString().replace('\\', '/');
                files.put(name, new RepoFile(Files.readAllBytes(p),
                        name.endsWith(".safetensors") || name.endsWith(".bin")));
            }
        }
        FakeHub fake = FakeHub.start().addRepo(args[0], args[1], files);
        System.out.println(fake.endpoint());
        System.out.flush();
        Thread.currentThread().join();
    }
}
