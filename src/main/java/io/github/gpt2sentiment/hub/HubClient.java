package io.github.gpt2sentiment.hub;

import io.github.gpt2sentiment.hub.HubException.Kind;
import io.github.gpt2sentiment.progress.ProgressBars;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import me.tongfei.progressbar.ProgressBar;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads files of Hugging Face hub model repositories into the cache Python's {@code huggingface_hub} uses,
 * the way {@code hf_hub_download} does: a HEAD request on {@code /{repo}/resolve/{revision}/{file}} tells the
 * commit, the ETag and the size; the bytes go to {@code blobs/<etag>.incomplete}, resuming with a Range request
 * after a dropped connection; the size and hash are checked before the blob is renamed into place and linked from
 * {@code snapshots/<commit>/<file>}. As in Python, the HEAD waits up to {@code HF_HUB_ETAG_TIMEOUT} seconds and
 * a download gives up after {@code HF_HUB_DOWNLOAD_TIMEOUT} seconds without a byte (both 10 by default), requests
 * go through the proxies {@code HTTPS_PROXY}/{@code HTTP_PROXY}/{@code NO_PROXY} name, and a blob is fetched only
 * under the {@code flock} on {@code .locks/models--owner--name/<etag>.lock} that {@code huggingface_hub} also takes.
 *
 * <p>Usage: {@code Path config = new HubClient(HubSettings.fromEnvironment()).download("gpt2", "main", "config.json");}
 *
 * <p>Most callers want {@link ModelSource#resolve(String, String)}, which fetches everything a checkpoint needs.
 */
public final class HubClient {

    private static final Logger LOG = LoggerFactory.getLogger(HubClient.class);
    private static final String USER_AGENT = "gpt2-sentiment/0.1.0; java/" + Runtime.version().feature();
    private static final int MAX_REDIRECTS = 10;
    private static final long PROGRESS_BAR_MIN_BYTES = 10L << 20;
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern GIT_SHA1 = Pattern.compile("[0-9a-f]{40}");
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");

    private final HubSettings settings;
    private final HubCache cache;
    private final HttpClient http;

    public HubClient(HubSettings settings) {
        this.settings = settings;
        this.cache = new HubCache(settings.cacheDir());
        // Redirects are followed by hand: the token must not travel to the CDN a large file is served from.
        Duration connect = settings.etagTimeout().compareTo(settings.downloadTimeout()) > 0 ? settings.etagTimeout()
                : settings.downloadTimeout();
        this.http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(connect)
                .proxy(settings.proxies())
                .build();
    }

    public HubSettings settings() {
        return settings;
    }

    public HubCache cache() {
        return cache;
    }

    /** The same client, but serving only from the cache. */
    public HubClient offline() {
        return settings.offline() ? this : new HubClient(settings.withOffline(true));
    }

    /**
     * What the hub says about one file at one revision.
     *
     * @param commit the full commit hash the revision resolved to ({@code X-Repo-Commit})
     * @param etag the file's id ({@code X-Linked-Etag} or {@code ETag}): sha256 of the content for LFS files, git
     *     blob sha1 otherwise
     * @param size the file's size in bytes ({@code X-Linked-Size} or {@code Content-Length})
     * @param location where to GET the bytes (a CDN for LFS files)
     */
    public record FileMetadata(String commit, String etag, long size, URI location) {}

    /**
     * Asks the hub about a file without downloading it, and records what it learns in the cache the way
     * {@code huggingface_hub} does: {@code refs/<revision>} on success, a {@code .no_exist} marker when the file is
     * missing.
     *
     * @throws HubException with the reason (repository, revision or file not found, token, network)
     */
    public FileMetadata metadata(String repoId, String revision, String filename) {
        HubCache.Repo repo = cache.repo(repoId);
        HubCache.checkRevision(revision);
        HubCache.checkFilename(filename);
        if (settings.offline()) {
            throw offlineNotCached(repoId, revision, filename);
        }
        URI url = resolveUrl(repoId, revision, filename);
        for (int hop = 0; hop < MAX_REDIRECTS; hop++) {
            HttpResponse<Void> response = send(request(url, "HEAD", true).timeout(settings.etagTimeout()).build(),
                    HttpResponse.BodyHandlers.discarding());
            HttpHeaders headers = response.headers();
            int status = response.statusCode();
            Optional<URI> redirect = redirectTarget(url, response);
            if (redirect.isPresent() && sameOrigin(redirect.get(), url)) {
                url = redirect.get(); // a renamed repository, or the hub's own resolve cache for small files
                continue;
            }
            if (redirect.isEmpty() && (status < 200 || status >= 300)) {
                HubException error = httpError(status, headers, repoId, revision, filename, url);
                Optional<String> commit = headers.firstValue("X-Repo-Commit").filter(HubCache::isCommitHash);
                if (error.kind() == Kind.ENTRY_NOT_FOUND && commit.isPresent()) {
                    remember(() -> {
                        repo.markMissing(commit.get(), filename);
                        repo.writeRef(revision, commit.get());
                    });
                }
                throw error;
            }
            FileMetadata meta = metadataOf(headers, redirect.orElse(url), redirect.isPresent(), repoId, filename);
            remember(() -> repo.writeRef(revision, meta.commit()));
            return meta;
        }
        throw new HubException(Kind.SERVER_ERROR, "Too many redirects asking " + settings.endpoint() + " about "
                + filename + " in " + repoId + " (last: " + url + ")");
    }

    /**
     * The path of a file in the cache's {@code snapshots/<commit>/} folder, downloading it first when needed.
     * A commit-hash revision already cached costs no request; a branch or tag costs one HEAD request to learn
     * its current commit (as in Python). When the hub cannot be reached, or refuses access, a cached copy of the
     * revision is used with a warning. Offline ({@code HF_HUB_OFFLINE}) only the cache is used.
     *
     * @throws HubException with the reason and what to do about it; nothing unverified is ever left in a snapshot
     */
    public Path download(String repoId, String revision, String filename) {
        HubCache.Repo repo = cache.repo(repoId);
        HubCache.checkRevision(revision);
        HubCache.checkFilename(filename);
        if (HubCache.isCommitHash(revision) || settings.offline()) {
            Optional<Path> cached = repo.cachedFile(revision, filename);
            if (cached.isPresent()) {
                return cached.get();
            }
            if (repo.isKnownMissing(revision, filename)) {
                throw new HubException(Kind.ENTRY_NOT_FOUND, "File " + filename + " does not exist in " + repoId
                        + " at revision " + revision + " (recorded in " + repo.folder().resolve(".no_exist") + ")");
            }
            if (settings.offline()) {
                throw offlineNotCached(repoId, revision, filename);
            }
        }
        FileMetadata meta;
        try {
            meta = metadata(repoId, revision, filename);
        } catch (HubException e) {
            Optional<Path> cached = e.cacheMayServe() ? repo.cachedFile(revision, filename) : Optional.empty();
            if (cached.isEmpty()) {
                throw e;
            }
            LOG.warn("{}\nUsing the cached copy {}", e.getMessage(), cached.get());
            return cached.get();
        }
        Path pointer = repo.snapshotFile(meta.commit(), filename);
        if (Files.exists(pointer)) {
            return pointer;
        }
        // As in huggingface_hub, one lock (the file Python locks too) covers the download and the link: whoever
        // comes second, Java or Python, waits and then finds the blob in place.
        try (CacheLock lock = CacheLock.acquire(repo.lock(meta.etag()))) {
            Path blob = repo.blob(meta.etag());
            if (!Files.exists(blob)) {
                fetch(repo, meta, filename);
            }
            repo.link(pointer, blob);
        } catch (IOException e) {
            throw new HubException(Kind.CACHE_ERROR, "Cannot write " + filename + " of " + repoId + " into the cache "
                    + cache.root() + ": " + e + ". Free some space, fix the permissions, or point HF_HUB_CACHE"
                    + " elsewhere", e);
        }
        return pointer;
    }

    // Called holding the blob's lock.
    private void fetch(HubCache.Repo repo, FileMetadata meta, String filename) throws IOException {
        Path blob = repo.blob(meta.etag());
        Path incomplete = repo.incomplete(meta.etag());
        Files.createDirectories(blob.getParent());
        long have = Files.exists(incomplete) ? Files.size(incomplete) : 0;
        long free = Files.getFileStore(blob.getParent()).getUsableSpace();
        if (free < meta.size() - have) {
            throw new HubException(Kind.CACHE_ERROR, String.format(Locale.ROOT,
                    "Not enough disk space for %s of %s: it needs %,d MB more but %s has %,d MB free. Free some"
                            + " space or point HF_HUB_CACHE at a larger disk",
                    filename, repo.repoId(), (meta.size() - have) >> 20, blob.getParent(), free >> 20));
        }
        transfer(repo, meta, filename, incomplete);
        verify(incomplete, meta, repo.repoId(), filename);
        Files.move(incomplete, blob, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    // Downloads into the .incomplete file until it holds the whole file, resuming after dropped connections.
    private void transfer(HubCache.Repo repo, FileMetadata meta, String filename, Path incomplete)
            throws IOException {
        long have = Files.exists(incomplete) ? Files.size(incomplete) : 0;
        if (have > meta.size()) {
            Files.delete(incomplete); // not a prefix of this file
            have = 0;
        }
        int failuresLeft = settings.retries();
        try (ProgressBar bar = progressBar(filename, meta.size(), have)) {
            while (have < meta.size()) {
                long before = have;
                IOException dropped = getOnce(repo.repoId(), meta, filename, incomplete, have, bar);
                have = Files.exists(incomplete) ? Files.size(incomplete) : 0;
                if (dropped == null && have < meta.size()) {
                    dropped = new EOFException("the server ended the file early");
                }
                if (dropped == null) {
                    return;
                }
                if (have > before) {
                    failuresLeft = settings.retries(); // progress was made: the network works, keep going
                }
                if (failuresLeft-- <= 0) {
                    throw new HubException(Kind.INTERRUPTED, String.format(Locale.ROOT,
                            "Download of %s from %s was cut off after %,d of %,d bytes (%s). Run the same command"
                                    + " again to resume from there; the partial file is kept at %s",
                            filename, repo.repoId(), have, meta.size(), describe(dropped), incomplete), dropped);
                }
                LOG.warn("Connection lost while downloading {} ({} of {} bytes: {}); resuming", filename, have,
                        meta.size(), describe(dropped));
                sleep(Duration.ofSeconds(1));
            }
        }
    }

    /**
     * One GET of the rest of the file, appended to the .incomplete file. Returns the network error that cut it
     * short, or null when the body ended normally; local write errors are thrown.
     */
    private IOException getOnce(String repoId, FileMetadata meta, String filename, Path incomplete, long have,
            ProgressBar bar) throws IOException {
        URI url = meta.location();
        for (int hop = 0; hop < MAX_REDIRECTS; hop++) {
            // The token is for the hub only; a CDN URL carries its own signature.
            HttpRequest.Builder request = request(url, "GET", sameOrigin(url, settings.endpoint()));
            if (have > 0) {
                request.header("Range", "bytes=" + have + "-");
            }
            // The wait for the headers is bounded here and each wait for more bytes by TimedBody, rather than with
            // HttpRequest.timeout, so that nothing puts a deadline on the whole file: a large one may take minutes,
            // and only a silence longer than the timeout should end it (as with requests' read timeout).
            Duration timeout = settings.downloadTimeout();
            CompletableFuture<HttpResponse<InputStream>> pending =
                    http.sendAsync(request.build(), TimedBody.handler(timeout, "HF_HUB_DOWNLOAD_TIMEOUT"));
            HttpResponse<InputStream> response;
            try {
                response = pending.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                pending.cancel(true);
                return new HttpTimeoutException("no answer within " + TimedBody.seconds(timeout)
                        + " s, HF_HUB_DOWNLOAD_TIMEOUT");
            } catch (ExecutionException e) {
                if (e.getCause() instanceof IOException io) {
                    return io;
                }
                throw new IllegalStateException("HttpClient failed unexpectedly", e.getCause());
            } catch (InterruptedException e) {
                pending.cancel(true);
                throw interrupted(e);
            }
            int status = response.statusCode();
            Optional<URI> redirect = redirectTarget(url, response);
            if (redirect.isPresent()) {
                response.body().close();
                url = redirect.get();
                continue;
            }
            boolean append;
            if (status == 206) {
                String range = response.headers().firstValue("Content-Range").orElse("");
                Matcher m = CONTENT_RANGE.matcher(range);
                if (!m.matches() || Long.parseLong(m.group(1)) != have) {
                    response.body().close();
                    throw new HubException(Kind.SERVER_ERROR, "Asked " + url.getHost() + " for " + filename
                            + " from byte " + have + " but got Content-Range '" + range + "'");
                }
                append = true;
            } else if (status == 200) {
                append = false; // the server ignored the Range header: start over rather than corrupt the file
            } else if (status == 416) {
                response.body().close();
                Files.deleteIfExists(incomplete); // the partial file does not fit this blob: restart it
                return new IOException("416 Range Not Satisfiable for bytes=" + have + "-");
            } else {
                response.body().close();
                throw httpError(status, response.headers(), repoId, meta.commit(), filename, url);
            }
            return copy(response.body(), incomplete, append, bar);
        }
        throw new HubException(Kind.SERVER_ERROR, "Too many redirects downloading " + filename + " of " + repoId);
    }

    private static IOException copy(InputStream body, Path target, boolean append, ProgressBar bar)
            throws IOException {
        StandardOpenOption mode = append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING;
        try (InputStream in = body;
                OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        mode)) {
            long written = append ? Files.size(target) : 0;
            byte[] buffer = new byte[1 << 16];
            while (true) {
                int n;
                try {
                    n = in.read(buffer);
                } catch (IOException e) {
                    out.flush();
                    return e; // the network failed; what arrived so far stays for the resume
                }
                if (n < 0) {
                    return null;
                }
                out.write(buffer, 0, n);
                written += n;
                if (bar != null) {
                    bar.stepTo(written);
                }
            }
        }
    }

    // The hub's ETag is the content's sha256 for LFS files and its git blob sha1 otherwise: both are checked.
    private static void verify(Path file, FileMetadata meta, String repoId, String filename) throws IOException {
        long size = Files.size(file);
        String problem = null;
        if (size != meta.size()) {
            problem = String.format(Locale.ROOT, "%,d bytes arrived but the hub announced %,d", size, meta.size());
        } else {
            String expected = meta.etag();
            String actual = SHA256.matcher(expected).matches() ? digest(file, "SHA-256", null)
                    : GIT_SHA1.matcher(expected).matches() ? digest(file, "SHA-1", "blob " + size + "\0")
                    : expected; // an ETag that is no content hash (some mirrors): the size is all we can check
            if (!actual.equals(expected)) {
                problem = (expected.length() == 64 ? "sha256 " : "git sha1 ") + actual
                        + " differs from the hub's ETag " + expected;
            }
        }
        if (problem != null) {
            Files.delete(file);
            throw new HubException(Kind.CORRUPT_DOWNLOAD, "Downloaded " + filename + " of " + repoId + " is corrupt: "
                    + problem + ". It was deleted and nothing was added to the cache; run the same command again"
                    + " (if it keeps happening, a proxy may be altering downloads)");
        }
    }

    private static String digest(Path file, String algorithm, String gitHeader) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is part of every JDK", e);
        }
        if (gitHeader != null) {
            md.update(gitHeader.getBytes(StandardCharsets.US_ASCII));
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 20];
            for (int n; (n = in.read(buffer)) > 0; ) {
                md.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private ProgressBar progressBar(String filename, long size, long have) {
        if (!settings.progressBars() || size < PROGRESS_BAR_MIN_BYTES) {
            return null;
        }
        return ProgressBars.builder(filename, size, "MiB", 1L << 20, System.err).showSpeed()
                .startsFrom(have, Duration.ZERO).build();
    }

    private FileMetadata metadataOf(HttpHeaders headers, URI location, boolean redirected, String repoId,
            String filename) {
        Optional<String> commit = headers.firstValue("X-Repo-Commit").map(String::strip);
        Optional<String> etag = headers.firstValue("X-Linked-Etag").or(() -> headers.firstValue("ETag"))
                .map(HubClient::normalizeEtag).filter(e -> !e.isEmpty());
        // A redirect's own Content-Length is the length of its little body, not of the file.
        OptionalLong size = parseLong(headers.firstValue("X-Linked-Size")
                .or(() -> redirected ? Optional.empty() : headers.firstValue("Content-Length")));
        String missing = commit.isEmpty() ? "X-Repo-Commit" : etag.isEmpty() ? "ETag" : size.isEmpty() ? "a size" : null;
        if (missing != null) {
            throw new HubException(Kind.SERVER_ERROR, "The answer about " + filename + " of " + repoId + " from "
                    + settings.endpoint() + " has no " + missing + " header, so it does not come from a Hugging Face"
                    + " hub: check HF_ENDPOINT and any proxy or firewall in between");
        }
        if (!HubCache.isCommitHash(commit.get())) {
            throw new HubException(Kind.SERVER_ERROR, "The hub sent X-Repo-Commit '" + commit.get() + "' for "
                    + filename + " of " + repoId + ", which is not a commit hash");
        }
        String id = etag.get();
        if (!id.matches("[A-Za-z0-9._-]+")) {
            throw new HubException(Kind.SERVER_ERROR, "The hub sent ETag '" + id + "' for " + filename + " of "
                    + repoId + ", which cannot name a cache file");
        }
        return new FileMetadata(commit.get(), id, size.getAsLong(), location);
    }

    // huggingface_hub strips a weak marker and the quotes: W/"abc" and "abc" both name blob abc.
    static String normalizeEtag(String etag) {
        String e = etag.strip();
        if (e.startsWith("W/")) {
            e = e.substring(2);
        }
        return e.replaceAll("^\"+|\"+$", "");
    }

    private HubException httpError(int status, HttpHeaders headers, String repoId, String revision, String filename,
            URI url) {
        String code = headers.firstValue("X-Error-Code").orElse("");
        String message = headers.firstValue("X-Error-Message").orElse("");
        String page = settings.endpoint() + "/" + repoId;
        String tokenState = settings.token().isPresent() ? "the token sent (HF_TOKEN or the token file) has no access"
                : "no token was sent: set HF_TOKEN or run `huggingface-cli login`";
        String detail = " (HTTP " + status + (message.isEmpty() ? "" : ": " + message) + ")";
        if (code.equals("RevisionNotFound")) {
            return new HubException(Kind.REVISION_NOT_FOUND, "Revision '" + revision + "' not found in " + repoId
                    + detail + ". Use a branch, tag or commit hash listed at " + page + "/commits/main");
        }
        if (code.equals("EntryNotFound") || (status == 404 && code.isEmpty())) {
            return new HubException(Kind.ENTRY_NOT_FOUND, "File " + filename + " not found in " + repoId
                    + " at revision " + revision + detail + ". The repository's files are listed at " + page
                    + "/tree/" + revision);
        }
        if (code.equals("GatedRepo")) {
            return new HubException(Kind.GATED, repoId + " is a gated repository" + detail + ": accept its conditions"
                    + " at " + page + " while logged in, then use a token of that account; " + tokenState);
        }
        if (status == 401 && message.equals("Invalid credentials in Authorization header")) {
            return new HubException(Kind.INVALID_TOKEN, "The hub rejected the token from HF_TOKEN or the token file"
                    + detail + ". Create a new read token at " + settings.endpoint() + "/settings/tokens");
        }
        if (code.equals("RepoNotFound") || status == 401) {
            return new HubException(Kind.REPO_NOT_FOUND, "Repository " + repoId + " not found on "
                    + settings.endpoint() + detail + ". Check the id (for example 'openai-community/gpt2'); if it is"
                    + " private or gated, " + tokenState);
        }
        if (status == 403) {
            return new HubException(Kind.FORBIDDEN, "Access to " + repoId + " refused" + detail + ": "
                    + tokenState + ", or give the token read permission at " + settings.endpoint()
                    + "/settings/tokens");
        }
        String hint = status == 429 ? ": too many requests, wait a minute and retry"
                : status >= 500 ? ": the hub has a problem, retry later or set HF_HUB_OFFLINE=1 to use the cache"
                : "";
        return new HubException(Kind.SERVER_ERROR, "Unexpected answer about " + filename + " of " + repoId + " from "
                + url + detail + hint);
    }

    private HubException offlineNotCached(String repoId, String revision, String filename) {
        return new HubException(Kind.OFFLINE_NOT_CACHED, "Offline (HF_HUB_OFFLINE is set) and " + filename + " of "
                + repoId + " at revision " + revision + " is not in the cache " + cache.root() + ". Download it once"
                + " with network access, for example `java -jar target/gpt2-sentiment.jar download --model " + repoId
                + (revision.equals("main") ? "" : " --revision " + revision) + "` (or Python's `huggingface-cli"
                + " download " + repoId + "`) with HF_HUB_OFFLINE unset, or pass a local checkpoint folder instead");
    }

    private URI resolveUrl(String repoId, String revision, String filename) {
        // The revision is one path segment ("refs/pr/1" becomes refs%2Fpr%2F1); the file keeps its slashes.
        return URI.create(settings.endpoint() + "/" + repoId + "/resolve/" + encode(revision, false) + "/"
                + encode(filename, true));
    }

    private static String encode(String text, boolean keepSlashes) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0
                    || (keepSlashes && c == '/')) {
                out.append((char) c);
            } else {
                out.append('%').append(String.format(Locale.ROOT, "%02X", c));
            }
        }
        return out.toString();
    }

    private HttpRequest.Builder request(URI url, String method, boolean withToken) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(url)
                .method(method, HttpRequest.BodyPublishers.noBody())
                .header("User-Agent", USER_AGENT)
                // Compression would hide the real size and break Range offsets.
                .header("Accept-Encoding", "identity");
        if (withToken) {
            settings.token().ifPresent(token -> builder.header("Authorization", "Bearer " + token));
        }
        return builder;
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(request, handler);
        } catch (IOException e) {
            String reason = e instanceof HttpTimeoutException
                    ? "no answer within " + TimedBody.seconds(request.timeout().orElseThrow())
                            + " s, HF_HUB_ETAG_TIMEOUT"
                    : describe(e);
            Optional<EnvProxySelector.Source> proxy = settings.proxies() instanceof EnvProxySelector env
                    ? env.sourceFor(request.uri()) : Optional.empty();
            String route = proxy.map(p -> " through the proxy " + p.url() + " (" + p.variable() + ")").orElse("");
            String check = proxy.isPresent() ? "Check that proxy, NO_PROXY"
                    : "Check the network, a proxy (HTTPS_PROXY)";
            throw new HubException(Kind.NO_NETWORK, "Cannot reach " + settings.endpoint() + route + " (" + reason
                    + "). " + check + " or HF_ENDPOINT; to use only models already in the cache set"
                    + " HF_HUB_OFFLINE=1, or pass a local checkpoint folder instead of a hub id", e);
        } catch (InterruptedException e) {
            throw interrupted(e);
        }
    }

    private static Optional<URI> redirectTarget(URI from, HttpResponse<?> response) {
        int status = response.statusCode();
        if (status < 300 || status >= 400 || status == 304) {
            return Optional.empty();
        }
        return response.headers().firstValue("Location").map(location -> {
            try {
                return from.resolve(location);
            } catch (IllegalArgumentException e) {
                throw new HubException(Kind.SERVER_ERROR, "The hub redirected " + from + " to an invalid URL '"
                        + location + "'", e);
            }
        });
    }

    private static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost().equalsIgnoreCase(b.getHost())
                && port(a) == port(b);
    }

    private static int port(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
    }

    private static OptionalLong parseLong(Optional<String> value) {
        try {
            return value.isPresent() ? OptionalLong.of(Long.parseLong(value.get().strip())) : OptionalLong.empty();
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    // "ConnectException: ClosedChannelException" rather than the same words once per wrapping layer.
    private static String describe(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null && t != t.getCause(); t = t.getCause()) {
            String part = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            if (text.indexOf(part) < 0) {
                text.append(text.length() > 0 ? ": " : "").append(part);
            }
        }
        return text.toString();
    }

    private static HubException interrupted(InterruptedException e) {
        Thread.currentThread().interrupt();
        return new HubException(Kind.INTERRUPTED, "Download interrupted", e);
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            throw interrupted(e);
        }
    }

    private interface CacheWrite {
        void run() throws IOException;
    }

    // Refs and .no_exist markers are conveniences: a read-only cache must not turn a good answer into an error.
    private static void remember(CacheWrite write) {
        try {
            write.run();
        } catch (IOException e) {
            LOG.warn("Could not update the hub cache ({}); continuing", describe(e));
        }
    }
}
