package io.fleetaudit.streams.query;

import java.util.Map;
import java.util.TreeSet;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Typed configuration of the read-only query API. Input: the streams app's property map (other keys are
 * ignored, so the same map works); keys: {@code fleet.http.host} (bind address, default 127.0.0.1),
 * {@code fleet.query.port} (0 = any free port), {@code application.server} (host:port advertised to the other
 * instances; must reach this server), {@code fleet.query.token} (optional bearer token),
 * {@code fleet.query.max.page.size}, {@code fleet.query.forward.timeout.ms}, {@code fleet.query.threads}.
 * An unknown {@code fleet.query.*} key or an invalid value fails with a ConfigException naming the key.
 */
public final class QueryConfig extends AbstractConfig {
    public static final String BIND_HOST = "fleet.http.host";
    public static final String PORT = "fleet.query.port";
    public static final String TOKEN = "fleet.query.token";
    public static final String MAX_PAGE_SIZE = "fleet.query.max.page.size";
    public static final String FORWARD_TIMEOUT_MS = "fleet.query.forward.timeout.ms";
    public static final String THREADS = "fleet.query.threads";
    public static final String APPLICATION_SERVER = StreamsConfig.APPLICATION_SERVER_CONFIG;
    private static final String PREFIX = "fleet.query.";

    private static final ConfigDef DEF = new ConfigDef()
            .define(BIND_HOST, Type.STRING, "127.0.0.1", Importance.HIGH,
                    "Interface the query API binds to; loopback by default so nothing is exposed by accident.")
            .define(PORT, Type.INT, 8088, Range.between(0, 65535), Importance.HIGH,
                    "Query API port; 0 = any free port.")
            .define(APPLICATION_SERVER, Type.STRING, "", Importance.MEDIUM,
                    "host:port under which the other streams instances reach this query API (Kafka Streams' own key). "
                            + "Empty = single instance: every query is answered locally.")
            .define(TOKEN, Type.PASSWORD, null, Importance.MEDIUM,
                    "Bearer token required on every /api request (compared in constant time); unset = no authentication.")
            .define(MAX_PAGE_SIZE, Type.INT, 1000, Range.between(1, 100_000), Importance.LOW,
                    "Largest 'limit' a list request may ask for.")
            .define(FORWARD_TIMEOUT_MS, Type.LONG, 5_000L, Range.atLeast(1), Importance.LOW,
                    "Timeout of a request forwarded to another instance.")
            .define(THREADS, Type.INT, 4, Range.between(1, 256), Importance.LOW,
                    "HTTP worker threads.");

    public QueryConfig(Map<String, ?> props) {
        super(DEF, checkKeys(props), false);
        String server = applicationServer();
        if (!server.isEmpty()) {
            try {
                HostInfo.buildFromEndpoint(server);
            } catch (ConfigException e) {
                throw new ConfigException(APPLICATION_SERVER, server, "must be host:port");
            }
        }
    }

    public static ConfigDef configDef() {
        return DEF;
    }

    private static Map<String, ?> checkKeys(Map<String, ?> props) {
        for (String key : props.keySet()) {
            if (key.startsWith(PREFIX) && !DEF.names().contains(key)) {
                TreeSet<String> allowed = new TreeSet<>();
                DEF.names().stream().filter(n -> n.startsWith(PREFIX)).forEach(allowed::add);
                throw new ConfigException("Unknown configuration key '" + key + "'; allowed fleet.query.* keys: " + allowed);
            }
        }
        return props;
    }

    public String bindHost() {
        return getString(BIND_HOST);
    }

    public int port() {
        return getInt(PORT);
    }

    public String applicationServer() {
        return getString(APPLICATION_SERVER);
    }

    /** This instance as the other instances know it, or null for a single instance without application.server. */
    public HostInfo self() {
        String s = applicationServer();
        return s.isEmpty() ? null : HostInfo.buildFromEndpoint(s);
    }

    /** The bearer token, or null when authentication is off. Never log it. */
    public String token() {
        Password p = getPassword(TOKEN);
        return p == null || p.value().isEmpty() ? null : p.value();
    }

    public int maxPageSize() {
        return getInt(MAX_PAGE_SIZE);
    }

    public long forwardTimeoutMs() {
        return getLong(FORWARD_TIMEOUT_MS);
    }

    public int threads() {
        return getInt(THREADS);
    }
}
