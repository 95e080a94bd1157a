package io.fleetaudit.registry;

import io.fleetaudit.schemas.registry.CompatibilityLevel;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import io.fleetaudit.registry.StoreRecords.SchemaValue;

/**
 * The Confluent Schema Registry REST subset over the JDK HTTP server. Input: an HTTP exchange (path segments are
 * percent-decoded, unknown JSON fields and query parameters are ignored); output: Confluent's JSON shapes with
 * content type {@code application/vnd.schemaregistry.v1+json}, or Confluent's error body
 * {@code {"error_code": ..., "message": ...}}.
 */
final class RestHandler implements HttpHandler {

    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final Set<String> ACCEPTED_TYPES = Set.of(
            "application/vnd.schemaregistry.v1+json", "application/vnd.schemaregistry+json", "application/json");
    private static final int MAX_BODY_BYTES = 16 * 1024 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(RestHandler.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SchemaRegistryService service;
    private final RegistryMetrics metrics;

    RestHandler(SchemaRegistryService service, RegistryMetrics metrics) {
        this.service = service;
        this.metrics = metrics;
    }

    /** One parsed request. */
    private record Request(String method, List<String> path, Map<String, String> query, HttpExchange exchange) {
        String segment(int i) {
            return path.get(i);
        }

        boolean flag(String name) {
            return Boolean.parseBoolean(query.getOrDefault(name, "false"));
        }
    }

    /** A response body (JSON tree, or raw JSON text for .../schema) with its status and route template. */
    private record Response(int status, Object body) {
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        long start = System.nanoTime();
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        String[] route = {"unmatched"};
        Response response;
        try {
            Request request = new Request(method, segments(exchange.getRequestURI().getRawPath()),
                    query(exchange.getRequestURI().getRawQuery()), exchange);
            response = route(request, route);
        } catch (RegistryException e) {
            if (e.status() >= 500) {
                LOG.warn("{} {} failed: {}", method, exchange.getRequestURI().getRawPath(), e.getMessage(), e);
            }
            response = error(e.status(), e.errorCode(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("{} {} failed", method, exchange.getRequestURI().getRawPath(), e);
            response = error(500, 500, "Internal Server Error: " + e);
        }
        try {
            send(exchange, response);
        } finally {
            metrics.request(method, route[0], response.status(), Duration.ofNanos(System.nanoTime() - start));
        }
    }

    private Response route(Request r, String[] route) throws IOException {
        List<String> p = r.path();
        int n = p.size();
        String root = n == 0 ? "" : p.get(0);
        switch (root) {
            case "" -> {
                route[0] = "/";
                return only(r, "GET", () -> JSON.createObjectNode());
            }
            case "subjects" -> {
                return subjects(r, route);
            }
            case "schemas" -> {
                return schemas(r, route);
            }
            case "config" -> {
                if (n == 1 || n == 2) {
                    route[0] = n == 1 ? "/config" : "/config/{subject}";
                    return config(r, n == 1 ? null : p.get(1));
                }
            }
            case "mode" -> {
                if (n <= 2) {
                    route[0] = n == 1 ? "/mode" : "/mode/{subject}";
                    return only(r, "GET", () -> JSON.createObjectNode().put("mode", "READWRITE"));
                }
            }
            case "compatibility" -> {
                if ((n == 4 || n == 5) && p.get(1).equals("subjects") && p.get(3).equals("versions")) {
                    route[0] = n == 4 ? "/compatibility/subjects/{subject}/versions"
                            : "/compatibility/subjects/{subject}/versions/{version}";
                    return compatibility(r, p.get(2), n == 5 ? p.get(4) : null);
                }
            }
            default -> {
                // falls through to 404
            }
        }
        return error(404, 404, "HTTP 404 Not Found");
    }

    private Response subjects(Request r, String[] route) throws IOException {
        List<String> p = r.path();
        int n = p.size();
        boolean deleted = r.flag("deleted") || r.flag("lookupDeletedSchema");
        if (n == 1) {
            route[0] = "/subjects";
            return only(r, "GET", () -> strings(service.subjects(deleted)));
        }
        String subject = p.get(1);
        if (n == 2) {
            route[0] = "/subjects/{subject}";
            return switch (r.method()) {
                case "POST" -> ok(schemaJson(service.lookup(subject, schemaRequest(r), deleted)));
                case "DELETE" -> ok(ints(service.deleteSubject(subject, r.flag("permanent"))));
                default -> methodNotAllowed();
            };
        }
        if (!p.get(2).equals("versions")) {
            return error(404, 404, "HTTP 404 Not Found");
        }
        if (n == 3) {
            route[0] = "/subjects/{subject}/versions";
            return switch (r.method()) {
                case "GET" -> ok(ints(service.versions(subject, deleted)));
                case "POST" -> {
                    int id = service.register(subject, schemaRequest(r));
                    yield ok(JSON.createObjectNode().put("id", id));
                }
                default -> methodNotAllowed();
            };
        }
        String version = p.get(3);
        if (n == 4) {
            route[0] = "/subjects/{subject}/versions/{version}";
            return switch (r.method()) {
                case "GET" -> ok(schemaJson(service.version(subject, version, deleted)));
                case "DELETE" -> ok(JSON.getNodeFactory().numberNode(
                        service.deleteVersion(subject, version, r.flag("permanent"))));
                default -> methodNotAllowed();
            };
        }
        if (n == 5 && p.get(4).equals("schema")) {
            route[0] = "/subjects/{subject}/versions/{version}/schema";
            return only(r, "GET", () -> new RawJson(service.version(subject, version, deleted).schema()));
        }
        if (n == 5 && p.get(4).equals("referencedby")) {
            route[0] = "/subjects/{subject}/versions/{version}/referencedby";
            return only(r, "GET", () -> {
                service.version(subject, version, deleted);
                return JSON.createArrayNode(); // references are not supported, so nothing refers to anything
            });
        }
        return error(404, 404, "HTTP 404 Not Found");
    }

    private Response schemas(Request r, String[] route) {
        List<String> p = r.path();
        int n = p.size();
        if (n == 2 && p.get(1).equals("types")) {
            route[0] = "/schemas/types";
            return only(r, "GET", () -> strings(List.of("AVRO")));
        }
        if (n < 3 || n > 4 || !p.get(1).equals("ids")) {
            return error(404, 404, "HTTP 404 Not Found");
        }
        int id = parseId(p.get(2));
        boolean deleted = r.flag("deleted");
        if (n == 3) {
            route[0] = "/schemas/ids/{id}";
            // ?subject= is accepted; ids are global here, so it does not change the answer.
            return only(r, "GET", () -> JSON.createObjectNode().put("schema", service.schemaById(id)));
        }
        switch (p.get(3)) {
            case "schema" -> {
                route[0] = "/schemas/ids/{id}/schema";
                return only(r, "GET", () -> new RawJson(service.schemaById(id)));
            }
            case "versions" -> {
                route[0] = "/schemas/ids/{id}/versions";
                return only(r, "GET", () -> {
                    ArrayNode array = JSON.createArrayNode();
                    service.usages(id, deleted).forEach(v ->
                            array.addObject().put("subject", v.subject()).put("version", v.version()));
                    return array;
                });
            }
            case "subjects" -> {
                route[0] = "/schemas/ids/{id}/subjects";
                return only(r, "GET", () -> strings(
                        service.usages(id, deleted).stream().map(SchemaValue::subject).distinct().toList()));
            }
            default -> {
                return error(404, 404, "HTTP 404 Not Found");
            }
        }
    }

    private Response config(Request r, String subject) throws IOException {
        return switch (r.method()) {
            case "GET" -> {
                CompatibilityLevel level = subject == null
                        ? service.globalLevel() : service.subjectLevel(subject, r.flag("defaultToGlobal"));
                yield ok(JSON.createObjectNode().put("compatibilityLevel", level.name()));
            }
            case "PUT" -> {
                JsonNode body = body(r);
                JsonNode level = body.hasNonNull("compatibility") ? body.get("compatibility")
                        : body.get("compatibilityLevel");
                String name = level == null || !level.isTextual() ? String.valueOf(level) : level.asText();
                yield ok(JSON.createObjectNode().put("compatibility", service.setLevel(subject, name).name()));
            }
            case "DELETE" -> ok(JSON.createObjectNode().put("compatibilityLevel", service.deleteLevel(subject).name()));
            default -> methodNotAllowed();
        };
    }

    private Response compatibility(Request r, String subject, String version) throws IOException {
        if (!r.method().equals("POST")) {
            return methodNotAllowed();
        }
        List<String> messages = service.checkCompatibility(subject, version, schemaRequest(r));
        ObjectNode result = JSON.createObjectNode().put("is_compatible", messages.isEmpty());
        if (!messages.isEmpty() || r.flag("verbose")) {
            result.set("messages", strings(messages));
        }
        return ok(result);
    }

    private SchemaRequest schemaRequest(Request r) throws IOException {
        JsonNode body = body(r);
        JsonNode schema = body.get("schema");
        JsonNode type = body.get("schemaType");
        JsonNode references = body.get("references");
        return new SchemaRequest(schema != null && schema.isTextual() ? schema.asText() : null,
                type != null && type.isTextual() ? type.asText() : null,
                references != null && references.isArray() && !references.isEmpty());
    }

    private JsonNode body(Request r) throws IOException {
        String contentType = r.exchange().getRequestHeaders().getFirst("Content-Type");
        if (contentType != null) {
            String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
            if (!mediaType.isEmpty() && !ACCEPTED_TYPES.contains(mediaType)) {
                throw new RegistryException(415, 415, "HTTP 415 Unsupported Media Type '" + mediaType
                        + "'; send one of " + ACCEPTED_TYPES);
            }
        }
        byte[] bytes;
        try (InputStream in = r.exchange().getRequestBody()) {
            bytes = in.readNBytes(MAX_BODY_BYTES + 1);
        }
        if (bytes.length > MAX_BODY_BYTES) {
            throw new RegistryException(413, 413, "Request body larger than " + MAX_BODY_BYTES + " bytes");
        }
        if (bytes.length == 0) {
            return JSON.createObjectNode();
        }
        try {
            JsonNode node = JSON.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw new RegistryException(400, 400, "Request body must be a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new RegistryException(400, 400, "Malformed JSON request body: " + e.getOriginalMessage());
        }
    }

    private static Response only(Request r, String method, JsonSupplier body) {
        if (!r.method().equals(method)) {
            return methodNotAllowed();
        }
        return ok(body.get());
    }

    @FunctionalInterface
    private interface JsonSupplier {
        Object get();
    }

    /** A schema string returned verbatim as the JSON body (…/schema endpoints). */
    private record RawJson(String json) {
    }

    private static ObjectNode schemaJson(SchemaValue value) {
        // schemaType is omitted for AVRO, as Confluent does.
        return JSON.createObjectNode().put("subject", value.subject()).put("version", value.version())
                .put("id", value.id()).put("schema", value.schema());
    }

    private static ArrayNode strings(List<String> values) {
        ArrayNode array = JSON.createArrayNode();
        values.forEach(array::add);
        return array;
    }

    private static ArrayNode ints(List<Integer> values) {
        ArrayNode array = JSON.createArrayNode();
        values.forEach(array::add);
        return array;
    }

    private static int parseId(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw RegistryException.schemaNotFound("'" + text + "' is not a schema id");
        }
    }

    private static Response ok(Object body) {
        return new Response(200, body);
    }

    private static Response methodNotAllowed() {
        return error(405, 405, "HTTP 405 Method Not Allowed");
    }

    private static Response error(int status, int errorCode, String message) {
        return new Response(status, JSON.createObjectNode().put("error_code", errorCode).put("message", message));
    }

    private static void send(HttpExchange exchange, Response response) throws IOException {
        byte[] bytes = response.body() instanceof RawJson raw
                ? raw.json().getBytes(StandardCharsets.UTF_8)
                : JSON.writeValueAsBytes(response.body());
        exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
        exchange.sendResponseHeaders(response.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static List<String> segments(String rawPath) {
        List<String> segments = new ArrayList<>();
        for (String raw : (rawPath == null ? "" : rawPath).split("/")) {
            if (!raw.isEmpty()) {
                // '+' is literal in a path; URLDecoder would turn it into a space.
                segments.add(URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8));
            }
        }
        return segments;
    }

    private static Map<String, String> query(String rawQuery) {
        Map<String, String> query = new HashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "true" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            query.putIfAbsent(key, value);
        }
        return query;
    }
}
