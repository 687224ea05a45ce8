package io.github.gpt2sentiment.hub;

import static io.github.gpt2sentiment.hub.TestRepos.COMMIT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gpt2sentiment.TestData;
import io.github.gpt2sentiment.cli.Main;
import io.github.gpt2sentiment.tokenization.Gpt2Tokenizer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tokenizer from the hub without the weights, and {@code explore}'s default: the reference data's {@code gpt2/}
 * when there is one, else the hub's {@code gpt2} tokenizer, as a user without this repository's data folder expects.
 */
class TokenizerSourceTest {

    @TempDir
    Path temp;

    FakeHub fake;
    Path cache;

    @BeforeEach
    void serve() throws IOException {
        fake = FakeHub.start().addRepo("gpt2", COMMIT, TestRepos.gpt2Files());
        cache = temp.resolve("hub");
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    private List<String> gets() {
        return fake.requests().stream().filter(r -> r.startsWith("GET")).toList();
    }

    @Test
    void fetchesTheTokenizerFilesOnlyNotTheWeights() {
        Path dir = ModelSource.resolveTokenizer("gpt2", "main", new HubClient(TestRepos.settings(fake, cache)));
        assertEquals(cache.resolve("models--gpt2/snapshots/" + COMMIT), dir);
        for (String file : List.of("tokenizer.json", "vocab.json", "merges.txt", "tokenizer_config.json")) {
            assertTrue(Files.isRegularFile(dir.resolve(file)), file);
        }
        assertTrue(gets().stream().noneMatch(r -> r.contains("model.safetensors") || r.endsWith("/config.json")),
                gets().toString());
        assertTrue(Files.notExists(dir.resolve("model.safetensors")));
        assertTrue(Files.notExists(dir.resolve("config.json")));
        try (Gpt2Tokenizer tok = Gpt2Tokenizer.load(dir)) {
            assertArrayEquals(new long[] {15496, 995, 0}, tok.encode("Hello world!"));
        }
    }

    @Test
    void theDefaultPrefersTheLocalDataFolder() {
        HubClient hub = new HubClient(TestRepos.settings(fake, cache));
        assertEquals(TestData.dir().resolve("gpt2"), ModelSource.gpt2Tokenizer(TestData.dir(), hub));
        assertEquals(List.of(), fake.requests());
        Path noData = temp.resolve("no-data");
        assertEquals(cache.resolve("models--gpt2/snapshots/" + COMMIT), ModelSource.gpt2Tokenizer(noData, hub));
    }

    /** {@code explore} as a user without the data folder runs it: no --tokenizer, the hub's gpt2 tokenizer. */
    @Test
    void exploreWithoutATokenizerOrDataFolderUsesTheHubsGpt2() throws Exception {
        Path reviews = temp.resolve("reviews.csv");
        Files.writeString(reviews, "text,label,split\n"
                + "Hello world! A wonderful film.,pos,train\n"
                + "Dull and far too long.,neg,train\n"
                + "I loved every minute.,pos,test\n"
                + "A waste of time.,neg,test\n");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dgpt2sentiment.data=" + temp.resolve("no-data"), "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "explore", "--data", reviews.toString(), "--out", temp.resolve("charts").toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("GPT2_SENTIMENT_DATA_DIR");
        builder.environment().remove("HF_HUB_OFFLINE");
        builder.environment().put("HF_ENDPOINT", fake.endpoint().toString());
        builder.environment().put("HF_HUB_CACHE", cache.toString());
        builder.environment().put("HF_HUB_DISABLE_PROGRESS_BARS", "1");
        builder.environment().put("OMP_NUM_THREADS", "1");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(2, TimeUnit.MINUTES));
        assertEquals(0, process.exitValue(), output);
        assertTrue(output.contains("4 reviews"), output);
        assertTrue(gets().stream().anyMatch(r -> r.endsWith("/tokenizer.json")), gets().toString());
        assertTrue(gets().stream().noneMatch(r -> r.contains("model.safetensors")), gets().toString());
        assertTrue(Files.isRegularFile(cache.resolve("models--gpt2/snapshots/" + COMMIT + "/tokenizer.json")));
    }
}
