package io.fleetaudit.cli.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetaudit.cli.CliException;
import io.fleetaudit.cli.ExitCodes;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * HTTP client of the streams app's query API for {@code status} and {@code alerts}. Input: base URL, optional bearer
 * token. Output: JSON trees; list calls follow {@code nextCursor} until the last page. Failures become CLI errors
 * that say what to check: unreachable or 5xx = exit 1, 401 = exit 1 with a token hint, 400 = exit 2 with the
 * server's message.
 */
public final class QueryApiClient {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int PAGE = 500;

    private final String base;
    private final String token;
    private final Duration timeout;
    private final HttpClient http;

    public QueryApiClient(String base, String token, Duration timeout) {
        this.base = base;
        this.token = token;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** Every item of a paged list endpoint, e.g. {@code list("/api/v1/nodes", Map.of("service", "smars"))}. */
    public List<JsonNode> list(String path, Map<String, String> params) {
        List<JsonNode> out = new ArrayList<>();
        String cursor = null;
        do {
            Map<String, String> q = new LinkedHashMap<>(params);
            q.put("limit", Integer.toString(PAGE));
            if (cursor != null) {
                q.put("cursor", cursor);
            }
            JsonNode page = get(path, q);
            page.path("items").forEach(out::add);
            JsonNode next = page.get("nextCursor");
            cursor = next == null || next.isNull() ? null : next.asText();
        } while (cursor != null);
        return out;
    }

    public JsonNode get(String path, Map<String, String> params) {
        StringBuilder url = new StringBuilder(base).append(path);
        char sep = '?';
        for (Map.Entry<String, String> e : params.entrySet()) {
            if (e.getValue() == null) {
                continue;
            }
            url.append(sep).append(enc(e.getKey())).append('=').append(enc(e.getValue()));
            sep = '&';
        }
        HttpRequest.Builder b;
        try {
            b = HttpRequest.newBuilder(URI.create(url.toString())).timeout(timeout).GET().header("Accept", "application/json");
        } catch (IllegalArgumentException e) {
            throw CliException.usage("--api " + base + " is not a URL: " + e.getMessage());
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> r;
        try {
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw CliException.failure("cannot reach the query API at " + base + " (connection refused): is the streams app running "
                    + "with fleet.query.port set? (--api, $FLEET_AUDIT_API)", e);
        } catch (IOException e) {
            throw CliException.failure("query API at " + base + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliException.failure("interrupted", e);
        }
        String message = message(r.body());
        switch (r.statusCode()) {
            case 200:
                try {
                    return MAPPER.readTree(r.body());
                } catch (IOException e) {
                    throw CliException.failure("query API at " + base + " answered something that is not JSON", e);
                }
            case 400:
                throw new CliException(ExitCodes.USAGE, "the query API rejected the request: " + message);
            case 401:
                throw CliException.failure("the query API at " + base + " wants a valid bearer token (--token or $FLEET_AUDIT_API_TOKEN)", null);
            case 404:
                throw CliException.failure("not found: " + message, null);
            default:
                throw CliException.failure("the query API at " + base + " answered " + r.statusCode() + ": " + message, null);
        }
    }

    private static String message(String body) {
        try {
            JsonNode n = MAPPER.readTree(body);
            return n.hasNonNull("error") ? n.get("error").asText() : body;
        } catch (IOException | RuntimeException e) {
            return body;
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
