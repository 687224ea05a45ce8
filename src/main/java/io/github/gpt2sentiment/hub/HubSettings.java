package io.github.gpt2sentiment.hub;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ProxySelector;
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
 * @param etagTimeout how long the question about a file ({@code HEAD}) may take to connect and to be answered:
 *     {@code HF_HUB_ETAG_TIMEOUT} seconds, default 10 as in Python
 * @param downloadTimeout how long a download may wait to connect, for its answer to start, and then for each next
 *     bytes of the file: {@code HF_HUB_DOWNLOAD_TIMEOUT} seconds, default 10 as in Python. A download that stalls
 *     longer is cut off and resumed from its {@code .incomplete} file
 * @param retries how many times a download cut off mid-file is resumed within one call before giving up
 * @param proxies which proxy each URL goes through: {@code HTTPS_PROXY}, {@code HTTP_PROXY}, {@code ALL_PROXY}
 *     and {@code NO_PROXY} as Python's {@code requests} reads them (see {@link EnvProxySelector})
 */
public record HubSettings(
        URI endpoint,
        Path cacheDir,
        Optional<String> token,
        boolean offline,
        boolean progressBars,
        Duration etagTimeout,
        Duration downloadTimeout,
        int retries,
        ProxySelector proxies) {

    /** The public hub, used when {@code HF_ENDPOINT} is not set. */
    public static final URI DEFAULT_ENDPOINT = URI.create("https://huggingface.co");

    /** huggingface_hub's {@code DEFAULT_ETAG_TIMEOUT} and {@code DEFAULT_DOWNLOAD_TIMEOUT}. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    /**
     * Settings with one timeout for both kinds of request and the JVM's own proxy settings
     * ({@code -Dhttps.proxyHost=...}) instead of the environment's.
     */
    public HubSettings(URI endpoint, Path cacheDir, Optional<String> token, boolean offline, boolean progressBars,
            Duration timeout, int retries) {
        this(endpoint, cacheDir, token, offline, progressBars, timeout, timeout, retries, jvmProxies());
    }

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
        if (etagTimeout.isNegative() || etagTimeout.isZero() || downloadTimeout.isNegative()
                || downloadTimeout.isZero()) {
            throw new IllegalArgumentException("Hub timeouts must be positive, got " + etagTimeout + " and "
                    + downloadTimeout);
        }
        if (proxies == null) {
            throw new IllegalArgumentException("proxies must be a ProxySelector (ProxySelector.of(null): none)");
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
        return new HubSettings(endpoint, cache, token, offline, progress, seconds(env, "HF_HUB_ETAG_TIMEOUT"),
                seconds(env, "HF_HUB_DOWNLOAD_TIMEOUT"), 5,
                EnvProxySelector.fromEnvironment(env, jvmProxies()));
    }

    /** The same settings pointed at another hub (a mirror, or a test server). */
    public HubSettings withEndpoint(URI newEndpoint) {
        return new HubSettings(newEndpoint, cacheDir, token, offline, progressBars, etagTimeout, downloadTimeout,
                retries, proxies);
    }

    /** The same settings with another token (empty: anonymous). */
    public HubSettings withToken(Optional<String> newToken) {
        return new HubSettings(endpoint, cacheDir, newToken, offline, progressBars, etagTimeout, downloadTimeout,
                retries, proxies);
    }

    /** The same settings, cache only ({@code true}) or allowed to download ({@code false}). */
    public HubSettings withOffline(boolean newOffline) {
        return new HubSettings(endpoint, cacheDir, token, newOffline, progressBars, etagTimeout, downloadTimeout,
                retries, proxies);
    }

    /** The same settings with another number of in-call resumes after a dropped connection. */
    public HubSettings withRetries(int newRetries) {
        return new HubSettings(endpoint, cacheDir, token, offline, progressBars, etagTimeout, downloadTimeout,
                newRetries, proxies);
    }

    /** The same settings with other timeouts for the question about a file and for its download. */
    public HubSettings withTimeouts(Duration newEtagTimeout, Duration newDownloadTimeout) {
        return new HubSettings(endpoint, cacheDir, token, offline, progressBars, newEtagTimeout, newDownloadTimeout,
                retries, proxies);
    }

    /** The same settings with another proxy selector ({@code ProxySelector.of(null)}: always direct). */
    public HubSettings withProxies(ProxySelector newProxies) {
        return new HubSettings(endpoint, cacheDir, token, offline, progressBars, etagTimeout, downloadTimeout,
                retries, newProxies);
    }

    /** Like the record's own, but never prints the token. */
    @Override
    public String toString() {
        return "HubSettings[endpoint=" + endpoint + ", cacheDir=" + cacheDir + ", token="
                + (token.isPresent() ? "(set)" : "(none)") + ", offline=" + offline + ", progressBars="
                + progressBars + ", etagTimeout=" + etagTimeout + ", downloadTimeout=" + downloadTimeout
                + ", retries=" + retries + ", proxies=" + proxies + "]";
    }

    // huggingface_hub's notion of a true flag: 1, ON, YES or TRUE in any case.
    private static final Set<String> TRUE = Set.of("1", "ON", "YES", "TRUE");

    static boolean isTrue(String value) {
        return value != null && TRUE.contains(value.strip().toUpperCase(Locale.ROOT));
    }

    // What the JVM's -Dhttp(s).proxyHost properties say; "none" where a program removed the default selector.
    private static ProxySelector jvmProxies() {
        ProxySelector jvm = ProxySelector.getDefault();
        return jvm != null ? jvm : ProxySelector.of(null);
    }

    // huggingface_hub reads these with int(); 0 or unset means the default (its `or DEFAULT`). Fractions are
    // allowed here, where Python would fail at import.
    private static Duration seconds(Map<String, String> env, String name) {
        Optional<String> text = value(env, name);
        if (text.isEmpty()) {
            return DEFAULT_TIMEOUT;
        }
        double value;
        try {
            value = Double.parseDouble(text.get());
        } catch (NumberFormatException e) {
            value = Double.NaN;
        }
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be a number of seconds, such as 60, got '" + text.get()
                    + "'");
        }
        return value == 0 ? DEFAULT_TIMEOUT : Duration.ofMillis(Math.max(1, Math.round(value * 1000)));
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
