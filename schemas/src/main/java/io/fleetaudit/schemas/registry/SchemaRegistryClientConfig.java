package io.fleetaudit.schemas.registry;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * Typed configuration of a schema registry client, read once from a client property map.
 * Input: the same map a Kafka producer/consumer/streams app gets (keys named as in Confluent's
 * clients: {@code schema.registry.url}, {@code basic.auth.*}, {@code schema.registry.ssl.*}) plus
 * our own retry and timeout keys. Output: validated values; invalid values, and unknown
 * {@code schema.registry.ssl.*} keys, fail fast with a {@link ConfigException} naming the key and
 * the allowed values. Other unknown keys are ignored because the map is a whole client config.
 */
public class SchemaRegistryClientConfig extends AbstractConfig {

    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
    public static final String BASIC_AUTH_CREDENTIALS_SOURCE = "basic.auth.credentials.source";
    public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";
    public static final String MAX_RETRIES = "schema.registry.max.retries";
    public static final String RETRY_BACKOFF_MS = "schema.registry.retry.backoff.ms";
    public static final String RETRY_BACKOFF_MAX_MS = "schema.registry.retry.backoff.max.ms";
    public static final String REQUEST_TIMEOUT_MS = "schema.registry.request.timeout.ms";
    public static final String CONNECT_TIMEOUT_MS = "schema.registry.connect.timeout.ms";

    public static final String SSL_PREFIX = "schema.registry.ssl.";
    public static final String SSL_PROTOCOL = SSL_PREFIX + "protocol";
    public static final String SSL_TRUSTSTORE_LOCATION = SSL_PREFIX + "truststore.location";
    public static final String SSL_TRUSTSTORE_PASSWORD = SSL_PREFIX + "truststore.password";
    public static final String SSL_TRUSTSTORE_TYPE = SSL_PREFIX + "truststore.type";
    public static final String SSL_KEYSTORE_LOCATION = SSL_PREFIX + "keystore.location";
    public static final String SSL_KEYSTORE_PASSWORD = SSL_PREFIX + "keystore.password";
    public static final String SSL_KEYSTORE_TYPE = SSL_PREFIX + "keystore.type";
    public static final String SSL_KEY_PASSWORD = SSL_PREFIX + "key.password";
    public static final String SSL_ENDPOINT_IDENTIFICATION_ALGORITHM = SSL_PREFIX + "endpoint.identification.algorithm";

    /** Where basic-auth credentials come from (Confluent's values). */
    public static final String SOURCE_URL = "URL";
    public static final String SOURCE_USER_INFO = "USER_INFO";
    public static final String SOURCE_SASL_INHERIT = "SASL_INHERIT";

    private static final ConfigDef CONFIG = addTo(new ConfigDef());

    public SchemaRegistryClientConfig(Map<String, ?> props) {
        this(CONFIG, props);
    }

    protected SchemaRegistryClientConfig(ConfigDef def, Map<String, ?> props) {
        super(def, props, false);
        rejectUnknownSslKeys(props);
        validateUrls(urls());
        if (!"https".equalsIgnoreCase(getString(SSL_ENDPOINT_IDENTIFICATION_ALGORITHM))) {
            // java.net.http.HttpClient can only switch hostname verification off JVM-wide.
            throw new ConfigException(SSL_ENDPOINT_IDENTIFICATION_ALGORITHM,
                    getString(SSL_ENDPOINT_IDENTIFICATION_ALGORITHM),
                    "only 'https' is supported; hostname verification cannot be disabled per client "
                            + "(use a certificate whose SAN matches the registry host)");
        }
        if (getLong(RETRY_BACKOFF_MAX_MS) < getLong(RETRY_BACKOFF_MS)) {
            throw new ConfigException(RETRY_BACKOFF_MAX_MS, getLong(RETRY_BACKOFF_MAX_MS),
                    "must be >= " + RETRY_BACKOFF_MS + " (" + getLong(RETRY_BACKOFF_MS) + ")");
        }
    }

