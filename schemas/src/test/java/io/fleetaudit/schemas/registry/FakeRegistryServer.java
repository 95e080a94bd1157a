package io.fleetaudit.schemas.registry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real HTTP server (JDK HttpServer on 127.0.0.1, free port) answering scripted responses per
 * "METHOD path", recording every request it sees. The last scripted response of a route repeats.
 */
final class FakeRegistryServer implements AutoCloseable {

    record Request(String method, String path, String body, String authorization, String contentType) {
    }

    record Response(int status, String body) {
    }

    private final HttpServer server;
    private final Map<String, Deque<Response>> routes = new ConcurrentHashMap<>();
    final List<Request> requests = new CopyOnWriteArrayList<>();

    FakeRegistryServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** Scripts the answers of one route, in order; the last one repeats. */
    FakeRegistryServer on(String methodAndPath, Response... responses) {
        routes.put(methodAndPath, new ArrayDeque<>(List.of(responses)));
        return this;
    }

    static Response ok(String json) {
        return new Response(200, json);
    }

    static Response error(int status, int errorCode, String message) {
        return new Response(status, "{\"error_code\":" + errorCode + ",\"message\":\"" + message.replace("\"", "\\\"") + "\"}");
    }

    long count(String method, String path) {
        return requests.stream().filter(r -> r.method().equals(method) && r.path().equals(path)).count();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String path = exchange.getRequestURI().getRawPath();
        requests.add(new Request(exchange.getRequestMethod(), path, body,
                exchange.getRequestHeaders().getFirst("Authorization"), exchange.getRequestHeaders().getFirst("Content-Type")));
        Deque<Response> script = routes.get(exchange.getRequestMethod() + " " + path);
        Response response;
        if (script == null) {
            response = error(404, 404, "HTTP 404 Not Found");
        } else {
            synchronized (script) {
                response = script.size() > 1 ? script.poll() : script.peek();
            }
        }
        byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/vnd.schemaregistry.v1+json");
        exchange.sendResponseHeaders(response.status(), bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
