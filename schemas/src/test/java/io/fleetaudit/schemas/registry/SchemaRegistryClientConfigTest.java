package io.fleetaudit.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class SchemaRegistryClientConfigTest {

    private static Map<String, Object> cfg(Object... kv) {
        Map<String, Object> map = new HashMap<>();
        map.put("schema.registry.url", "http://127.0.0.1:8081");
        for (int i = 0; i < kv.length; i += 2) {
            map.put((String) kv[i], kv[i + 1]);
        }
        return map;
    }

    @Test
    void shouldRequireTheRegistryUrl() {
        assertThatThrownBy(() -> new SchemaRegistryClientConfig(Map.of("bootstrap.servers", "x:9092")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("schema.registry.url");
    }

    @Test
    void shouldNameTheAllowedCredentialSources() {
        assertThatThrownBy(() -> new SchemaRegistryClientConfig(cfg("basic.auth.credentials.source", "TOKEN")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("basic.auth.credentials.source")
                .hasMessageContaining("URL, USER_INFO, SASL_INHERIT");
    }

    @Test
    void shouldRequireUserInfoForUserInfoSourceWithoutShowingIt() {
        assertThatThrownBy(() -> SchemaRegistryClients.create(cfg("basic.auth.credentials.source", "USER_INFO")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("basic.auth.user.info is required");
        assertThatThrownBy(() -> SchemaRegistryClients.create(cfg("basic.auth.credentials.source", "USER_INFO",
                "basic.auth.user.info", "nocolonsecret")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("user:password")
                .hasMessageNotContaining("nocolonsecret");
    }

    @Test
    void shouldRejectUnknownSchemes() {
        assertThatThrownBy(() -> new SchemaRegistryClientConfig(cfg("schema.registry.url", "ftp://u:pw@host:21")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("http://host:port, https://host:port, mock://<scope>")
                .hasMessageNotContaining("pw");
    }

    @Test
    void shouldRejectMockMixedWithRealUrls() {
        assertThatThrownBy(() -> SchemaRegistryClients.create(cfg("schema.registry.url", "mock://a,http://127.0.0.1:1")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("mock://<scope> URL cannot be combined");
    }

    @Test
    void shouldRejectUnknownTlsKeysNamingTheSupportedOnes() {
        assertThatThrownBy(() -> new SchemaRegistryClientConfig(cfg("schema.registry.ssl.trustore.location", "/tmp/x.jks")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("schema.registry.ssl.trustore.location")
                .hasMessageContaining("schema.registry.ssl.truststore.location");
    }

    @Test
    void shouldNameTheTruststoreKeyWhenItCannotBeLoaded() {
        assertThatThrownBy(() -> SchemaRegistryClients.create(cfg("schema.registry.url", "https://127.0.0.1:8081",
                "schema.registry.ssl.truststore.location", "/nonexistent/truststore.jks")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("schema.registry.ssl.truststore.location")
                .hasMessageContaining("/nonexistent/truststore.jks");
    }

    @Test
    void shouldRefuseToDisableHostnameVerification() {
        assertThatThrownBy(() -> new SchemaRegistryClientConfig(cfg("schema.registry.ssl.endpoint.identification.algorithm", "")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("only 'https' is supported");
    }

    @Test
    void shouldValidateRetrySettings() {
        assertThatThrownBy(() -> new SchemaRegistryClientConfig(cfg("schema.registry.max.retries", -1)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("schema.registry.max.retries");
        assertThatThrownBy(() -> new SchemaRegistryClientConfig(cfg("schema.registry.retry.backoff.ms", 500L,
                "schema.registry.retry.backoff.max.ms", 100L)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("schema.registry.retry.backoff.max.ms");
    }

    @Test
    void shouldParseListsAndPickTheImplementation() {
        SchemaRegistryClientConfig config = new SchemaRegistryClientConfig(cfg("schema.registry.url", " http://a:1 , http://b:2/ "));
        assertThat(config.urls()).containsExactly("http://a:1", "http://b:2/");
        assertThat(config.maxRetries()).isEqualTo(3);
        assertThat(SchemaRegistryClients.create(cfg("schema.registry.url", "mock://x"))).isInstanceOf(MockSchemaRegistryClient.class);
        assertThat(SchemaRegistryClients.create(cfg())).isInstanceOf(RestSchemaRegistryClient.class);
    }

    @Test
    void shouldRedactUserInfo() {
        assertThat(SchemaRegistryClientConfig.redact("https://u:p@ss@host:8081/path")).isEqualTo("https://host:8081/path");
        assertThat(SchemaRegistryClientConfig.redact("http://host:8081")).isEqualTo("http://host:8081");
    }
}
