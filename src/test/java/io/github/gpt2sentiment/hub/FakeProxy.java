package io.github.gpt2sentiment.hub;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A loopback HTTP forward proxy for plain-http URLs: it takes absolute-form requests ({@code GET http://host/path}),
 * records them, and forwards them without following redirects. Anything else gets 400, so a client that skipped the
 * proxy's protocol is caught.
 */
final class FakeProxy implements AutoCloseable {

    // Headers HttpClient sets itself or a proxy must not pass on.
    private static final Set<String> HOP_BY_HOP = Set.of("host", "connection", "content-length", "expect", "upgrade",
            "proxy-connection", "transfer-encoding", "keep-alive", "date");

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final HttpClient direct = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .proxy(HttpClient.Builder.NO_PROXY).build();
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());

    FakeProxy() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        server.setExecutor(threads);
        server.createContext("/", this::forward);
        server.start();
    }

    /** {@code http://127.0.0.1:PORT}, as HTTP_PROXY would name it. */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Requests seen, as "METHOD absolute-URI". */
    List<String> requests() {
        synchronized (log) {
            return List.copyOf(log);
        }
    }

    private void forward(HttpExchange exchange) throws IOException {
        URI target = exchange.getRequestURI();
        String method = exchange.getRequestMethod();
        log.add(method + " " + target);
        if (!target.isAbsolute()) {
            exchange.sendResponseHeaders(400, -1);
            exchange.close();
            return;
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(target).method(method, HttpRequest.BodyPublishers.noBody());
        for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
            if (!HOP_BY_HOP.contains(header.getKey().toLowerCase())) {
                header.getValue().forEach(value -> request.header(header.getKey(), value));
            }
        }
        HttpResponse<byte[]> response;
        try {
            response = direct.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        response.headers().map().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase()) || (method.equals("HEAD") && name.equalsIgnoreCase("content-length"))) {
                exchange.getResponseHeaders().put(name, values);
            }
        });
        byte[] body = response.body();
        exchange.sendResponseHeaders(response.statusCode(), method.equals("HEAD") || body.length == 0 ? -1 : body.length);
        if (!method.equals("HEAD") && body.length > 0) {
            exchange.getResponseBody().write(body);
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
