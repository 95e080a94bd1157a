package io.fleetaudit.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class StreamsAppConfigTest {
    private static final Map<String, Object> MIN = Map.of("bootstrap.servers", "k1:9092,k2:9092");

    @Test
    void shouldDefaultToExactlyOnceAndInstallTheDeadLetterHandlers() {
        Map<String, Object> p = new StreamsAppConfig(MIN).streamsProperties();
        assertThat(p).containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, "exactly_once_v2")
                .containsEntry(StreamsConfig.APPLICATION_ID_CONFIG, "fleet-audit-streams")
                .containsEntry(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "k1:9092,k2:9092")
                .containsEntry(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, 0)
                .containsKeys(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                        StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG)
                .doesNotContainKey(StreamsConfig.APPLICATION_SERVER_CONFIG);
    }

    @Test
    void shouldSetPerformanceDefaultsThatYieldToTheUsersOwnSettings() {
        assertThat(new StreamsAppConfig(MIN).streamsProperties())
                .containsEntry(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 200L)
                .containsEntry("producer.linger.ms", 100).containsEntry("producer.batch.size", 256 * 1024)
                .containsEntry("producer.compression.type", "lz4")
                .containsEntry(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, -1L);
        assertThat(new StreamsAppConfig(Map.of("bootstrap.servers", "k:1", "commit.interval.ms", "50", "linger.ms", "0",
                "producer.batch.size", "1000", "max.task.idle.ms", "0", "compression.type", "zstd")).streamsProperties())
                .containsEntry(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "50").containsEntry("linger.ms", "0")
                .containsEntry(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, "0")
                .containsEntry("producer.batch.size", "1000").doesNotContainKey("producer.linger.ms")
                .containsEntry("compression.type", "zstd").doesNotContainKey("producer.compression.type");
        assertThat(new StreamsAppConfig(Map.of("bootstrap.servers", "k:1", "processing.guarantee", "at_least_once"))
                .streamsProperties()).doesNotContainKey(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)
                .containsEntry("producer.linger.ms", 10);
    }

    @Test
    void shouldLingerForHalfTheUsersCommitIntervalUnderExactlyOnce() {
        assertThat(new StreamsAppConfig(Map.of("bootstrap.servers", "k:1", "commit.interval.ms", "1000"))
                .streamsProperties()).containsEntry("producer.linger.ms", 500);
        assertThat(new StreamsAppConfig(Map.of("bootstrap.servers", "k:1", "commit.interval.ms", 30))
                .streamsProperties()).containsEntry("producer.linger.ms", 15);
        assertThat(new StreamsAppConfig(Map.of("bootstrap.servers", "k:1", "commit.interval.ms", "1000",
                "producer.linger.ms", "5")).streamsProperties()).containsEntry("producer.linger.ms", "5");
        assertThatThrownBy(() -> new StreamsAppConfig(Map.of("bootstrap.servers", "k:1", "commit.interval.ms", "soon")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("commit.interval.ms")
                .hasMessageContaining("soon");
    }

    @Test
    void shouldKeepStoresInMemoryByDefaultAndInRocksDbOnRequest() {
        assertThat(new StreamsAppConfig(MIN).inMemoryStores()).isTrue();
        assertThat(new StreamsAppConfig(Map.of("bootstrap.servers", "k:1", "fleet.state.stores", "rocksdb"))
                .inMemoryStores()).isFalse();
        assertThatThrownBy(() -> new StreamsAppConfig(Map.of("bootstrap.servers", "k:1", "fleet.state.stores", "disk")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("fleet.state.stores")
                .hasMessageContaining("disk").hasMessageContaining("in_memory").hasMessageContaining("rocksdb");
    }

    @Test
    void shouldPassClientSecurityAndRegistryKeysThroughButNotFleetKeys() {
        Map<String, Object> p = new StreamsAppConfig(Map.of("bootstrap.servers", "k:9093", "security.protocol", "SASL_SSL",
                "sasl.jaas.config", "secret", "schema.registry.url", "https://sr:8081", "basic.auth.user.info", "u:p",
                "fleet.outlier.majority.share", "0.9", "num.standby.replicas", "1")).streamsProperties();
        assertThat(p).containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.jaas.config", "secret")
                .containsEntry("schema.registry.url", "https://sr:8081").containsEntry("basic.auth.user.info", "u:p")
                .containsEntry(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, 1)
                .doesNotContainKey("fleet.outlier.majority.share");
    }

    @Test
    void shouldTypeTheDetectionSettings() {
        var s = new StreamsAppConfig(Map.of("bootstrap.servers", "k:1", "fleet.outlier.min.group.size", "5",
                "fleet.max.clock.skew.ms", "1000")).detectionSettings();
        assertThat(s.outlierMinGroupSize()).isEqualTo(5);
        assertThat(s.maxClockSkew().toMillis()).isEqualTo(1000);
        assertThat(s.outlierMajorityShare()).isEqualTo(0.75);
    }

    @Test
    void shouldDeriveApplicationServerFromTheQueryPort() {
        var p = new StreamsAppConfig(Map.of("bootstrap.servers", "k:1", "fleet.query.port", "7070",
                "fleet.http.host", "10.0.0.5")).streamsProperties();
        assertThat(p).containsEntry(StreamsConfig.APPLICATION_SERVER_CONFIG, "10.0.0.5:7070");
    }

    @Test
    void shouldFailOnUnknownFleetKeyNamingItAndTheAllowedKeys() {
        assertThatThrownBy(() -> new StreamsAppConfig(Map.of("bootstrap.servers", "k:1", "fleet.outlier.share", "1")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("fleet.outlier.share")
                .hasMessageContaining("fleet.outlier.majority.share");
    }

    @Test
    void shouldFailOnInvalidValuesNamingTheKey() {
        assertThatThrownBy(() -> new StreamsAppConfig(Map.of("bootstrap.servers", "k:1", "processing.guarantee", "exactly_once")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("processing.guarantee");
        assertThatThrownBy(() -> new StreamsAppConfig(Map.of("bootstrap.servers", "k:1", "fleet.outlier.majority.share", "0.3")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("fleet.outlier.majority.share");
        assertThatThrownBy(() -> new StreamsAppConfig(Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("bootstrap.servers");
    }
}
