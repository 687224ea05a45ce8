package io.github.gpt2sentiment.hub;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The proxies Python's {@code requests} (and so {@code huggingface_hub}) takes from the environment, for Java's
 * {@code HttpClient}: {@code HTTPS_PROXY} for https URLs, {@code HTTP_PROXY} for http URLs, {@code ALL_PROXY} for
 * either when its own is unset, and {@code NO_PROXY} for hosts reached directly. A lowercase variable wins over its
 * uppercase twin, even when empty, as in {@code urllib}. Where no variable names a proxy for a URL, the JVM's own
 * selector decides ({@code -Dhttps.proxyHost=...}).
 *
 * <p>{@code NO_PROXY} is a comma-separated list: {@code *} (everything), a host or domain ({@code example.com}
 * covers {@code example.com} and its subdomains; a leading dot changes nothing), {@code host:port} (that port
 * only), an IPv4 address or CIDR block ({@code 10.0.0.0/8}), or an IPv6 address.
 *
 * <p>Usage: {@code HttpClient.newBuilder().proxy(EnvProxySelector.fromEnvironment(System.getenv(),
 * ProxySelector.getDefault()))}
 */
public final class EnvProxySelector extends ProxySelector {

    /** A proxy and the variable that named it, for error messages. */
    record Source(String variable, URI url) {
        InetSocketAddress address() {
            return InetSocketAddress.createUnresolved(url.getHost(), url.getPort() >= 0 ? url.getPort() : 80);
        }
    }

    private final Optional<Source> http;
    private final Optional<Source> https;
    private final List<String> noProxy;
    private final ProxySelector fallback;

    private EnvProxySelector(Optional<Source> http, Optional<Source> https, List<String> noProxy,
            ProxySelector fallback) {
        this.http = http;
        this.https = https;
        this.noProxy = List.copyOf(noProxy);
        this.fallback = fallback;
    }

    /**
     * Reads the proxy variables from {@code env}; {@code fallback} decides for URLs no variable covers.
     *
     * @throws IllegalArgumentException naming the variable, for a proxy Java's {@code HttpClient} cannot use
     */
    public static EnvProxySelector fromEnvironment(Map<String, String> env, ProxySelector fallback) {
        Optional<Source> all = proxy(env, "all_proxy");
        Optional<Source> http = proxy(env, "http_proxy").or(() -> all);
        Optional<Source> https = proxy(env, "https_proxy").or(() -> all);
        List<String> noProxy = new ArrayList<>();
        for (String entry : variable(env, "no_proxy").map(Variable::value).orElse("").split(",")) {
            String e = entry.strip().toLowerCase(Locale.ROOT);
            if (!e.isEmpty()) {
                noProxy.add(e);
            }
        }
        return new EnvProxySelector(http, https, noProxy, fallback);
    }

    /** The proxy a URL goes through, and the variable that named it; empty when direct or left to the JVM. */
    Optional<Source> sourceFor(URI uri) {
        if (uri.getHost() == null || bypasses(uri.getHost(), port(uri))) {
            return Optional.empty();
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        return scheme.equals("https") ? https : scheme.equals("http") ? http : Optional.empty();
    }

    @Override
    public List<Proxy> select(URI uri) {
        if (uri.getHost() == null || bypasses(uri.getHost(), port(uri))) {
            return List.of(Proxy.NO_PROXY);
        }
        Optional<Source> source = sourceFor(uri);
        return source.isPresent() ? List.of(new Proxy(Proxy.Type.HTTP, source.get().address()))
                : fallback.select(uri);
    }

    private static int port(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    @Override
    public void connectFailed(URI uri, SocketAddress address, IOException e) {
        // Nothing to learn: there is one proxy per scheme, and the caller reports the failure.
    }

    /** Whether NO_PROXY sends this host and port directly. */
    boolean bypasses(String host, int port) {
        String h = host.toLowerCase(Locale.ROOT).replaceAll("^\\[|]$", "");
        for (String entry : noProxy) {
            if (entry.equals("*") || matches(h, port, entry)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(String host, int port, String entry) {
        String e = entry.replaceAll("^\\.+", "");
        if (e.contains("/") && isIpv4(host)) {
            return inCidr(host, e);
        }
        int colon = e.lastIndexOf(':');
        // "host:port" limits the entry to one port; an IPv6 address has colons but no port.
        if (colon > 0 && e.indexOf(':') == colon && e.substring(colon + 1).matches("\\d+")) {
            if (port != Integer.parseInt(e.substring(colon + 1))) {
                return false;
            }
            e = e.substring(0, colon);
        }
        e = e.replaceAll("^\\[|]$", "");
        return host.equals(e) || (!isIpv4(host) && host.endsWith("." + e));
    }

    private static boolean isIpv4(String host) {
        return host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }

    private static boolean inCidr(String ip, String cidr) {
        String[] parts = cidr.split("/", 2);
        if (!isIpv4(parts[0]) || !parts[1].matches("\\d{1,2}") || Integer.parseInt(parts[1]) > 32) {
            return false; // not a CIDR block: it cannot name this address
        }
        int bits = Integer.parseInt(parts[1]);
        long mask = bits == 0 ? 0 : (0xffffffffL << (32 - bits)) & 0xffffffffL;
        return (ipv4(ip) & mask) == (ipv4(parts[0]) & mask);
    }

    private static long ipv4(String ip) {
        long value = 0;
        for (String octet : ip.split("\\.")) {
            value = (value << 8) | (Integer.parseInt(octet) & 0xff);
        }
        return value;
    }

    private record Variable(String name, String value) {}

    // A variable by its lowercase name first, then uppercase; an empty lowercase one hides the uppercase one.
    private static Optional<Variable> variable(Map<String, String> env, String lowercase) {
        String upper = lowercase.toUpperCase(Locale.ROOT);
        String name = env.containsKey(lowercase) ? lowercase : env.containsKey(upper) ? upper : null;
        return name == null ? Optional.empty()
                : Optional.of(new Variable(name, env.get(name).strip())).filter(v -> !v.value().isEmpty());
    }

    private static Optional<Source> proxy(Map<String, String> env, String lowercase) {
        Optional<Variable> found = variable(env, lowercase);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        String name = found.get().name();
        String value = found.get().value();
        // requests treats "proxy:3128" as "http://proxy:3128".
        String withScheme = value.contains("://") ? value : "http://" + value;
        URI url;
        try {
            url = new URI(withScheme);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(name + "='" + value + "' is not a proxy URL: expected"
                    + " http://host:port", e);
        }
        String scheme = url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http")) {
            throw new IllegalArgumentException(name + "='" + value + "': Java's HTTP client reaches proxies only"
                    + " over plain http (" + scheme + " proxies are not supported); use http://host:port");
        }
        if (url.getHost() == null) {
            throw new IllegalArgumentException(name + "='" + value + "' has no host: expected http://host:port");
        }
        if (url.getRawUserInfo() != null) {
            throw new IllegalArgumentException(name + " holds a user name and password, which Java's HTTP client"
                    + " cannot send to a proxy; use a proxy that needs no login (or a local one that adds it)");
        }
        return Optional.of(new Source(name, url));
    }

    @Override
    public String toString() {
        return "EnvProxySelector[http=" + http.map(s -> s.url().toString()).orElse("-") + ", https="
                + https.map(s -> s.url().toString()).orElse("-") + ", no_proxy=" + noProxy + "]";
    }
}
