package io.fleetaudit.registry;

import io.fleetaudit.schemas.registry.CompatibilityLevel;
import java.net.URI;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * Typed configuration of the local schema registry, read once from a Map (keys follow Confluent Schema
 * Registry's names). Input: a property map; output: validated values plus the Kafka client properties for
 * the store ({@code kafkastore.<client-property>} keys, e.g. {@code kafkastore.security.protocol},
 * {@code kafkastore.sasl.jaas.config}, passed through with the prefix removed). Any other unknown key fails
 * fast with a {@link ConfigException} naming the key and the allowed keys.
 */
public final class RegistryConfig extends AbstractConfig {

    public static final String BOOTSTRAP_SERVERS = "kafkastore.bootstrap.servers";
    public static final String TOPIC = "kafkastore.topic";
    public static final String TOPIC_REPLICATION_FACTOR = "kafkastore.topic.replication.factor";
    public static final String TIMEOUT_MS = "kafkastore.timeout.ms";
    public static final String INIT_TIMEOUT_MS = "kafkastore.init.timeout.ms";
    public static final String LISTENERS = "listeners";
    public static final String HOST = "host";
    public static final String PORT = "port";
    public static final String COMPATIBILITY_LEVEL = "schema.compatibility.level";
    public static final String HTTP_THREADS = "http.threads";

    /** Prefix of Kafka client properties passed through to the store's producer, consumer and admin client. */
    public static final String CLIENT_PREFIX = "kafkastore.";

    public static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(BOOTSTRAP_SERVERS, Type.LIST, ConfigDef.NO_DEFAULT_VALUE, ConfigDef.LambdaValidator.with(
                            (name, value) -> {
                                if (value == null || ((java.util.List<?>) value).isEmpty()) {
                                    throw new ConfigException(name, value, "at least one host:port is required");
                                }
                            }, () -> "non-empty list of host:port"), Importance.HIGH,
                    "Kafka cluster that stores the schemas (host:port list).")
            .define(TOPIC, Type.STRING, "_schemas", new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "Compacted topic holding every schema and config record; created (1 partition, compacted) if missing.")
            .define(TOPIC_REPLICATION_FACTOR, Type.SHORT, (short) -1, ConfigDef.LambdaValidator.with(
                            (name, value) -> {
                                short rf = (Short) value;
                                if (rf == 0 || rf < -1) {
                                    throw new ConfigException(name, value, "must be -1 (broker default) or >= 1");
                                }
                            }, () -> "-1 (broker default) or >= 1"), Importance.MEDIUM,
                    "Replication factor used when the store topic is created; -1 = the broker's default.replication.factor.")
            .define(TIMEOUT_MS, Type.LONG, 10_000L, ConfigDef.Range.atLeast(1), Importance.LOW,
                    "How long a write waits for the broker's ack and for the reader to apply it (read-your-writes).")
            .define(INIT_TIMEOUT_MS, Type.LONG, 60_000L, ConfigDef.Range.atLeast(1), Importance.LOW,
                    "How long start-up waits to create the topic and read it to its end.")
            .define(LISTENERS, Type.STRING, "", Importance.HIGH,
                    "HTTP listener as http://host:port (Confluent's key); when set it wins over host/port. Only http is supported.")
            .define(HOST, Type.STRING, "127.0.0.1", new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                    "Address to bind; loopback by default (the registry has no authentication).")
            .define(PORT, Type.INT, 8081, ConfigDef.Range.between(0, 65535), Importance.MEDIUM,
                    "Port to bind; 0 picks a free port.")
            .define(COMPATIBILITY_LEVEL, Type.STRING, CompatibilityLevel.BACKWARD.name(),
                    ConfigDef.CaseInsensitiveValidString.in(CompatibilityLevel.names()), Importance.MEDIUM,
                    "Global compatibility level until one is PUT to /config.")
            .define(HTTP_THREADS, Type.INT, 8, ConfigDef.Range.between(1, 256), Importance.LOW,
                    "Threads serving HTTP requests.");

    private final String host;
    private final int port;

    public RegistryConfig(Map<String, ?> props) {
        super(CONFIG_DEF, rejectUnknown(props), false);
        String listeners = getString(LISTENERS).trim();
        if (listeners.isEmpty()) {
            host = getString(HOST);
            port = getInt(PORT);
        } else {
            URI uri = parseListener(listeners);
            host = uri.getHost();
            port = uri.getPort();
        }
    }

    /** Convenience for the common case: a broker list plus host/port, all other keys at their defaults. */
    public static RegistryConfig of(String bootstrapServers, String host, int port) {
        Map<String, Object> props = new HashMap<>();
        props.put(BOOTSTRAP_SERVERS, bootstrapServers);
        props.put(HOST, host);
        props.put(PORT, port);
        return new RegistryConfig(props);
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public String bootstrapServers() {
        return String.join(",", getList(BOOTSTRAP_SERVERS));
    }

    public String topic() {
        return getString(TOPIC);
    }

    public short replicationFactor() {
        return getShort(TOPIC_REPLICATION_FACTOR);
    }

    public long timeoutMs() {
        return getLong(TIMEOUT_MS);
    }

    public long initTimeoutMs() {
        return getLong(INIT_TIMEOUT_MS);
    }

    public int httpThreads() {
        return getInt(HTTP_THREADS);
    }

    public CompatibilityLevel defaultCompatibility() {
        return CompatibilityLevel.valueOf(getString(COMPATIBILITY_LEVEL).toUpperCase(Locale.ROOT));
    }

    /**
     * Kafka client properties for the store: bootstrap servers plus every {@code kafkastore.*} key that is not
     * one of this class's own keys, with the prefix removed (TLS, SASL, client.id, ...).
     */
    public Map<String, Object> kafkaClientProperties() {
        Map<String, Object> client = new HashMap<>();
        originals().forEach((key, value) -> {
            if (key.startsWith(CLIENT_PREFIX) && !CONFIG_DEF.names().contains(key)) {
                client.put(key.substring(CLIENT_PREFIX.length()), value);
            }
        });
        client.put("bootstrap.servers", bootstrapServers());
        return client;
    }

    private static Map<String, ?> rejectUnknown(Map<String, ?> props) {
        for (String key : props.keySet()) {
            boolean passThrough = key.startsWith(CLIENT_PREFIX) && key.length() > CLIENT_PREFIX.length();
            if (!CONFIG_DEF.names().contains(key) && !passThrough) {
                Set<String> allowed = new TreeSet<>(CONFIG_DEF.names());
                throw new ConfigException("Unknown registry config key '" + key + "'. Allowed keys: " + allowed
                        + ", or any Kafka client property prefixed with '" + CLIENT_PREFIX
                        + "' (e.g. kafkastore.security.protocol).");
            }
        }
        return props;
    }

    private static URI parseListener(String listeners) {
        if (listeners.contains(",")) {
            throw new ConfigException(LISTENERS, listeners, "exactly one listener is supported");
        }
        URI uri;
        try {
            uri = URI.create(listeners);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(LISTENERS, listeners, "expected http://host:port");
        }
        if (!"http".equalsIgnoreCase(uri.getScheme())) {
            throw new ConfigException(LISTENERS, listeners,
                    "only http:// is supported; put a TLS-terminating proxy in front for https");
        }
        if (uri.getHost() == null || uri.getPort() < 0) {
            throw new ConfigException(LISTENERS, listeners, "expected http://host:port (port 0 = any free port)");
        }
        return uri;
    }
}
