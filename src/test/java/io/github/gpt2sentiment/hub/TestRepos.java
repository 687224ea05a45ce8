package io.github.gpt2sentiment.hub;

import io.github.gpt2sentiment.TestData;
import io.github.gpt2sentiment.hub.FakeHub.RepoFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/** Repositories the fake hub serves: GPT-2's real published small files plus stand-in weights. */
final class TestRepos {

    /** The commit openai-community/gpt2's main branch pointed at when its files were recorded. */
    static final String COMMIT = "607a30d783dfa663caf39e06633721c8d4cfcd7e";
    static final String REPO = "openai-community/gpt2";

    private TestRepos() {}

    /** Stand-in bytes for model.safetensors: the hub treats every LFS file alike, whatever it holds. */
    static byte[] weights(int seed, int size) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** config.json, tokenizer.json, vocab.json, merges.txt, tokenizer_config.json as published, and weights. */
    static Map<String, RepoFile> gpt2Files() {
        Map<String, RepoFile> files = new LinkedHashMap<>();
        for (String name : new String[] {"config.json", "tokenizer.json", "vocab.json", "merges.txt",
                "tokenizer_config.json"}) {
            files.put(name, new RepoFile(read(TestData.gpt2Tokenizer().resolve(name)), false));
        }
        files.put("model.safetensors", new RepoFile(weights(1, 3 << 20), true));
        return files;
    }

    static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Anonymous, online, no progress bars, no in-call resume: each test opts into what it exercises. */
    static HubSettings settings(FakeHub fake, Path cache) {
        return new HubSettings(fake.endpoint(), cache, Optional.empty(), false, false, Duration.ofSeconds(5), 0);
    }
}