    /** Adds the registry client keys to {@code def}; serde configs build on it. */
    public static ConfigDef addTo(ConfigDef def) {
        return def
                .define(SCHEMA_REGISTRY_URL, Type.LIST, ConfigDef.NO_DEFAULT_VALUE,
                        new UrlListValidator(),
                        Importance.HIGH,
                        "Comma-separated schema registry URLs, tried in order with failover; "
                                + "mock://<scope> selects an in-memory registry shared per scope in this JVM.")
                .define(BASIC_AUTH_CREDENTIALS_SOURCE, Type.STRING, SOURCE_URL,
                        ValidString.in(SOURCE_URL, SOURCE_USER_INFO, SOURCE_SASL_INHERIT), Importance.MEDIUM,
                        "Where HTTP basic-auth credentials come from: URL (user-info of the registry URL), "
                                + "USER_INFO (basic.auth.user.info) or SASL_INHERIT (username/password of sasl.jaas.config).")
                .define(BASIC_AUTH_USER_INFO, Type.PASSWORD, null, Importance.MEDIUM,
                        "user:password for basic.auth.credentials.source=USER_INFO.")
                .define(MAX_RETRIES, Type.INT, 3, Range.atLeast(0), Importance.LOW,
                        "How many times a request is retried (over all URLs) after 5xx, 408, 429 or I/O errors.")
                .define(RETRY_BACKOFF_MS, Type.LONG, 100L, Range.atLeast(0), Importance.LOW,
                        "First wait before a retry round; doubled every round.")
                .define(RETRY_BACKOFF_MAX_MS, Type.LONG, 2_000L, Range.atLeast(0), Importance.LOW,
                        "Upper bound of the wait between retry rounds.")
                .define(REQUEST_TIMEOUT_MS, Type.INT, 30_000, Range.atLeast(1), Importance.LOW,
                        "Timeout of one HTTP request.")
                .define(CONNECT_TIMEOUT_MS, Type.INT, 10_000, Range.atLeast(1), Importance.LOW,
                        "Timeout to open a connection to one registry URL.")
                .define(SSL_PROTOCOL, Type.STRING, "TLSv1.3", Importance.LOW,
                        "SSLContext protocol for https registry URLs.")
                .define(SSL_TRUSTSTORE_LOCATION, Type.STRING, null, Importance.MEDIUM,
                        "Trust store file; unset = the JVM's default trust store.")
                .define(SSL_TRUSTSTORE_PASSWORD, Type.PASSWORD, null, Importance.MEDIUM, "Trust store password.")
                .define(SSL_TRUSTSTORE_TYPE, Type.STRING, "JKS", Importance.LOW, "Trust store type (JKS, PKCS12).")
                .define(SSL_KEYSTORE_LOCATION, Type.STRING, null, Importance.MEDIUM,
                        "Key store file for mutual TLS; unset = no client certificate.")
                .define(SSL_KEYSTORE_PASSWORD, Type.PASSWORD, null, Importance.MEDIUM, "Key store password.")
                .define(SSL_KEYSTORE_TYPE, Type.STRING, "JKS", Importance.LOW, "Key store type (JKS, PKCS12).")
                .define(SSL_KEY_PASSWORD, Type.PASSWORD, null, Importance.LOW,
                        "Password of the private key; unset = the key store password.")
                .define(SSL_ENDPOINT_IDENTIFICATION_ALGORITHM, Type.STRING, "https", Importance.LOW,
                        "Only 'https' (hostname verification on) is supported.");
    }

    public static ConfigDef configDef() {
        return CONFIG;
    }

    public List<String> urls() {
        return getList(SCHEMA_REGISTRY_URL).stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** The scope of a {@code mock://<scope>} URL, or null for real registries. */
    public String mockScope() {
        List<String> urls = urls();
        boolean anyMock = urls.stream().anyMatch(u -> u.startsWith("mock://"));
        if (!anyMock) {
            return null;
        }
        if (urls.size() != 1) {
            throw new ConfigException(SCHEMA_REGISTRY_URL, String.join(",", urls),
                    "a mock://<scope> URL cannot be combined with other URLs");
        }
        return urls.get(0).substring("mock://".length());
    }

    public String credentialsSource() {
        return getString(BASIC_AUTH_CREDENTIALS_SOURCE);
    }

    public Password userInfo() {
        return getPassword(BASIC_AUTH_USER_INFO);
    }

    public int maxRetries() {
        return getInt(MAX_RETRIES);
    }

    public long retryBackoffMs() {
        return getLong(RETRY_BACKOFF_MS);
    }

    public long retryBackoffMaxMs() {
        return getLong(RETRY_BACKOFF_MAX_MS);
    }

    public int requestTimeoutMs() {
        return getInt(REQUEST_TIMEOUT_MS);
    }

    public int connectTimeoutMs() {
        return getInt(CONNECT_TIMEOUT_MS);
    }

    private static void validateUrls(List<String> urls) {
        if (urls.isEmpty()) {
            throw new ConfigException(SCHEMA_REGISTRY_URL, "", "at least one URL is required");
        }
        for (String url : urls) {
            if (url.startsWith("mock://")) {
                if (url.length() == "mock://".length()) {
                    throw new ConfigException(SCHEMA_REGISTRY_URL, url, "mock:// needs a scope name, e.g. mock://my-test");
                }
                continue;
            }
            URI uri;
            try {
                uri = URI.create(url);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(SCHEMA_REGISTRY_URL, redact(url), "not a valid URL: " + e.getMessage());
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                throw new ConfigException(SCHEMA_REGISTRY_URL, redact(url),
                        "allowed forms: http://host:port, https://host:port, mock://<scope>");
            }
        }
    }

    private static void rejectUnknownSslKeys(Map<String, ?> props) {
        Set<String> known = new TreeSet<>();
        for (String name : CONFIG.names()) {
            if (name.startsWith(SSL_PREFIX)) {
                known.add(name);
            }
        }
        for (String key : props.keySet()) {
            if (key.startsWith(SSL_PREFIX) && !known.contains(key)) {
                throw new ConfigException(key, "(not shown)",
                        "unknown or unsupported schema registry TLS key; supported keys: " + known);
            }
        }
    }

    /** The URL without any user-info, safe to log and to put in messages. */
    static String redact(String url) {
        int scheme = url.indexOf("://");
        if (scheme < 0) {
            return url;
        }
        int slash = url.indexOf('/', scheme + 3);
        String authority = slash < 0 ? url.substring(scheme + 3) : url.substring(scheme + 3, slash);
        int at = authority.lastIndexOf('@');
        if (at < 0) {
            return url;
        }
        return url.substring(0, scheme + 3) + authority.substring(at + 1) + (slash < 0 ? "" : url.substring(slash));
    }

    private static final class UrlListValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (value == null || ((List<?>) value).isEmpty()) {
                throw new ConfigException(name, value,
                        "at least one URL is required: http(s)://host:port[,...] or mock://<scope>");
            }
        }

        @Override
        public String toString() {
            return "comma-separated http(s):// URLs, or one mock://<scope>";
        }
    }
}
