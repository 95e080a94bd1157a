package io.fleetaudit.cli.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.fleetaudit.cli.CliException;
import io.fleetaudit.cli.ExitCodes;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How the CLI's API client follows pages, sends the token and turns HTTP errors into exit codes and hints. */
class QueryApiClientTest {
    private HttpServer server;
    private final List<String> requests = new ArrayList<>();
    private final List<String> auth = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/nodes", ex -> {
            requests.add(ex.getRequestURI().getRawQuery());
            auth.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
            String q = ex.getRequestURI().getRawQuery();
            String body = q.contains("cursor=b") ? "{\"items\":[{\"nodeId\":\"c\"}],\"nextCursor\":null}"
                    : "{\"items\":[{\"nodeId\":\"a\"},{\"nodeId\":\"b\"}],\"nextCursor\":\"b\"}";
            reply(ex, 200, body);
        });
        server.createContext("/api/v1/alerts", ex -> reply(ex, 400, "{\"status\":400,\"error\":\"parameter 'status' must be one of [firing, resolved, all], got 'x'\"}"));
        server.createContext("/api/v1/services", ex -> reply(ex, 401, "{\"status\":401,\"error\":\"missing or wrong bearer token\"}"));
        server.createContext("/api/v1/broken", ex -> reply(ex, 503, "{\"status\":503,\"error\":\"state stores are not ready\"}"));
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static void reply(com.sun.net.httpserver.HttpExchange ex, int status, String body) throws java.io.IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(b);
        }
    }

    private QueryApiClient client(String token) {
        return new QueryApiClient("http://127.0.0.1:" + server.getAddress().getPort(), token, Duration.ofSeconds(5));
    }

    @Test
    void shouldFollowCursorsAndSendTheToken() {
        List<JsonNode> all = client("t0k").list("/api/v1/nodes", Map.of("service", "order router"));
        assertThat(all).extracting(n -> n.path("nodeId").asText()).containsExactly("a", "b", "c");
        assertThat(requests).containsExactly("service=order+router&limit=500", "service=order+router&limit=500&cursor=b");
        assertThat(auth).containsOnly("Bearer t0k");
    }

    @Test
    void shouldMapHttpErrorsToExitCodesWithHints() {
        assertThatThrownBy(() -> client(null).get("/api/v1/alerts", Map.of())).isInstanceOf(CliException.class)
                .hasMessageContaining("parameter 'status' must be one of").satisfies(e -> assertThat(((CliException) e).exitCode()).isEqualTo(ExitCodes.USAGE));
        assertThatThrownBy(() -> client(null).get("/api/v1/services", Map.of())).hasMessageContaining("wants a valid bearer token (--token or $FLEET_AUDIT_API_TOKEN)")
                .satisfies(e -> assertThat(((CliException) e).exitCode()).isEqualTo(ExitCodes.FAILURE));
        assertThatThrownBy(() -> client(null).get("/api/v1/broken", Map.of())).hasMessageContaining("answered 503: state stores are not ready");
        assertThatThrownBy(() -> new QueryApiClient("http://127.0.0.1:1", null, Duration.ofSeconds(2)).get("/api/v1/nodes", Map.of()))
                .hasMessageContaining("cannot reach the query API at http://127.0.0.1:1");
    }
}
