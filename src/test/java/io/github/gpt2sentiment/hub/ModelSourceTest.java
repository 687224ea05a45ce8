package io.github.gpt2sentiment.hub;

import static io.github.gpt2sentiment.hub.TestRepos.COMMIT;
import static io.github.gpt2sentiment.hub.TestRepos.REPO;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gpt2sentiment.TestData;
import io.github.gpt2sentiment.hub.FakeHub.RepoFile;
import io.github.gpt2sentiment.hub.HubException.Kind;
import io.github.gpt2sentiment.tokenization.Gpt2Tokenizer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelSourceTest {

    private static final String NEXT_COMMIT = "1111111111111111111111111111111111111111";

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

    private List<String> gets() {
        return fake.requests().stream().filter(r -> r.startsWith("GET")).toList();
    }

    @Test
    void aHubIdBecomesAUsableSnapshotFolder() throws IOException {
        Path snapshot = ModelSource.resolve(REPO, "main", client());

        assertEquals(repoDir.resolve("snapshots/" + COMMIT), snapshot);
        try (Stream<Path> files = Files.list(snapshot)) {
            assertEquals(List.of("config.json", "merges.txt", "model.safetensors", "tokenizer.json",
                    "tokenizer_config.json", "vocab.json"), files.map(p -> p.getFileName().toString()).sorted().toList());
        }
        try (Stream<Path> files = Files.list(snapshot)) {
            assertTrue(files.allMatch(Files::isSymbolicLink));
        }
        // Files the repository lacks are remembered the way huggingface_hub remembers them.
        assertTrue(Files.exists(repoDir.resolve(".no_exist/" + COMMIT + "/generation_config.json")));
        assertTrue(Files.exists(repoDir.resolve(".no_exist/" + COMMIT + "/special_tokens_map.json")));
        assertEquals(COMMIT, Files.readString(repoDir.resolve("refs/main")));
        // The snapshot reads like any checkpoint folder: the real tokenizer loads through the links.
        try (Gpt2Tokenizer tokenizer = Gpt2Tokenizer.load(snapshot)) {
            assertArrayEquals(new long[] {15496, 995, 0, 770, 3807, 373, 1049, 13},
                    tokenizer.encode("Hello world! This movie was great."));
        }
    }

    @Test
    void theSecondCallOnlyAsksWhichCommitMainIs() {
        Path first = ModelSource.resolve(REPO, "main", client());
        fake.clearRequests();

        Path second = ModelSource.resolve(REPO, "main", client());

        assertEquals(first, second);
        assertEquals(List.of(), gets());
        assertTrue(fake.requests().stream().allMatch(r -> r.startsWith("HEAD ") && r.contains("/config.json")),
                fake.requests()::toString);

        fake.clearRequests();
        assertEquals(first, ModelSource.resolve(REPO, COMMIT, client()));
        assertEquals(List.of(), fake.requests(), "a cached commit needs no request at all");
    }

    @Test
    void aMovedBranchFetchesOnlyTheFilesThatChanged() throws IOException {
        ModelSource.resolve(REPO, "main", client());
        Map<String, RepoFile> next = new HashMap<>(TestRepos.gpt2Files());
        byte[] newConfig = "{\"n_layer\": 2}".getBytes(StandardCharsets.UTF_8);
        next.put("config.json", new RepoFile(newConfig, false));
        fake.push(REPO, "main", NEXT_COMMIT, next);
        fake.clearRequests();

        Path snapshot = ModelSource.resolve(REPO, "main", client());

        assertEquals(repoDir.resolve("snapshots/" + NEXT_COMMIT), snapshot);
        assertEquals(NEXT_COMMIT, Files.readString(repoDir.resolve("refs/main")));
        assertArrayEquals(newConfig, Files.readAllBytes(snapshot.resolve("config.json")));
        assertEquals(1, gets().size(), gets()::toString);
        assertTrue(gets().get(0).contains("/" + NEXT_COMMIT + "/config.json"), gets()::toString);
        // Every file comes from the pinned commit, never from a moving "main".
        assertTrue(fake.requests().stream().filter(r -> !r.contains("config.json")).allMatch(r -> r.contains(NEXT_COMMIT)),
                fake.requests()::toString);
    }

    @Test
    void offlineServesTheCacheWithoutTheNetwork() {
        Path online = ModelSource.resolve(REPO, "main", client());
        fake.close();

        Path offline = ModelSource.resolve(REPO, "main", client().offline());

        assertEquals(online, offline);
    }

    @Test
    void offlineButNotCachedSaysWhatToDownload() {
        HubException e = assertThrows(HubException.class, () -> ModelSource.resolve(REPO, "main", client().offline()));

        assertEquals(Kind.OFFLINE_NOT_CACHED, e.kind());
        assertTrue(e.getMessage().contains("HF_HUB_OFFLINE") && e.getMessage().contains("download --model " + REPO),
                e.getMessage());
        assertEquals(List.of(), fake.requests());
    }

    @Test
    void anUnreachableHubFallsBackToTheCache() {
        Path online = ModelSource.resolve(REPO, "main", client());
        fake.close();

        assertEquals(online, ModelSource.resolve(REPO, "main", client()));

        Path elsewhere = temp.resolve("empty-cache");
        HubException e = assertThrows(HubException.class,
                () -> ModelSource.resolve(REPO, "main", new HubClient(TestRepos.settings(fake, elsewhere))));
        assertEquals(Kind.NO_NETWORK, e.kind());
    }

    @Test
    void picklePyTorchWeightsAreRefusedWithAWayOut() {
        Map<String, RepoFile> files = new HashMap<>(TestRepos.gpt2Files());
        files.put("pytorch_model.bin", files.remove("model.safetensors"));
        fake.addRepo("someone/old-gpt2", COMMIT, files);

        HubException e = assertThrows(HubException.class,
                () -> ModelSource.resolve("someone/old-gpt2", "main", client()));

        assertEquals(Kind.UNSUPPORTED_CHECKPOINT, e.kind());
        assertTrue(e.getMessage().contains("only as pytorch_model.bin") && e.getMessage().contains("safetensors only")
                && e.getMessage().contains("save_pretrained"), e.getMessage());
        assertFalse(gets().stream().anyMatch(r -> r.contains("pytorch_model.bin")), "the pickle is never downloaded");
    }

    @Test
    void shardedSafetensorsFetchEveryShard() throws IOException {
        Map<String, RepoFile> files = new HashMap<>(TestRepos.gpt2Files());
        files.remove("model.safetensors");
        String index = "{\"metadata\": {\"total_size\": 8}, \"weight_map\": {"
                + "\"wte.weight\": \"model-00001-of-00002.safetensors\","
                + "\"wpe.weight\": \"model-00001-of-00002.safetensors\","
                + "\"ln_f.weight\": \"model-00002-of-00002.safetensors\"}}";
        files.put("model.safetensors.index.json", new RepoFile(index.getBytes(StandardCharsets.UTF_8), false));
        files.put("model-00001-of-00002.safetensors", new RepoFile(TestRepos.weights(2, 5000), true));
        files.put("model-00002-of-00002.safetensors", new RepoFile(TestRepos.weights(3, 7000), true));
        fake.addRepo("someone/big-gpt2", COMMIT, files);

        Path snapshot = ModelSource.resolve("someone/big-gpt2", "main", client());

        assertArrayEquals(TestRepos.weights(2, 5000), Files.readAllBytes(snapshot.resolve("model-00001-of-00002.safetensors")));
        assertArrayEquals(TestRepos.weights(3, 7000), Files.readAllBytes(snapshot.resolve("model-00002-of-00002.safetensors")));
    }

    @Test
    void aCacheLaidOutByPythonIsReused() throws IOException {
        // What hf_hub_download leaves for repo "gpt2": blobs named by ETag, relative links, refs/main without a
        // newline, .no_exist markers; built here by hand, checked against Python itself in reference/hub_interop.py.
        Path gpt2 = cache.resolve("models--gpt2");
        Path snapshot = gpt2.resolve("snapshots/" + COMMIT);
        Files.createDirectories(snapshot);
        Files.createDirectories(gpt2.resolve("refs"));
        Files.writeString(gpt2.resolve("refs/main"), COMMIT);
        for (Map.Entry<String, RepoFile> file : TestRepos.gpt2Files().entrySet()) {
            Path blob = gpt2.resolve("blobs/" + file.getValue().etag());
            Files.createDirectories(blob.getParent());
            Files.write(blob, file.getValue().content());
            Files.createSymbolicLink(snapshot.resolve(file.getKey()), Path.of("../../blobs/" + file.getValue().etag()));
        }
        for (String missing : List.of("generation_config.json", "special_tokens_map.json")) {
            Files.createDirectories(gpt2.resolve(".no_exist/" + COMMIT));
            Files.createFile(gpt2.resolve(".no_exist/" + COMMIT + "/" + missing));
        }
        fake.addRepo("gpt2", COMMIT, TestRepos.gpt2Files());

        assertEquals(snapshot, ModelSource.resolve("gpt2", "main", client().offline()));
        assertEquals(snapshot, ModelSource.resolve("gpt2", "main", client()));
        assertEquals(List.of(), gets(), "nothing is downloaded again");
        assertEquals(List.of(), fake.requests().stream().filter(r -> r.contains("generation_config")).toList(),
                ".no_exist markers spare the requests");
    }

    @Test
    void pullRequestRevisionsAreOnePathSegment() throws IOException {
        fake.push(REPO, "refs/pr/7", NEXT_COMMIT, TestRepos.gpt2Files());

        Path snapshot = ModelSource.resolve(REPO, "refs/pr/7", client());

        assertEquals(repoDir.resolve("snapshots/" + NEXT_COMMIT), snapshot);
        assertTrue(fake.requests().contains("HEAD /openai-community/gpt2/resolve/refs%2Fpr%2F7/config.json"),
                fake.requests()::toString);
        assertEquals(NEXT_COMMIT, Files.readString(repoDir.resolve("refs/refs/pr/7")));
    }

    @Test
    void localFoldersAreUsedAsTheyAre() throws IOException {
        Path folder = Files.createDirectories(temp.resolve("my-model"));
        Files.writeString(folder.resolve("config.json"), "{}");

        assertEquals(folder, ModelSource.resolve(folder.toString(), "main", client()));
        assertTrue(ModelSource.isLocal(folder.toString()));
        assertFalse(ModelSource.isLocal("gpt2"));
        assertEquals(List.of(), fake.requests());
    }

    @Test
    void badModelArgumentsAreExplained() {
        IllegalArgumentException noConfig = assertThrows(IllegalArgumentException.class,
                () -> ModelSource.resolve(TestData.dir().toString(), "main", client()));
        IllegalArgumentException noFolder = assertThrows(IllegalArgumentException.class,
                () -> ModelSource.resolve("./checkpoints/run-1", "main", client()));
        IllegalArgumentException badId = assertThrows(IllegalArgumentException.class,
                () -> ModelSource.resolve("gpt2--medium", "main", client()));

        assertTrue(noConfig.getMessage().contains("has no config.json"), noConfig.getMessage());
        assertTrue(noFolder.getMessage().contains("neither an existing folder"), noFolder.getMessage());
        assertTrue(badId.getMessage().contains("hub id"), badId.getMessage());
    }

    @Test
    void aRelativePathUnderAnExistingFolderIsAMissingFolderNotAHubId() throws IOException {
        // "owner/name" is a hub id's shape too; when "owner" is a folder here, the user meant a path under it.
        Path here = Path.of("").toAbsolutePath();
        Path local = Files.createTempDirectory(here, "models-");
        try {
            String relative = here.relativize(local) + "/no-such-run";
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ModelSource.resolve(relative, "main", client()));
            assertTrue(e.getMessage().contains(local.resolve("no-such-run") + " does not exist"), e.getMessage());
            assertEquals(List.of(), fake.requests(), "no hub request for a local path");
        } finally {
            Files.delete(local);
        }
    }
}
