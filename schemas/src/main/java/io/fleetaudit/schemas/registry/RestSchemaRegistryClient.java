package io.fleetaudit.schemas.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link SchemaRegistryClient} over the Confluent Schema Registry REST API (JDK HttpURLConnection + jackson-core).
 * Input: {@link SchemaRegistryClientConfig} (URLs, basic auth, TLS, retries). Output: ids and schemas;
 * each schema id is fetched once and a schema's id per subject is cached. On I/O errors, 5xx, 408 or 429
 * it fails over to the next URL, and after a full round over all URLs waits (exponential backoff,
 * bounded) before the next round, at most {@code schema.registry.max.retries} more rounds. A 4xx answer
 * is final and becomes a {@link SchemaRegistryException} with status, error code and message.
 * Credentials only ever go into the {@code Authorization} header; messages and logs show redacted URLs.
 * The transport is {@link HttpURLConnection} rather than {@code java.net.http.HttpClient}: the latter
 * starts a selector thread and initialises the whole TLS stack even for http:// URLs, which cost the
 * host agent about 13 MiB of RSS and 4 threads; here the TLS context is only built for https:// URLs.
 */
public final class RestSchemaRegistryClient implements SchemaRegistryClient {

    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final String ACCEPT = "application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json, application/json";
    private static final Logger LOG = LoggerFactory.getLogger(RestSchemaRegistryClient.class);

    private final List<Endpoint> endpoints;
    /** Null for http-only registries, and for https with the JVM's default trust (no ssl.* stores configured). */
    private final SSLSocketFactory sslSocketFactory;
    private final int maxRetries;
    private final long backoffMs;
    private final long backoffMaxMs;
    private final int connectTimeoutMs;
    private final int requestTimeoutMs;
    private final AtomicInteger preferred = new AtomicInteger();

    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Integer>> idsBySubject = new ConcurrentHashMap<>();
    private final Map<String, Map<String, RegisteredSchema>> lookupsBySubject = new ConcurrentHashMap<>();
    private final Map<String, RegisteredSchema> versions = new ConcurrentHashMap<>();

    /** One registry base URL without user-info, with the header to authenticate there. */
    private record Endpoint(String base, String authorization) {
    }

    public RestSchemaRegistryClient(Map<String, ?> config) {
        this(new SchemaRegistryClientConfig(config));
    }

    public RestSchemaRegistryClient(SchemaRegistryClientConfig config) {
        if (config.mockScope() != null) {
            throw new IllegalArgumentException("mock:// URLs are served by MockSchemaRegistryClient; use SchemaRegistryClients.create");
        }
        List<Endpoint> list = new ArrayList<>();
        for (String url : config.urls()) {
            URI uri = URI.create(url);
            String base = SchemaRegistryClientConfig.redact(url).replaceAll("/+$", "");
            list.add(new Endpoint(base, Credentials.authorizationHeader(config, uri)));
        }
        this.endpoints = List.copyOf(list);
        this.maxRetries = config.maxRetries();
        this.backoffMs = config.retryBackoffMs();
        this.backoffMaxMs = config.retryBackoffMaxMs();
        this.connectTimeoutMs = timeoutMillis(config.connectTimeoutMs());
        this.requestTimeoutMs = timeoutMillis(config.requestTimeoutMs());
        // Built (and the stores loaded, failing fast) only when some URL is https://.
        boolean https = endpoints.stream().anyMatch(e -> e.base().regionMatches(true, 0, "https:", 0, 6));
        SSLContext ssl = https ? SslContexts.build(config) : null;
        this.sslSocketFactory = ssl == null ? null : ssl.getSocketFactory();
    }

