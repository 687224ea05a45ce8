package io.github.gpt2sentiment.hub;

import static io.github.gpt2sentiment.hub.TestRepos.COMMIT;
import static io.github.gpt2sentiment.hub.TestRepos.REPO;
import static java.nio.file.LinkOption.NOFOLLOW_LINKS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gpt2sentiment.TestData;
import io.github.gpt2sentiment.hub.FakeHub.RepoFile;
import io.github.gpt2sentiment.hub.HubException.Kind;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class HubClientTest {

    @TempDir
    Path temp;

    FakeHub fake;
    Path cache;
    Path repoDir;

    @BeforeEach
    void serve() throws IOException {
        fake = FakeHub.start().addRepo(REPO, COMMIT, TestRepos.gpt2Files());
        cache = temp.resolve("hub");
        repoDir = cache.resolve("models--openai-community--gpt2");
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    private HubClient client() {
        return new HubClient(TestRepos.settings(fake, cache));
    }

    private static String weightsEtag() {
        return TestRepos.gpt2Files().get("model.safetensors").etag();
    }

    @Test
    void fakeHubEtagsAreTheOnesHuggingFaceServes() {
        // ETags huggingface.co sends for these files of openai-community/gpt2 (git blob sha1 of the content).
        Map<String, RepoFile> files = TestRepos.gpt2Files();
        assertEquals("10c66461e4c109db5a2196bff4bb59be30396ed8", files.get("config.json").etag());
        assertEquals("1f1d9aaca301414e7f6c9396df506798ff4eb9a6", files.get("vocab.json").etag());
        assertEquals("226b0752cac7789c48f0cb3ec53eda48b7be36cc", files.get("merges.txt").etag());
    }

    @Test
    void downloadsIntoTheHuggingFaceCacheLayout() throws IOException {
        HubClient hub = new HubClient(TestRepos.settings(fake, cache).withToken(Optional.of("hf_valid")));

        Path config = hub.download(REPO, "main", "config.json");
        Path weights = hub.download(REPO, "main", "model.safetensors");

        assertEquals(repoDir.resolve("snapshots/" + COMMIT + "/config.json"), config);
        assertTrue(Files.isSymbolicLink(config));
        assertEquals(Path.of("../../blobs/10c66461e4c109db5a2196bff4bb59be30396ed8"), Files.readSymbolicLink(config));
        assertArrayEquals(TestRepos.read(TestData.gpt2Tokenizer().resolve("config.json")), Files.readAllBytes(config));

        assertEquals(Path.of("../../blobs/" + weightsEtag()), Files.readSymbolicLink(weights));
        assertArrayEquals(TestRepos.weights(1, 3 << 20), Files.readAllBytes(weights));
        // refs/main holds the commit verbatim: huggingface_hub reads it without stripping.
        assertEquals(COMMIT, Files.readString(repoDir.resolve("refs/main")));
        try (Stream<Path> blobs = Files.list(repoDir.resolve("blobs"))) {
            assertEquals(List.of("10c66461e4c109db5a2196bff4bb59be30396ed8", weightsEtag()),
                    blobs.map(p -> p.getFileName().toString()).sorted().toList());
        }
        assertTrue(Files.exists(cache.resolve(".locks/models--openai-community--gpt2/" + weightsEtag() + ".lock")));

        // The token goes to the hub, never to the CDN.
        List<String> requests = fake.requests();
        assertTrue(requests.contains("HEAD /openai-community/gpt2/resolve/main/model.safetensors auth"), requests::toString);
        assertTrue(requests.contains("GET /cdn/" + weightsEtag()), requests::toString);
    }

    @Test
    void nestedFilesLinkFromTheirOwnFolder() throws IOException {
        fake.addRepo("someone/onnx-model", COMMIT, Map.of("onnx/decoder.onnx", new RepoFile(new byte[] {1, 2, 3}, true)));
        Path file = client().download("someone/onnx-model", "main", "onnx/decoder.onnx");

        String etag = FakeHub.hex("SHA-256", null, new byte[] {1, 2, 3});
        assertEquals(Path.of("../../../blobs/" + etag), Files.readSymbolicLink(file));
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(file));
    }

    @Test
    void aCachedCommitNeedsNoRequest() {
        client().download(REPO, "main", "config.json");
        fake.clearRequests();

        Path again = client().download(REPO, COMMIT, "config.json");

        assertTrue(Files.exists(again));
        assertEquals(List.of(), fake.requests());
    }

    @Test
    void aDroppedConnectionIsResumedWithinTheCall() throws IOException {
        int cut = 1 << 20;
        fake.cutNextDownloadAfter(weightsEtag(), cut);
        HubClient hub = new HubClient(TestRepos.settings(fake, cache).withRetries(1));

        Path weights = hub.download(REPO, "main", "model.safetensors");

        assertArrayEquals(TestRepos.weights(1, 3 << 20), Files.readAllBytes(weights));
        List<String> gets = fake.requests().stream().filter(r -> r.startsWith("GET")).toList();
        assertEquals(2, gets.size(), gets::toString);
        assertEquals("GET /cdn/" + weightsEtag(), gets.get(0));
        // The resume starts where the received bytes end (the last few before a drop may never arrive).
        long resumedAt = rangeStart(gets.get(1));
        assertTrue(resumedAt > 0 && resumedAt <= cut, gets::toString);
    }

    @Test
    void aDroppedConnectionIsResumedByTheNextCall() throws IOException {
        int half = 3 << 19;
        fake.cutNextDownloadAfter(weightsEtag(), half);

        HubException dropped = assertThrows(HubException.class,
                () -> client().download(REPO, "main", "model.safetensors"));
        assertEquals(Kind.INTERRUPTED, dropped.kind());
        assertTrue(dropped.getMessage().contains("Run the same command again to resume"), dropped.getMessage());
        Path incomplete = repoDir.resolve("blobs/" + weightsEtag() + ".incomplete");
        long kept = Files.size(incomplete);
        assertTrue(kept > 0 && kept <= half, () -> "kept " + kept);
        assertFalse(Files.exists(repoDir.resolve("snapshots/" + COMMIT + "/model.safetensors"), NOFOLLOW_LINKS));

        fake.clearRequests();
        Path weights = client().download(REPO, "main", "model.safetensors");

        assertTrue(fake.requests().contains("GET /cdn/" + weightsEtag() + " Range=bytes=" + kept + "-"),
                fake.requests()::toString);
        assertArrayEquals(TestRepos.weights(1, 3 << 20), Files.readAllBytes(weights));
        assertFalse(Files.exists(incomplete));
    }

    @Test
    // Before the read timeout existed this download waited forever; a separate thread lets the test fail instead.
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aStalledDownloadTimesOutAndTheNextCallResumesIt() throws IOException {
        int half = 3 << 19;
        fake.stallNextDownloadAfter(weightsEtag(), half);
        HubSettings impatient = TestRepos.settings(fake, cache).withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(1));

        HubException stalled = assertThrows(HubException.class,
                () -> new HubClient(impatient).download(REPO, "main", "model.safetensors"));

        assertEquals(Kind.INTERRUPTED, stalled.kind());
        assertTrue(stalled.getMessage().contains("(no data for 1 s, HF_HUB_DOWNLOAD_TIMEOUT). Run the same command"
                + " again to resume"), stalled.getMessage());
        assertFalse(stalled.getMessage().contains("\n"), stalled.getMessage());
        Path incomplete = repoDir.resolve("blobs/" + weightsEtag() + ".incomplete");
        long kept = Files.size(incomplete);
        assertTrue(kept > 0 && kept <= half, () -> "kept " + kept);

        fake.clearRequests();
        Path weights = new HubClient(impatient).download(REPO, "main", "model.safetensors");

        assertTrue(fake.requests().contains("GET /cdn/" + weightsEtag() + " Range=bytes=" + kept + "-"),
                fake.requests()::toString);
        assertArrayEquals(TestRepos.weights(1, 3 << 20), Files.readAllBytes(weights));
        assertFalse(Files.exists(incomplete));
    }

    @Test
    void aSlowDownloadLongerThanTheTimeoutIsNotCut() throws IOException {
        // Bytes keep coming, 150 ms apart, for longer than the whole timeout: only a silence should end it.
        fake.trickleNextDownload(weightsEtag(), 16, Duration.ofMillis(150));
        HubSettings settings = TestRepos.settings(fake, cache).withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(1));

        Path weights = new HubClient(settings).download(REPO, "main", "model.safetensors");

        assertArrayEquals(TestRepos.weights(1, 3 << 20), Files.readAllBytes(weights));
        assertEquals(List.of("GET /cdn/" + weightsEtag()),
                fake.requests().stream().filter(r -> r.startsWith("GET /cdn")).toList());
    }

    @Test
    void requestsGoThroughTheProxyHttpProxyNames() throws IOException {
        try (FakeProxy proxy = new FakeProxy()) {
            HubSettings settings = TestRepos.settings(fake, cache).withProxies(
                    EnvProxySelector.fromEnvironment(Map.of("http_proxy", proxy.url()), ProxySelector.of(null)));

            Path weights = new HubClient(settings).download(REPO, "main", "model.safetensors");

            assertArrayEquals(TestRepos.weights(1, 3 << 20), Files.readAllBytes(weights));
            // The absolute-form request line is what only a proxy receives; the CDN hop goes through it too.
            List<String> seen = proxy.requests();
            assertTrue(seen.contains("HEAD " + fake.endpoint() + "/openai-community/gpt2/resolve/main/model.safetensors"),
                    seen::toString);
            assertTrue(seen.stream().anyMatch(r -> r.matches("GET http://127\\.0\\.0\\.1:\\d+/cdn/" + weightsEtag() + "\\?.*")),
                    seen::toString);
        }
    }

    @Test
    void noProxyBypassesTheProxy() throws IOException {
        try (FakeProxy proxy = new FakeProxy()) {
            for (String noProxy : List.of("127.0.0.1", "localhost,127.0.0.0/8")) {
                HubSettings settings = TestRepos.settings(fake, temp.resolve(noProxy.replace('/', '_'))).withProxies(
                        EnvProxySelector.fromEnvironment(Map.of("HTTP_PROXY", proxy.url(), "NO_PROXY", noProxy),
                                ProxySelector.of(null)));

                assertTrue(Files.exists(new HubClient(settings).download(REPO, "main", "config.json")));
            }
            assertEquals(List.of(), proxy.requests());
        }
    }

    @Test
    void anUnreachableProxyIsNamedInTheError() throws IOException {
        String closed;
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            closed = "http://127.0.0.1:" + socket.getLocalPort();
        }
        HubSettings settings = TestRepos.settings(fake, cache).withProxies(
                EnvProxySelector.fromEnvironment(Map.of("HTTP_PROXY", closed), ProxySelector.of(null)));

        HubException e = assertThrows(HubException.class, () -> new HubClient(settings).download(REPO, "main", "config.json"));

        assertEquals(Kind.NO_NETWORK, e.kind());
        assertTrue(e.getMessage().startsWith("Cannot reach " + fake.endpoint() + " through the proxy " + closed
                + " (HTTP_PROXY) ("), e.getMessage());
        assertTrue(e.getMessage().contains("Check that proxy, NO_PROXY or HF_ENDPOINT"), e.getMessage());
    }

    private static long rangeStart(String request) {
        Matcher m = Pattern.compile("Range=bytes=(\\d+)-$").matcher(request);
        assertTrue(m.find(), request);
        return Long.parseLong(m.group(1));
    }

    @Test
    void aCorruptedBodyIsRejectedAndNothingIsCached() throws IOException {
        fake.corrupt(weightsEtag());
        fake.corrupt("10c66461e4c109db5a2196bff4bb59be30396ed8");

        HubException lfs = assertThrows(HubException.class, () -> client().download(REPO, "main", "model.safetensors"));
        HubException git = assertThrows(HubException.class, () -> client().download(REPO, "main", "config.json"));

        assertEquals(Kind.CORRUPT_DOWNLOAD, lfs.kind());
        assertTrue(lfs.getMessage().contains("sha256"), lfs.getMessage());
        assertEquals(Kind.CORRUPT_DOWNLOAD, git.kind());
        assertTrue(git.getMessage().contains("git sha1"), git.getMessage());
        try (Stream<Path> blobs = Files.list(repoDir.resolve("blobs"))) {
            assertEquals(List.of(), blobs.toList());
        }
        assertFalse(Files.exists(repoDir.resolve("snapshots")));
    }

    @Test
    void missingFileRevisionAndRepositoryAreToldApart() throws IOException {
        HubClient hub = client();

        HubException file = assertThrows(HubException.class, () -> hub.download(REPO, "main", "pytorch_model.bin"));
        HubException revision = assertThrows(HubException.class, () -> hub.download(REPO, "v9", "config.json"));
        HubException repo = assertThrows(HubException.class, () -> hub.download("nobody/nothing", "main", "config.json"));

        assertEquals(Kind.ENTRY_NOT_FOUND, file.kind());
        assertTrue(file.getMessage().contains("pytorch_model.bin not found in openai-community/gpt2"), file.getMessage());
        assertTrue(Files.exists(repoDir.resolve(".no_exist/" + COMMIT + "/pytorch_model.bin")));
        assertEquals(Kind.REVISION_NOT_FOUND, revision.kind());
        assertTrue(revision.getMessage().contains("Revision 'v9' not found"), revision.getMessage());
        // Anonymous callers get 401 for a repository that does not exist, as on the live hub.
        assertEquals(Kind.REPO_NOT_FOUND, repo.kind());
        assertTrue(repo.getMessage().contains("HTTP 401") && repo.getMessage().contains("HF_TOKEN"), repo.getMessage());
    }

    @Test
    void privateAndGatedRepositoriesExplainTheToken() {
        Map<String, RepoFile> files = Map.of("config.json", new RepoFile(new byte[] {'{', '}'}, false));
        fake.addRepo("me/private", COMMIT, files, Optional.of("hf_mine"), false);
        fake.addRepo("meta/gated", COMMIT, files, Optional.of("hf_granted"), true);
        HubSettings anonymous = TestRepos.settings(fake, cache);

        HubException noToken = assertThrows(HubException.class,
                () -> new HubClient(anonymous).download("me/private", "main", "config.json"));
        HubException badToken = assertThrows(HubException.class,
                () -> new HubClient(anonymous.withToken(Optional.of("hf_typo"))).download("me/private", "main", "config.json"));
        HubException gated = assertThrows(HubException.class,
                () -> new HubClient(anonymous.withToken(Optional.of("hf_valid"))).download("meta/gated", "main", "config.json"));

        assertEquals(Kind.REPO_NOT_FOUND, noToken.kind());
        assertTrue(noToken.getMessage().contains("no token was sent: set HF_TOKEN"), noToken.getMessage());
        assertEquals(Kind.INVALID_TOKEN, badToken.kind());
        assertTrue(badToken.getMessage().contains("settings/tokens"), badToken.getMessage());
        assertEquals(Kind.GATED, gated.kind());
        assertTrue(gated.getMessage().contains("HTTP 403") && gated.getMessage().contains("accept its conditions"),
                gated.getMessage());

        Path ok = new HubClient(anonymous.withToken(Optional.of("hf_mine"))).download("me/private", "main", "config.json");
        assertTrue(Files.exists(ok));
    }

    @Test
    void anUnreachableHubSaysHowToWorkOffline() throws IOException {
        URI closed;
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            closed = URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }
        HubClient hub = new HubClient(TestRepos.settings(fake, cache).withEndpoint(closed));

        HubException e = assertThrows(HubException.class, () -> hub.download(REPO, "main", "config.json"));

        assertEquals(Kind.NO_NETWORK, e.kind());
        assertTrue(e.getMessage().contains("Cannot reach " + closed) && e.getMessage().contains("HF_HUB_OFFLINE=1"),
                e.getMessage());
    }

    @Test
    void aHubThatNeverAnswersTimesOut() throws IOException {
        try (ServerSocket silent = new ServerSocket()) {
            silent.bind(new InetSocketAddress("127.0.0.1", 0)); // connections are accepted by the kernel, never answered
            URI endpoint = URI.create("http://127.0.0.1:" + silent.getLocalPort());
            HubSettings settings = TestRepos.settings(fake, cache).withEndpoint(endpoint)
                    .withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(1));

            HubException e = assertThrows(HubException.class, () -> new HubClient(settings).download(REPO, "main", "config.json"));

            assertEquals(Kind.NO_NETWORK, e.kind());
            assertTrue(e.getMessage().startsWith("Cannot reach " + endpoint + " (no answer within 1 s, HF_HUB_ETAG_TIMEOUT)."
                    + " Check the network, a proxy (HTTPS_PROXY) or HF_ENDPOINT"), e.getMessage());
        }
    }

    @Test
    void offlineNeverAsksTheHub() {
        client().download(REPO, "main", "config.json");
        fake.clearRequests();
        HubClient offline = client().offline();

        assertTrue(Files.exists(offline.download(REPO, "main", "config.json")));
        HubException e = assertThrows(HubException.class, () -> offline.download(REPO, "main", "tokenizer.json"));

        assertEquals(Kind.OFFLINE_NOT_CACHED, e.kind());
        assertTrue(e.getMessage().contains("download --model openai-community/gpt2"), e.getMessage());
        assertEquals(List.of(), fake.requests());
    }
}
