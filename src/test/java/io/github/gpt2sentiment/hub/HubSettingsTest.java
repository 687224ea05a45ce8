package io.github.gpt2sentiment.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HubSettingsTest {

    @TempDir
    Path temp;

    private final Path home = Path.of(System.getProperty("user.home"));

    @Test
    void defaultsAreHuggingFaceHubs() {
        HubSettings s = HubSettings.fromEnvironment(Map.of());

        assertEquals(URI.create("https://huggingface.co"), s.endpoint());
        assertFalse(s.offline());
        assertTrue(s.progressBars());
        assertEquals(home.resolve(".cache/huggingface/hub"), s.cacheDir());
    }

    @Test
    void cacheFolderFollowsPythonsPrecedence() {
        assertEquals(Path.of("/x/hub-cache"),
                HubSettings.fromEnvironment(Map.of("HF_HUB_CACHE", "/x/hub-cache", "HF_HOME", "/y")).cacheDir());
        assertEquals(Path.of("/y/hub"), HubSettings.fromEnvironment(Map.of("HF_HOME", "/y")).cacheDir());
        assertEquals(Path.of("/z/huggingface/hub"),
                HubSettings.fromEnvironment(Map.of("XDG_CACHE_HOME", "/z")).cacheDir());
        assertEquals(home.resolve("models/hub"), HubSettings.fromEnvironment(Map.of("HF_HOME", "~/models")).cacheDir());
    }

    @Test
    void endpointTokenAndOfflineFlags() throws IOException {
        Path hfHome = Files.createDirectories(temp.resolve("hf"));
        Files.writeString(hfHome.resolve("token"), "hf_from_file\n");

        HubSettings fromFile = HubSettings.fromEnvironment(Map.of("HF_HOME", hfHome.toString(),
                "HF_ENDPOINT", "https://hf-mirror.com/", "HF_HUB_OFFLINE", "yes"));
        HubSettings fromEnv = HubSettings.fromEnvironment(Map.of("HF_HOME", hfHome.toString(), "HF_TOKEN", "hf_env",
                "TRANSFORMERS_OFFLINE", "1", "HF_HUB_DISABLE_PROGRESS_BARS", "true"));

        assertEquals(URI.create("https://hf-mirror.com"), fromFile.endpoint());
        assertEquals(Optional.of("hf_from_file"), fromFile.token());
        assertTrue(fromFile.offline());
        assertEquals(Optional.of("hf_env"), fromEnv.token());
        assertTrue(fromEnv.offline());
        assertFalse(fromEnv.progressBars());
        assertFalse(HubSettings.fromEnvironment(Map.of("HF_HUB_OFFLINE", "0")).offline());
        assertFalse(fromEnv.toString().contains("hf_env"), "the token never reaches a log line");
    }

    @Test
    void aMalformedEndpointIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HubSettings.fromEnvironment(Map.of("HF_ENDPOINT", "huggingface.co")));
        assertTrue(e.getMessage().contains("HF_ENDPOINT"), e.getMessage());
    }

    @Test
    void timeoutsAreHuggingFaceHubsVariables() {
        HubSettings defaults = HubSettings.fromEnvironment(Map.of());
        HubSettings set = HubSettings.fromEnvironment(Map.of("HF_HUB_ETAG_TIMEOUT", "30",
                "HF_HUB_DOWNLOAD_TIMEOUT", "2.5"));

        assertEquals(Duration.ofSeconds(10), defaults.etagTimeout());
        assertEquals(Duration.ofSeconds(10), defaults.downloadTimeout());
        assertEquals(Duration.ofSeconds(30), set.etagTimeout());
        assertEquals(Duration.ofMillis(2500), set.downloadTimeout());
        // huggingface_hub reads `int(value) or 10`: zero means the default.
        assertEquals(Duration.ofSeconds(10), HubSettings.fromEnvironment(Map.of("HF_HUB_DOWNLOAD_TIMEOUT", "0"))
                .downloadTimeout());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> HubSettings.fromEnvironment(Map.of("HF_HUB_DOWNLOAD_TIMEOUT", "ten")));
        assertEquals("HF_HUB_DOWNLOAD_TIMEOUT must be a number of seconds, such as 60, got 'ten'", bad.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> HubSettings.fromEnvironment(Map.of("HF_HUB_ETAG_TIMEOUT", "-1")));
    }
}