    private static int timeoutMillis(long ms) {
        // HttpURLConnection: 0 means infinite, so a configured 0 stays 0; clamp huge values.
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, ms));
    }

    @Override
    public int register(String subject, Schema schema) {
        int id = registerText(subject, schema.toString());
        schemasById.putIfAbsent(id, schema);
        return id;
    }

    /** Registers the schema text as is, without parsing it (no Avro {@code Schema}: the host agent's path). */
    @Override
    public int registerText(String subject, String text) {
        Map<String, Integer> ids = idsBySubject.computeIfAbsent(subject, s -> new ConcurrentHashMap<>());
        Integer cached = ids.get(text);
        if (cached != null) {
            return cached;
        }
        Object answer = send("POST", "/subjects/" + encode(subject) + "/versions", schemaBody(text));
        int id = requiredInt(answer, "id", "POST /subjects/" + subject + "/versions");
        ids.put(text, id);
        return id;
    }

    @Override
    public RegisteredSchema lookup(String subject, Schema schema) {
        String text = schema.toString();
        Map<String, RegisteredSchema> bySchema = lookupsBySubject.computeIfAbsent(subject, s -> new ConcurrentHashMap<>());
        RegisteredSchema cached = bySchema.get(text);
        if (cached != null) {
            return cached;
        }
        Object answer = send("POST", "/subjects/" + encode(subject), schemaBody(text));
        int id = requiredInt(answer, "id", "POST /subjects/" + subject);
        RegisteredSchema found = new RegisteredSchema(subject, RegistryJson.asInt(RegistryJson.get(answer, "version"), -1), id, schema);
        bySchema.put(text, found);
        schemasById.putIfAbsent(id, schema);
        return found;
    }

    /** The id of the schema text under {@code subject} (POST /subjects/{s}), without parsing it. */
    @Override
    public int lookupIdText(String subject, String text) {
        Map<String, Integer> ids = idsBySubject.computeIfAbsent(subject, s -> new ConcurrentHashMap<>());
        Integer cached = ids.get(text);
        if (cached != null) {
            return cached;
        }
        Object answer = send("POST", "/subjects/" + encode(subject), schemaBody(text));
        int id = requiredInt(answer, "id", "POST /subjects/" + subject);
        ids.put(text, id);
        return id;
    }

    @Override
    public Schema getSchemaById(int id) {
        // computeIfAbsent: concurrent first readers of one id wait for a single fetch.
        return schemasById.computeIfAbsent(id, key -> {
            Object answer = send("GET", "/schemas/ids/" + key, null);
            return parse(answer, "schema id " + key);
        });
    }

    @Override
    public RegisteredSchema getLatest(String subject) {
        RegisteredSchema latest = toRegistered(subject, send("GET", "/subjects/" + encode(subject) + "/versions/latest", null));
        versions.putIfAbsent(subject + "\u0000" + latest.version(), latest);
        return latest;
    }

    @Override
    public RegisteredSchema getVersion(String subject, int version) {
        String key = subject + "\u0000" + version;
        RegisteredSchema cached = versions.get(key);
        if (cached != null) {
            return cached;
        }
        RegisteredSchema found = toRegistered(subject, send("GET", "/subjects/" + encode(subject) + "/versions/" + version, null));
        versions.put(key, found);
        return found;
    }

    @Override
    public List<Integer> getVersions(String subject) {
        List<Integer> result = new ArrayList<>();
        for (Object n : elements(send("GET", "/subjects/" + encode(subject) + "/versions", null))) {
            result.add(RegistryJson.asInt(n, 0));
        }
        return result;
    }

    @Override
    public boolean testCompatibility(String subject, Schema schema) {
        try {
            Object answer = send("POST", "/compatibility/subjects/" + encode(subject) + "/versions/latest",
                    schemaBody(schema.toString()));
            return RegistryJson.asBoolean(RegistryJson.get(answer, "is_compatible"), false);
        } catch (SchemaRegistryException e) {
            // Older registries answer 404 for a subject without versions: nothing to be incompatible with.
            if (e.errorCode() == SchemaRegistryException.SUBJECT_NOT_FOUND
                    || e.errorCode() == SchemaRegistryException.VERSION_NOT_FOUND) {
                return true;
            }
            throw e;
        }
    }

    @Override
    public List<String> getSubjects() {
        List<String> result = new ArrayList<>();
        for (Object n : elements(send("GET", "/subjects", null))) {
            result.add(RegistryJson.asText(n, "null"));
        }
        result.sort(null);
        return result;
    }

    @Override
    public String getConfig() {
        return RegistryJson.asText(RegistryJson.get(send("GET", "/config", null), "compatibilityLevel"), "");
    }

    @Override
    public String getConfig(String subject) {
        try {
            return RegistryJson.asText(RegistryJson.get(send("GET", "/config/" + encode(subject), null), "compatibilityLevel"), "");
        } catch (SchemaRegistryException e) {
            if (e.status() == 404) {
                return getConfig();
            }
            throw e;
        }
    }

    @Override
    public String updateConfig(String subject, String compatibilityLevel) {
        String body = RegistryJson.object("compatibility", CompatibilityLevel.parse(compatibilityLevel).name());
        return RegistryJson.asText(RegistryJson.get(send("PUT", "/config/" + encode(subject), body), "compatibility"), "");
    }

    @Override
    public void close() {
        schemasById.clear();
        idsBySubject.clear();
        lookupsBySubject.clear();
        versions.clear();
    }

    @Override
    public String toString() {
        boolean auth = endpoints.stream().anyMatch(e -> e.authorization() != null);
        return "RestSchemaRegistryClient" + endpoints.stream().map(Endpoint::base).toList()
                + (auth ? " (basic auth)" : "");
    }

    /** Sends one request with failover and retries; returns the parsed 2xx body. */
    private Object send(String method, String path, String body) {
        String request = method + " " + decodeForHumans(path);
        Map<String, String> unreachable = new LinkedHashMap<>();
        Answer lastAnswer = null;
        int attempts = 0;
        for (int round = 0; round <= maxRetries; round++) {
            if (round > 0) {
                pause(round, request);
            }
            int start = preferred.get();
            for (int k = 0; k < endpoints.size(); k++) {
                int index = (start + k) % endpoints.size();
                Endpoint endpoint = endpoints.get(index);
                attempts++;
                try {
                    Response response = exchange(endpoint, method, path, body);
                    int status = response.status();
                    if (status / 100 == 2) {
                        preferred.set(index);
                        return readJson(response.body(), endpoint, request);
                    }
                    Answer answer = Answer.of(endpoint, status, response.body());
                    if (!retriable(status)) {
                        throw answer.toException(request, 1);
                    }
                    lastAnswer = answer;
                    LOG.warn("Schema registry {} answered {} to {}; trying {}", endpoint.base(), status, request,
                            endpoints.size() > 1 ? "the next URL" : "again");
                } catch (IOException e) {
                    if (Thread.currentThread().isInterrupted()) {
                        throw new SchemaRegistryException("Interrupted while calling the schema registry [" + request + "]",
                                SchemaRegistryException.NO_RESPONSE, -1, "interrupted", e);
                    }
                    unreachable.put(endpoint.base(), describe(e));
                    LOG.warn("Schema registry {} unreachable for {} ({})", endpoint.base(), request, describe(e));
                }
            }
        }
        if (lastAnswer != null) {
            throw lastAnswer.toException(request, attempts);
        }
        StringBuilder tried = new StringBuilder();
        unreachable.forEach((url, why) -> tried.append(tried.length() == 0 ? "" : ", ").append(url).append(" (").append(why).append(')'));
        throw new SchemaRegistryException("No schema registry reachable for [" + request + "] after " + attempts
                + " attempts; tried " + tried, SchemaRegistryException.NO_RESPONSE, -1, tried.toString(), null);
    }

    /** A status and the body as text (the error body for non-2xx answers). */
    private record Response(int status, String body) {
    }

    /** One HTTP/1.1 exchange with one registry: no redirects, connect and read timeouts, body read fully. */
    private Response exchange(Endpoint endpoint, String method, String path, String body) throws IOException {
        URL url = URI.create(endpoint.base() + path).toURL();
        HttpURLConnection connection = (HttpURLConnection) url.openConnection();
        try {
            if (sslSocketFactory != null && connection instanceof HttpsURLConnection https) {
                https.setSSLSocketFactory(sslSocketFactory);
            }
            connection.setInstanceFollowRedirects(false);
            connection.setUseCaches(false);
            connection.setConnectTimeout(connectTimeoutMs);
            connection.setReadTimeout(requestTimeoutMs);
            connection.setRequestMethod(method);
            connection.setRequestProperty("Accept", ACCEPT);
            if (endpoint.authorization() != null) {
                connection.setRequestProperty("Authorization", endpoint.authorization());
            }
            if (body != null) {
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                connection.setRequestProperty("Content-Type", CONTENT_TYPE);
                connection.setDoOutput(true);
                // Fixed-length streaming also stops HttpURLConnection from silently re-sending a POST
                // on a broken kept-alive connection: retries are ours (failover, backoff) only.
                connection.setFixedLengthStreamingMode(bytes.length);
                try (OutputStream out = connection.getOutputStream()) {
                    out.write(bytes);
                }
            }
            int status = connection.getResponseCode();
            InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
            String text = "";
            if (in != null) {
                try (in) {
                    text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
            return new Response(status, text);
        } catch (IOException e) {
            // Drop the connection instead of returning it to the keep-alive cache in an unknown state.
            connection.disconnect();
            throw e;
        }
    }

    private void pause(int round, String request) {
        long wait = Math.min(backoffMaxMs, backoffMs << Math.min(round - 1, 20));
        LOG.debug("Retrying {} in {} ms (round {} of {})", request, wait, round + 1, maxRetries + 1);
        try {
            // A bounded backoff between retry rounds, not a wait for a result.
            Thread.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException("Interrupted while backing off [" + request + "]",
                    SchemaRegistryException.NO_RESPONSE, -1, "interrupted", e);
        }
    }

    private static boolean retriable(int status) {
        return status >= 500 || status == 408 || status == 429;
    }

    /** An error answer of one registry: status plus Confluent's error body (or the raw text of a non-JSON one). */
    private record Answer(String url, int status, int errorCode, String message) {
        static Answer of(Endpoint endpoint, int status, String body) {
            try {
                Object node = RegistryJson.read(body);
                if (node instanceof Map<?, ?> && !body.isBlank()) {
                    Object message = RegistryJson.get(node, "message");
                    return new Answer(endpoint.base(), status, RegistryJson.asInt(RegistryJson.get(node, "error_code"), -1),
                            message != null ? RegistryJson.asText(message, "") : abbreviate(body));
                }
            } catch (JsonProcessingException | RuntimeException e) {
                // not Confluent's error body (e.g. a proxy's HTML page): show the text instead
            }
            return new Answer(endpoint.base(), status, -1, abbreviate(body));
        }

        SchemaRegistryException toException(String request, int attempts) {
            return SchemaRegistryException.answered(url, status, errorCode, message, request, attempts);
        }
    }

    private static Object readJson(String body, Endpoint endpoint, String request) {
        try {
            return RegistryJson.read(body == null || body.isEmpty() ? "{}" : body);
        } catch (JsonProcessingException e) {
            throw new SchemaRegistryException("Schema registry " + endpoint.base() + " answered non-JSON to [" + request + "]: "
                    + abbreviate(body), 200, -1, abbreviate(body), e);
        }
    }

    private static RegisteredSchema toRegistered(String subject, Object answer) {
        String what = "subject " + subject;
        return new RegisteredSchema(RegistryJson.asText(RegistryJson.get(answer, "subject"), subject),
                requiredInt(answer, "version", what), requiredInt(answer, "id", what), parse(answer, what));
    }

    private static Schema parse(Object answer, String what) {
        String type = RegistryJson.asText(RegistryJson.get(answer, "schemaType"), "AVRO");
        if (!"AVRO".equals(type)) {
            throw new SchemaRegistryException("The registry's " + what + " is a " + type + " schema, not Avro", 200, -1,
                    "schemaType " + type, null);
        }
        if (RegistryJson.get(answer, "schema") == null) {
            throw new SchemaRegistryException("The registry's answer for " + what + " has no 'schema' field", 200, -1,
                    "no schema field", null);
        }
        try {
            return new Schema.Parser().parse(RegistryJson.asText(RegistryJson.get(answer, "schema"), ""));
        } catch (SchemaParseException e) {
            throw new SchemaRegistryException("The registry's " + what + " is not a parseable Avro schema: " + e.getMessage(),
                    200, -1, e.getMessage(), e);
        }
    }

    private static int requiredInt(Object answer, String field, String what) {
        Object value = RegistryJson.get(answer, field);
        if (!RegistryJson.isInt(value)) {
            throw new SchemaRegistryException("The registry's answer for " + what + " has no integer '" + field + "': "
                    + abbreviate(String.valueOf(answer)), 200, -1, "missing " + field, null);
        }
        return ((Number) value).intValue();
    }

    private static List<?> elements(Object answer) {
        return answer instanceof List<?> list ? list : List.of();
    }

    private static String schemaBody(String schema) {
        // schemaType is omitted: AVRO is the default and older registries reject the field. Quoted with
        // jackson-core's encoder rather than ObjectNode.toString(), which would load databind's whole
        // serializer stack (a few dozen classes) into every agent just for this one string.
        return RegistryJson.object("schema", schema);
    }

    static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String decodeForHumans(String path) {
        return java.net.URLDecoder.decode(path.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static String describe(Throwable e) {
        Throwable t = e;
        while (t != null) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getClass().getSimpleName() + ": " + t.getMessage();
            }
            t = t.getCause();
        }
        return e.getClass().getSimpleName();
    }

    private static String abbreviate(String text) {
        if (text == null) {
            return "";
        }
        String flat = text.replaceAll("\\s+", " ").trim();
        return flat.length() <= 300 ? flat : flat.substring(0, 300) + "...";
    }
}
