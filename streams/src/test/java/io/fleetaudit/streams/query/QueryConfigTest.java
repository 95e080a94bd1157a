package io.fleetaudit.streams.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class QueryConfigTest {

    @Test
    void shouldDefaultToLoopbackWithoutAuthAndIgnoreOtherKeys() {
        QueryConfig c = new QueryConfig(Map.of("bootstrap.servers", "x:9092", "fleet.metrics.port", 9464));
        assertThat(c.bindHost()).isEqualTo("127.0.0.1");
        assertThat(c.port()).isEqualTo(8088);
        assertThat(c.token()).isNull();
        assertThat(c.self()).isNull();
    }

    @Test
    void shouldReadTheAdvertisedHostAndToken() {
        QueryConfig c = new QueryConfig(Map.of("application.server", "10.0.0.5:8088", "fleet.query.token", "t0k"));
        assertThat(c.self().host()).isEqualTo("10.0.0.5");
        assertThat(c.self().port()).isEqualTo(8088);
        assertThat(c.token()).isEqualTo("t0k");
        assertThat(c.toString()).doesNotContain("t0k");
    }

    @Test
    void shouldFailFastOnUnknownOrInvalidKeys() {
        assertThatThrownBy(() -> new QueryConfig(Map.of("fleet.query.tokn", "x"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("Unknown configuration key 'fleet.query.tokn'").hasMessageContaining("fleet.query.token");
        assertThatThrownBy(() -> new QueryConfig(Map.of("fleet.query.port", 70000))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("fleet.query.port");
        assertThatThrownBy(() -> new QueryConfig(Map.of("application.server", "no-port"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("application.server");
    }
}
