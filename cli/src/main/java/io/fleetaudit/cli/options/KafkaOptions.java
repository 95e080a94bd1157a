package io.fleetaudit.cli.options;

import io.fleetaudit.cli.CliException;
import io.fleetaudit.cli.time.TimeParser;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.Option;

/**
 * The connection options every Kafka-talking verb shares, named like Kafka's own tools: {@code --bootstrap-server},
 * {@code --command-config client.properties} (TLS/SASL and any client or serde key, e.g. basic.auth.user.info),
 * {@code --schema-registry}, {@code --timeout}. Output: one client property map; explicit options win over the
 * file, the file over the environment ({@code FLEET_AUDIT_BOOTSTRAP_SERVER}, {@code FLEET_AUDIT_SCHEMA_REGISTRY}).
 */
public final class KafkaOptions {
    public static final String DEFAULT_BOOTSTRAP = "localhost:9092";
    public static final String DEFAULT_REGISTRY = "http://localhost:8081";

    @Option(names = "--bootstrap-server", paramLabel = "HOST:PORT[,...]",
            description = "Kafka brokers (default: bootstrap.servers from --command-config, else $FLEET_AUDIT_BOOTSTRAP_SERVER, else " + DEFAULT_BOOTSTRAP + ").")
    String bootstrapServer;

    @Option(names = "--command-config", paramLabel = "FILE",
            description = "Client properties file (security.protocol, ssl.*, sasl.*, schema.registry.*, basic.auth.*), as for kafka-console-consumer.")
    Path commandConfig;

    @Option(names = "--schema-registry", paramLabel = "URL",
            description = "Schema registry URL (default: schema.registry.url from --command-config, else $FLEET_AUDIT_SCHEMA_REGISTRY, else " + DEFAULT_REGISTRY + ").")
    String schemaRegistry;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30s",
            description = "How long to wait for the cluster before giving up (default: ${DEFAULT-VALUE}).")
    String timeout;

    /** The client properties for producers, consumers, admin clients and serdes. */
    public Map<String, Object> clientConfig(Map<String, String> env) {
        Map<String, Object> cfg = new HashMap<>();
        if (commandConfig != null) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(commandConfig)) {
                p.load(r);
            } catch (IOException e) {
                throw CliException.usage("--command-config " + commandConfig + ": cannot read (" + e.getMessage() + ")");
            }
            p.forEach((k, v) -> cfg.put(k.toString(), v.toString().trim()));
        }
        String bootstrap = first(bootstrapServer, (String) cfg.get("bootstrap.servers"), env.get("FLEET_AUDIT_BOOTSTRAP_SERVER"), DEFAULT_BOOTSTRAP);
        String registry = first(schemaRegistry, (String) cfg.get("schema.registry.url"), env.get("FLEET_AUDIT_SCHEMA_REGISTRY"), DEFAULT_REGISTRY);
        cfg.put("bootstrap.servers", bootstrap);
        cfg.put("schema.registry.url", registry);
        int ms = (int) Math.min(Integer.MAX_VALUE, timeout().toMillis());
        cfg.putIfAbsent("default.api.timeout.ms", ms);
        cfg.putIfAbsent("request.timeout.ms", Math.min(ms, 30_000));
        cfg.putIfAbsent("max.block.ms", ms);
        cfg.putIfAbsent("delivery.timeout.ms", Math.max(ms, Math.min(ms, 30_000) + 1_000));
        cfg.putIfAbsent("topics.admin.timeout.ms", (long) ms);
        return cfg;
    }

    public Duration timeout() {
        try {
            return TimeParser.parseDuration(timeout);
        } catch (IllegalArgumentException e) {
            throw CliException.usage("--timeout " + e.getMessage());
        }
    }

    private static String first(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v.trim();
            }
        }
        return null;
    }
}
