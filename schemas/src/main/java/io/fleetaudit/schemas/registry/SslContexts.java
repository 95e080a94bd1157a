package io.fleetaudit.schemas.registry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * Builds the {@link SSLContext} for https registry URLs from {@code schema.registry.ssl.*}. Input:
 * the client config. Output: a context with the configured trust store and (for mutual TLS) key
 * store, or null when neither is configured (the JVM defaults apply). A store that cannot be read
 * fails fast naming its key.
 */
final class SslContexts {

    private SslContexts() {
    }

    static SSLContext build(SchemaRegistryClientConfig config) {
        String trustLocation = config.getString(SchemaRegistryClientConfig.SSL_TRUSTSTORE_LOCATION);
        String keyLocation = config.getString(SchemaRegistryClientConfig.SSL_KEYSTORE_LOCATION);
        if (trustLocation == null && keyLocation == null) {
            return null;
        }
        try {
            TrustManagerFactory tmf = null;
            if (trustLocation != null) {
                KeyStore trust = load(SchemaRegistryClientConfig.SSL_TRUSTSTORE_LOCATION, trustLocation,
                        config.getString(SchemaRegistryClientConfig.SSL_TRUSTSTORE_TYPE),
                        config.getPassword(SchemaRegistryClientConfig.SSL_TRUSTSTORE_PASSWORD));
                tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(trust);
            }
            KeyManagerFactory kmf = null;
            if (keyLocation != null) {
                Password storePassword = config.getPassword(SchemaRegistryClientConfig.SSL_KEYSTORE_PASSWORD);
                KeyStore keys = load(SchemaRegistryClientConfig.SSL_KEYSTORE_LOCATION, keyLocation,
                        config.getString(SchemaRegistryClientConfig.SSL_KEYSTORE_TYPE), storePassword);
                Password keyPassword = config.getPassword(SchemaRegistryClientConfig.SSL_KEY_PASSWORD);
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(keys, chars(keyPassword != null ? keyPassword : storePassword));
            }
            SSLContext context = SSLContext.getInstance(config.getString(SchemaRegistryClientConfig.SSL_PROTOCOL));
            context.init(kmf == null ? null : kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new ConfigException("Cannot build the schema registry TLS context from "
                    + SchemaRegistryClientConfig.SSL_PREFIX + "*: " + e.getMessage());
        }
    }

    private static KeyStore load(String key, String location, String type, Password password) {
        try (InputStream in = Files.newInputStream(Path.of(location))) {
            KeyStore store = KeyStore.getInstance(type);
            store.load(in, chars(password));
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigException(key, location, "cannot load " + type + " store: " + e);
        }
    }

    private static char[] chars(Password password) {
        return password == null || password.value() == null ? null : password.value().toCharArray();
    }
}
