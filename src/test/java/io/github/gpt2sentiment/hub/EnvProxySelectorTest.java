package io.github.gpt2sentiment.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvProxySelectorTest {

    private static final ProxySelector DIRECT = ProxySelector.of(null);
    private static final URI HUB = URI.create("https://huggingface.co/gpt2/resolve/main/config.json");

    private static String proxyFor(Map<String, String> env, String url) {
        List<Proxy> proxies = EnvProxySelector.fromEnvironment(env, DIRECT).select(URI.create(url));
        assertEquals(1, proxies.size(), proxies::toString);
        if (proxies.get(0).type() == Proxy.Type.DIRECT) {
            return "DIRECT";
        }
        InetSocketAddress address = (InetSocketAddress) proxies.get(0).address();
        return address.getHostString() + ":" + address.getPort();
    }

    @Test
    void httpsUrlsUseHttpsProxyAndHttpUrlsHttpProxy() {
        Map<String, String> env = Map.of("HTTPS_PROXY", "http://secure.corp:3128", "HTTP_PROXY", "http://plain.corp:8080");

        assertEquals("secure.corp:3128", proxyFor(env, HUB.toString()));
        assertEquals("plain.corp:8080", proxyFor(env, "http://mirror.local/x"));
        assertEquals("DIRECT", proxyFor(Map.of("HTTP_PROXY", "http://plain.corp:8080"), HUB.toString()));
        assertEquals("all.corp:1", proxyFor(Map.of("ALL_PROXY", "http://all.corp:1"), HUB.toString()));
        assertEquals("DIRECT", proxyFor(Map.of(), HUB.toString()));
    }

    @Test
    void lowercaseWinsEvenWhenEmptyAsInUrllib() {
        assertEquals("lower:2", proxyFor(Map.of("HTTPS_PROXY", "http://upper:1", "https_proxy", "http://lower:2"),
                HUB.toString()));
        assertEquals("DIRECT", proxyFor(Map.of("HTTPS_PROXY", "http://upper:1", "https_proxy", ""), HUB.toString()));
        assertEquals("DIRECT", proxyFor(Map.of("HTTPS_PROXY", "http://p:1", "NO_PROXY", "*", "no_proxy", "huggingface.co"),
                HUB.toString()));
        assertEquals("p:1", proxyFor(Map.of("HTTPS_PROXY", "http://p:1", "NO_PROXY", "huggingface.co", "no_proxy", "other"),
                HUB.toString()));
    }

    @Test
    void aProxyWithoutSchemeOrPortIsHttpOnPort80LikeRequests() {
        assertEquals("proxy.corp:3128", proxyFor(Map.of("https_proxy", "proxy.corp:3128"), HUB.toString()));
        assertEquals("proxy.corp:80", proxyFor(Map.of("https_proxy", "http://proxy.corp"), HUB.toString()));
    }

    @Test
    void noProxyMatchesHostsDomainsPortsAndAddresses() {
        EnvProxySelector s = EnvProxySelector.fromEnvironment(Map.of("NO_PROXY",
                " example.com, .corp.net,mirror.local:8080,10.0.0.0/8,192.168.1.7,::1,LOCALHOST"), DIRECT);

        assertTrue(s.bypasses("example.com", 443));
        assertTrue(s.bypasses("cdn.example.com", 443));
        assertFalse(s.bypasses("notexample.com", 443));
        assertTrue(s.bypasses("corp.net", 80), "a leading dot changes nothing");
        assertTrue(s.bypasses("hub.corp.net", 80));
        assertTrue(s.bypasses("mirror.local", 8080));
        assertFalse(s.bypasses("mirror.local", 443), "host:port names one port");
        assertTrue(s.bypasses("10.20.30.40", 80));
        assertFalse(s.bypasses("11.0.0.1", 80));
        assertTrue(s.bypasses("192.168.1.7", 80));
        assertFalse(s.bypasses("192.168.1.70", 80));
        assertTrue(s.bypasses("[::1]", 80));
        assertTrue(s.bypasses("localhost", 80), "case does not matter");
        assertFalse(s.bypasses("huggingface.co", 443));
        assertTrue(EnvProxySelector.fromEnvironment(Map.of("no_proxy", "*"), DIRECT).bypasses("huggingface.co", 443));
        // The default port counts for host:port entries.
        assertEquals("DIRECT", proxyFor(Map.of("https_proxy", "http://p:1", "no_proxy", "huggingface.co:443"),
                HUB.toString()));
    }

    @Test
    void proxiesJavasClientCannotUseAreRefusedByName() {
        IllegalArgumentException socks = assertThrows(IllegalArgumentException.class,
                () -> EnvProxySelector.fromEnvironment(Map.of("ALL_PROXY", "socks5://127.0.0.1:1080"), DIRECT));
        IllegalArgumentException login = assertThrows(IllegalArgumentException.class,
                () -> EnvProxySelector.fromEnvironment(Map.of("https_proxy", "http://me:secret@proxy:3128"), DIRECT));

        assertEquals("ALL_PROXY='socks5://127.0.0.1:1080': Java's HTTP client reaches proxies only over plain http"
                + " (socks5 proxies are not supported); use http://host:port", socks.getMessage());
        assertTrue(login.getMessage().startsWith("https_proxy holds a user name and password"), login.getMessage());
        assertFalse(login.getMessage().contains("secret"), "the password never reaches a message");
    }

    @Test
    void theEnvironmentReachesHubSettings() {
        HubSettings settings = HubSettings.fromEnvironment(Map.of("HTTPS_PROXY", "http://secure.corp:3128"));

        List<Proxy> proxies = settings.proxies().select(HUB);
        assertEquals(Proxy.Type.HTTP, proxies.get(0).type());
        assertEquals("secure.corp", ((InetSocketAddress) proxies.get(0).address()).getHostString());
    }
}
