package io.fleetaudit.streams.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.fleetaudit.contracts.Alert;
import io.fleetaudit.contracts.NodeState;
import io.fleetaudit.contracts.NodeStatus;
import io.fleetaudit.streams.detect.StoreNames;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read-only query API over the streams app's stores (JDK HttpServer, JSON). Input: a running KafkaStreams and a
 * {@link QueryConfig}. Output: {@code GET /api/v1/nodes} (filters service, environment, state; paging with
 * limit + cursor), {@code /api/v1/nodes/{id}} (routed to the owning instance), {@code /api/v1/services} (declared vs
 * running, counts by state), {@code /api/v1/alerts?status=firing|resolved|all}, {@code /healthz}. Lists fan out to
 * every instance hosting the store and merge. Binds 127.0.0.1 by default; an optional bearer token guards /api;
 * non-GET is 405, bad parameters 400, unknown node 404, stores not ready 503.
 */
public final class QueryServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(QueryServer.class);
    static final int DEFAULT_LIMIT = 100;
    private static final Set<String> NODE_PARAMS = Set.of("service", "environment", "state", "limit", "cursor");
    private static final Set<String> NODE_ID_PARAMS = Set.of("service", "environment");
    private static final Set<String> SERVICE_PARAMS = Set.of("service", "environment");
    private static final Set<String> ALERT_PARAMS = Set.of("status", "service", "environment", "limit", "cursor");
    private static final List<String> STATES = Arrays.stream(NodeState.values()).map(Enum::name).toList();
    private static final List<String> ALERT_STATUSES = List.of("firing", "resolved", "all");

    private final KafkaStreams streams;
    private final QueryConfig config;
    private final LocalStores local;
    private final Instances instances;
    private final byte[] tokenHash;
    private HttpServer server;
    private ExecutorService executor;

    public QueryServer(KafkaStreams streams, QueryConfig config) {
        this.streams = streams;
        this.config = config;
        this.local = new LocalStores(streams);
        this.instances = new Instances(streams, config.self(), config.token(), Duration.ofMillis(config.forwardTimeoutMs()));
        this.tokenHash = config.token() == null ? null : sha256(config.token());
    }

    /** Binds and starts serving; returns this. */
    public synchronized QueryServer start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(config.bindHost(), config.port()), 64);
        AtomicInteger n = new AtomicInteger();
        executor = Executors.newFixedThreadPool(config.threads(), r -> {
            Thread t = new Thread(r, "fleet-audit-query-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        LOG.info("Query API on {} (advertised as {}, auth {})", url(), config.applicationServer().isEmpty() ? "-" : config.applicationServer(),
                tokenHash == null ? "off" : "bearer token");
        return this;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String url() {
        return "http://" + config.bindHost() + ":" + port();
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        try {
            String method = ex.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                ex.getResponseHeaders().set("Allow", "GET, HEAD");
                throw new ApiException(405, "the query API is read-only: use GET");
            }
            String path = ex.getRequestURI().getRawPath();
            String query = ex.getRequestURI().getRawQuery();
            if (path.equals("/healthz")) {
                health(ex);
                return;
            }
            authenticate(ex);
            JsonNode body = route(path, query);
            send(ex, 200, body);
        } catch (ApiException e) {
            send(ex, e.status(), error(e.status(), e.getMessage()));
        } catch (InvalidStateStoreException e) {
            ex.getResponseHeaders().set("Retry-After", "1");
            LOG.debug("Store not queryable for {}", ex.getRequestURI(), e);
            send(ex, 503, error(503, "state stores are not ready (" + streams.state() + ": " + e.getMessage() + "), retry shortly"));
        } catch (RuntimeException e) {
            LOG.warn("Query {} failed", ex.getRequestURI(), e);
            send(ex, 500, error(500, "internal error: " + e.getClass().getSimpleName()));
        } finally {
            ex.close();
        }
    }

    private JsonNode route(String path, String query) {
        if (path.equals("/api/v1/nodes")) {
            return nodes(QueryParams.parse(query, NODE_PARAMS));
        }
        if (path.startsWith("/api/v1/nodes/") && path.length() > "/api/v1/nodes/".length()) {
            String id = URLDecoder.decode(path.substring("/api/v1/nodes/".length()), StandardCharsets.UTF_8);
            if (id.contains("/")) {
                throw ApiException.notFound("no such endpoint: " + path);
            }
            return node(id, QueryParams.parse(query, NODE_ID_PARAMS));
        }
        if (path.equals("/api/v1/services")) {
            return services(QueryParams.parse(query, SERVICE_PARAMS));
        }
        if (path.equals("/api/v1/alerts")) {
            return alerts(QueryParams.parse(query, ALERT_PARAMS));
        }
        throw ApiException.notFound("no such endpoint: " + path + " (try /api/v1/nodes, /api/v1/services, /api/v1/alerts)");
    }

    // ---- /api/v1/nodes ----------------------------------------------------------------------------------------

    private JsonNode nodes(QueryParams p) {
        String service = p.get("service");
        String env = p.get("environment");
        String state = p.oneOf("state", STATES, true);
        Predicate<NodeStatus> filter = s -> (service == null || service.equals(s.getService()))
                && (env == null || env.equals(s.getEnvironment())) && (state == null || state.equals(s.getState().name()));
        return page(StoreNames.NODE_STATUS, "/api/v1/nodes", p, filter);
    }

    private JsonNode node(String id, QueryParams p) {
        if (p.localOnly()) {
            return found(id, local.<NodeStatus>get(StoreNames.NODE_STATUS, id));
        }
        String service = p.get("service");
        String env = p.get("environment");
        if (service != null && env != null && instances.self() != null) {
            // The status store is partitioned by environment/service (one task owns a whole service): route by that key.
            KeyQueryMetadata md = streams.queryMetadataForKey(StoreNames.NODE_STATUS, env + "/" + service, new StringSerializer());
            if (md == null || md.equals(KeyQueryMetadata.NOT_AVAILABLE) || md.activeHost().port() < 0) {
                throw ApiException.unavailable("no instance owns " + env + "/" + service + " right now (rebalancing?), retry shortly");
            }
            if (instances.isSelf(md.activeHost())) {
                NodeStatus s = local.get(StoreNames.NODE_STATUS, id, md.partition());
                return found(id, s != null && service.equals(s.getService()) && env.equals(s.getEnvironment()) ? s : null);
            }
            JsonNode remote = instances.get(md.activeHost(), "/api/v1/nodes/" + enc(id) + "?scope=local");
            if (remote == null) {
                throw ApiException.notFound("no node '" + id + "' in " + env + "/" + service);
            }
            return remote;
        }
        NodeStatus s = local.get(StoreNames.NODE_STATUS, id);
        if (s != null && (service == null || service.equals(s.getService())) && (env == null || env.equals(s.getEnvironment()))) {
            return AvroJson.toJson(s);
        }
        // Without its service we cannot compute the owner: ask each other instance once.
        for (HostInfo h : instances.others(StoreNames.NODE_STATUS)) {
            JsonNode remote = instances.get(h, "/api/v1/nodes/" + enc(id) + "?scope=local");
            if (remote != null) {
                return remote;
            }
        }
        throw ApiException.notFound("no node '" + id + "'");
    }

    private static JsonNode found(String id, NodeStatus s) {
        if (s == null) {
            throw ApiException.notFound("no node '" + id + "'");
        }
        return AvroJson.toJson(s);
    }

    // ---- /api/v1/alerts ---------------------------------------------------------------------------------------

    private JsonNode alerts(QueryParams p) {
        String status = p.oneOf("status", ALERT_STATUSES, false);
        String want = status == null || status.equals("all") ? null : status.toUpperCase(java.util.Locale.ROOT);
        String service = p.get("service");
        String env = p.get("environment");
        Predicate<Alert> filter = a -> (want == null || want.equals(a.getStatus().name()))
                && (service == null || service.equals(a.getService())) && (env == null || env.equals(a.getEnvironment()));
        return page(StoreNames.ALERTS, "/api/v1/alerts", p, filter);
    }

    // ---- paging shared by nodes and alerts ---------------------------------------------------------------------

    private <V extends org.apache.avro.generic.IndexedRecord> JsonNode page(String store, String path, QueryParams p, Predicate<V> filter) {
        int limit = p.limit(DEFAULT_LIMIT, config.maxPageSize());
        String cursor = p.get("cursor");
        TreeMap<String, JsonNode> merged = new TreeMap<>();
        boolean more = false;
        List<KeyValue<String, V>> mine = local.page(store, cursor, limit, filter);
        more |= mine.size() > limit;
        mine.stream().limit(limit).forEach(kv -> merged.put(kv.key, keyed(kv.key, AvroJson.toJson(kv.value))));
        if (!p.localOnly()) {
            for (HostInfo h : instances.others(store)) {
                JsonNode r = instances.get(h, path + "?" + forwardQuery(p, limit, cursor));
                if (r == null) {
                    continue;
                }
                more |= !r.path("nextCursor").isNull() && !r.path("nextCursor").isMissingNode();
                r.path("items").forEach(item -> merged.put(item.path("key").asText(), item));
            }
        }
        ObjectNode out = AvroJson.MAPPER.createObjectNode();
        ArrayNode items = out.putArray("items");
        String last = null;
        int n = 0;
        for (Map.Entry<String, JsonNode> e : merged.entrySet()) {
            if (n == limit) {
                more = true;
                break;
            }
            items.add(e.getValue());
            last = e.getKey();
            n++;
        }
        if (more && last != null) {
            out.put("nextCursor", last);
        } else {
            out.putNull("nextCursor");
        }
        return out;
    }

    /** Items carry their store key so pages from several instances merge in one order. */
    private static JsonNode keyed(String key, ObjectNode item) {
        ObjectNode o = AvroJson.MAPPER.createObjectNode();
        o.put("key", key);
        o.setAll(item);
        return o;
    }

    private static String forwardQuery(QueryParams p, int limit, String cursor) {
        StringBuilder sb = new StringBuilder("scope=local&limit=").append(limit);
        for (String name : List.of("service", "environment", "state", "status")) {
            String v = p.get(name);
            if (v != null) {
                sb.append('&').append(name).append('=').append(enc(v));
            }
        }
        if (cursor != null) {
            sb.append("&cursor=").append(enc(cursor));
        }
        return sb.toString();
    }

    // ---- /api/v1/services --------------------------------------------------------------------------------------

    private JsonNode services(QueryParams p) {
        ServiceSummaries sums = new ServiceSummaries(p.get("service"), p.get("environment"));
        sums.addLocal(local.all(StoreNames.NODE_STATUS), local.all(StoreNames.DECLARATIONS));
        if (!p.localOnly()) {
            StringBuilder q = new StringBuilder("scope=local");
            for (String name : List.of("service", "environment")) {
                if (p.get(name) != null) {
                    q.append('&').append(name).append('=').append(enc(p.get(name)));
                }
            }
            for (HostInfo h : instances.others(StoreNames.NODE_STATUS)) {
                JsonNode r = instances.get(h, "/api/v1/services?" + q);
                if (r != null) {
                    sums.addRemote(r.path("items"));
                }
            }
        }
        ObjectNode out = AvroJson.MAPPER.createObjectNode();
        out.set("items", sums.toJson(!p.localOnly()));
        return out;
    }

    // ---- plumbing ------------------------------------------------------------------------------------------------

    private void health(HttpExchange ex) throws IOException {
        KafkaStreams.State state = streams.state();
        boolean up = state.isRunningOrRebalancing();
        ObjectNode o = AvroJson.MAPPER.createObjectNode();
        o.put("status", up ? "UP" : "DOWN");
        o.put("streams", state.name());
        send(ex, up ? 200 : 503, o);
    }

    private void authenticate(HttpExchange ex) {
        if (tokenHash == null) {
            return;
        }
        String h = ex.getRequestHeaders().getFirst("Authorization");
        String given = h != null && h.regionMatches(true, 0, "Bearer ", 0, 7) ? h.substring(7).trim() : "";
        // Compare fixed-length hashes in constant time so neither content nor length leaks through timing.
        if (!MessageDigest.isEqual(tokenHash, sha256(given))) {
            ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"fleet-audit\"");
            throw new ApiException(401, "missing or wrong bearer token");
        }
    }

    private static void send(HttpExchange ex, int status, JsonNode body) throws IOException {
        byte[] bytes = AvroJson.MAPPER.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream os = ex.getResponseBody()) {
                os.write(bytes);
            }
        }
    }

    private static ObjectNode error(int status, String message) {
        ObjectNode o = AvroJson.MAPPER.createObjectNode();
        o.put("status", status);
        o.put("error", message);
        return o;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
