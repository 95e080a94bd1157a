package io.fleetaudit.registry;

import io.fleetaudit.schemas.registry.CompatibilityLevel;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class RegistryConfigTest {

    @Test
    void shouldDefaultToLoopbackTopicSchemasAndBackward() {
        RegistryConfig config = new RegistryConfig(Map.of(RegistryConfig.BOOTSTRAP_SERVERS, "k1:9092,k2:9092"));
        assertThat(config.host()).isEqualTo("127.0.0.1");
        assertThat(config.port()).isEqualTo(8081);
        assertThat(config.topic()).isEqualTo("_schemas");
        assertThat(config.replicationFactor()).isEqualTo((short) -1);
        assertThat(config.defaultCompatibility()).isEqualTo(CompatibilityLevel.BACKWARD);
        assertThat(config.bootstrapServers()).isEqualTo("k1:9092,k2:9092");
    }

    @Test
    void shouldPassPrefixedKafkaClientPropertiesThroughWithoutThePrefix() {
        RegistryConfig config = new RegistryConfig(Map.of(RegistryConfig.BOOTSTRAP_SERVERS, "k:9093",
                "kafkastore.security.protocol", "SASL_SSL",
                "kafkastore.sasl.mechanism", "SCRAM-SHA-512",
                "kafkastore.ssl.truststore.location", "/etc/kafka/truststore.p12",
                RegistryConfig.TOPIC, "_schemas_dev"));
        assertThat(config.kafkaClientProperties()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "bootstrap.servers", "k:9093",
                "security.protocol", "SASL_SSL",
                "sasl.mechanism", "SCRAM-SHA-512",
                "ssl.truststore.location", "/etc/kafka/truststore.p12"));
    }

    @Test
    void shouldLetListenersWinOverHostAndPort() {
        RegistryConfig config = new RegistryConfig(Map.of(RegistryConfig.BOOTSTRAP_SERVERS, "k:9092",
                RegistryConfig.LISTENERS, "http://0.0.0.0:18081", RegistryConfig.PORT, "9999"));
        assertThat(config.host()).isEqualTo("0.0.0.0");
        assertThat(config.port()).isEqualTo(18081);
    }

    @Test
    void shouldFailFastNamingTheKeyAndTheAllowedValues() {
        assertThatThrownBy(() -> new RegistryConfig(Map.of(RegistryConfig.BOOTSTRAP_SERVERS, "k:9092", "prot", "8081")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'prot'").hasMessageContaining("kafkastore.topic").hasMessageContaining("port");
        assertThatThrownBy(() -> new RegistryConfig(Map.of(RegistryConfig.BOOTSTRAP_SERVERS, "k:9092",
                RegistryConfig.COMPATIBILITY_LEVEL, "SIDEWAYS")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(RegistryConfig.COMPATIBILITY_LEVEL).hasMessageContaining("FULL_TRANSITIVE");
        assertThatThrownBy(() -> new RegistryConfig(Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining(RegistryConfig.BOOTSTRAP_SERVERS);
        assertThatThrownBy(() -> new RegistryConfig(Map.of(RegistryConfig.BOOTSTRAP_SERVERS, "k:9092",
                RegistryConfig.LISTENERS, "https://0.0.0.0:8443")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("only http://");
        assertThatThrownBy(() -> new RegistryConfig(Map.of(RegistryConfig.BOOTSTRAP_SERVERS, "k:9092",
                RegistryConfig.PORT, "70000")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(RegistryConfig.PORT);
        assertThatThrownBy(() -> new RegistryConfig(Map.of(RegistryConfig.BOOTSTRAP_SERVERS, "k:9092",
                RegistryConfig.TOPIC_REPLICATION_FACTOR, "0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("-1 (broker default) or >= 1");
    }
}
