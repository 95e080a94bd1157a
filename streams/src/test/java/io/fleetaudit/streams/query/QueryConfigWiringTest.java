package io.fleetaudit.streams.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetaudit.streams.StreamsAppConfig;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

/** The streams app's one property file also carries the query API's keys; typos in them still fail fast. */
class QueryConfigWiringTest {

    @Test
    void shouldAcceptQueryKeysInTheStreamsAppConfig() {
        Map<String, Object> props = Map.of("bootstrap.servers", "x:9092", "fleet.query.port", 8088, "fleet.query.token", "t",
                "fleet.query.max.page.size", 50);
        StreamsAppConfig app = new StreamsAppConfig(props);
        assertThat(app.queryPort()).isEqualTo(8088);
        assertThat(app.streamsProperties()).containsEntry("application.server", "127.0.0.1:8088");
        QueryConfig q = new QueryConfig(app.originals());
        assertThat(q.maxPageSize()).isEqualTo(50);
        assertThat(q.token()).isEqualTo("t");
    }

    @Test
    void shouldStillRejectUnknownFleetKeys() {
        assertThatThrownBy(() -> new StreamsAppConfig(Map.of("bootstrap.servers", "x:9092", "fleet.query.tokn", "t")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("fleet.query.tokn");
    }
}
