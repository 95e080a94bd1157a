package io.fleetaudit.testkit;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BrokerSourceTest {

    @Test
    void shouldUseTheEmbeddedBrokerWhenTheVariableIsUnsetOrBlank() {
        assertThat(BrokerSource.external(Map.of())).isEmpty();
        assertThat(BrokerSource.external(Map.of(BrokerSource.ENV, "  "))).isEmpty();
    }

    @Test
    void shouldUseTheExternalClusterWhenTheVariableIsSet() {
        assertThat(BrokerSource.external(Map.of(BrokerSource.ENV, "kafka-1.test:9092")))
                .contains("kafka-1.test:9092");
        assertThat(BrokerSource.external(Map.of(BrokerSource.ENV, " 10.0.0.1:9092, 10.0.0.2:9093 ")))
                .contains("10.0.0.1:9092,10.0.0.2:9093");
        assertThat(BrokerSource.external(Map.of(BrokerSource.ENV, "[::1]:9092"))).contains("[::1]:9092");
    }

    @Test
    void shouldRejectAValueThatIsNotHostColonPort() {
        for (String bad : new String[] {"localhost", "localhost:", ":9092", "localhost:99999", "localhost:0",
                "a:1,,b:2", "PLAINTEXT://localhost:9092"}) {
            assertThatThrownBy(() -> BrokerSource.external(Map.of(BrokerSource.ENV, bad)))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(BrokerSource.ENV)
                    .hasMessageContaining("host:port");
        }
    }
}
