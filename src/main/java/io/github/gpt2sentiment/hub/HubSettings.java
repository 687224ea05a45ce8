package io.github.gpt2sentiment.hub;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where and how to reach the Hugging Face hub, read once from the same environment variables Python's
 * {@code huggingface_hub} reads, so both share one cache and one configuration.
 *
 * <p>Usage: {@code var hub = new HubClient(HubSettings.fromEnvironment());}
 *
 * @param endpoint the hub, {@code HF_ENDPOINT} (default {@code https://huggingface.co}), without a trailing slash
 * @param cacheDir the shared cache: {@code HF_HUB_CACHE}, else {@code HF_HOME/hub}, else
 *     {@code ~/.cache/huggingface/hub}
 * @param token a bearer token for private or gated repositories: {@code HF_TOKEN}, else the token file that
 *     {@code huggingface-cli login} writes ({@code HF_TOKEN_PATH}, else {@code HF_HOME/token})
 * @param offline {@code HF_HUB_OFFLINE}: use only the cache and never touch the network
 * @param progressBars draw a progress bar on stderr for large files (off when {@code HF_HUB_DISABLE_PROGRESS_BARS})
 * @param timeout how long to wait for a connection or for a response to start (Python's default, 10 s)
 * @param retries how many times a download cut off mid-file is resumed within one call before giving up
 */
public record HubSettings(
        URI endpoint,
        Path cacheDir,
        Optional<String> token,
        boolean offline,
        boolean progressBars,
        Duration timeout,
        int retries) {

    /** The public hub, used when {@code HF_ENDPOINT} is not set. */
    public static final URI DEFAULT_ENDPOINT = URI.create("https://huggingface.co");

    public HubSettings {
        String base = endpoint.toString();
        if (base.endsWith("/")) {
            endpoint = URI.create(base.replaceAll("/+$", ""));
        }
        if (endpoint.getScheme() == null || endpoint.getHost() == null) {
            throw new IllegalArgumentException("Hub endpoint must be an absolute http(s) URL, got '" + base
                    + "' (check HF_ENDPOINT)");
        }
        token = token.map(String::strip).filter(t -> !t.isEmpty());
        if (retries < 0) {
            throw new IllegalArgumentException("retries must be 0 or more, got " + retries);
        }
    }

    /** Settings from this process's environment variables. */
    public static HubSettings fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /**
     * Settings from the given variables, read exactly as {@code huggingface_hub} reads them (tests pass a map
     * instead of changing the process environment).
     */
    public static HubSettings fromEnvironment(Map<String, String> env) {
        Path home = Path.of(System.getProperty("user.home"));
        Path hfHome = path(env, "HF_HOME", home)
                .orElseGet(() -> path(env, "XDG_CACHE_HOME", home).orElse(home.resolve(".cache"))
                        .resolve("huggingface"));
        Path cache = path(env, "HF_HUB_CACHE", home)
                .or(() -> path(env, "HUGGINGFACE_HUB_CACHE", home))
                .orElse(hfHome.resolve("hub"));
        URI endpoint = value(env, "HF_ENDPOINT").map(URI::create).orElse(DEFAULT_ENDPOINT);
        Optional<String> token = value(env, "HF_TOKEN")
                .or(() -> value(env, "HUGGING_FACE_HUB_TOKEN"))
                .or(() -> readTokenFile(path(env, "HF_TOKEN_PATH", home).orElse(hfHome.resolve("token"))));
        boolean offline = isTrue(env.get("HF_HUB_OFFLINE")) || isTrue(env.get("TRANSFORMERS_OFFLINE"));
        boolean progress = !isTrue(env.get("HF_HUB_DISABLE_PROGRESS_BARS"));
        return new HubSettings(endpoint, cache, token, offline, progress, Duration.ofSeconds(10), 5);
    }

    /** The same settings pointed at another hub (a mirror, or a test server). */
    public HubSettings withEndpoint(URI newEndpoint) {
        return new HubSettings(newEndpoint, cacheDir, token, offline, progressBars, timeout, retries);
    }

    /** The same settings with another cache folder. */
    public HubSettings withCacheDir(Path newCacheDir) {
        return new HubSettings(endpoint, newCacheDir, token, offline, progressBars, timeout, retries);
    }

    /** The same settings with another token (empty: anonymous). */
    public HubSettings withToken(Optional<String> newToken) {
        return new HubSettings(endpoint, cacheDir, newToken, offline, progressBars, timeout, retries);
    }

    /** The same settings, cache only ({@code true}) or allowed to download ({@code false}). */
    public HubSettings withOffline(boolean newOffline) {
        return new HubSettings(endpoint, cacheDir, token, newOffline, progressBars, timeout, retries);
    }

    /** The same settings with another number of in-call resumes after a dropped connection. */
    public HubSettings withRetries(int newRetries) {
        return new HubSettings(endpoint, cacheDir, token, offline, progressBars, timeout, newRetries);
    }

    /** Like the record's own, but never prints the token. */
    @Override
    public String toString() {
        return "HubSettings[endpoint=" + endpoint + ", cacheDir=" + cacheDir + ", token="
                + (token.isPresent() ? "(set)" : "(none)") + ", offline=" + offline + ", progressBars="
                + progressBars + ", timeout=" + timeout + ", retries=" + retries + "]";
    }

    // huggingface_hub's notion of a true flag: 1, ON, YES or TRUE in any case.
    private static final Set<String> TRUE = Set.of("1", "ON", "YES", "TRUE");

    static boolean isTrue(String value) {
        return value != null && TRUE.contains(value.strip().toUpperCase(Locale.ROOT));
    }

    private static Optional<String> value(Map<String, String> env, String name) {
        return Optional.ofNullable(env.get(name)).map(String::strip).filter(v -> !v.isEmpty());
    }

    // Python expands a leading ~ in these variables, so a shell-quoted "~/models" means the same thing here.
    private static Optional<Path> path(Map<String, String> env, String name, Path home) {
        return value(env, name).map(v -> v.equals("~") ? home
                : v.startsWith("~/") ? home.resolve(v.substring(2)) : Path.of(v));
    }

    private static Optional<String> readTokenFile(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readString(file, StandardCharsets.UTF_8).strip()).filter(t -> !t.isEmpty());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the Hugging Face token file " + file
                    + " (set HF_TOKEN instead, or fix the file's permissions)", e);
        }
    }
}
