package io.fleetaudit.schemas.registry;

import java.util.Map;

/**
 * Creates the right {@link SchemaRegistryClient} for a client config. Input: a property map with
 * {@code schema.registry.url} (and optional auth/TLS/retry keys). Output: a
 * {@link MockSchemaRegistryClient} for {@code mock://<scope>}, else a {@link RestSchemaRegistryClient}.
 * Invalid config fails fast with a {@link org.apache.kafka.common.config.ConfigException}.
 */
public final class SchemaRegistryClients {

    private SchemaRegistryClients() {
    }

    public static SchemaRegistryClient create(Map<String, ?> config) {
        return create(new SchemaRegistryClientConfig(config));
    }

    public static SchemaRegistryClient create(SchemaRegistryClientConfig config) {
        String scope = config.mockScope();
        return scope != null ? MockSchemaRegistryClient.forScope(scope) : new RestSchemaRegistryClient(config);
    }
}
