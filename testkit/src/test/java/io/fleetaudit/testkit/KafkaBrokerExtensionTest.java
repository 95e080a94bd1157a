package io.fleetaudit.testkit;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KafkaBrokerExtensionTest {

    private final KafkaBrokerExtension external =
            new KafkaBrokerExtension(Map.of(BrokerSource.ENV, "broker.example:9092"));

    @Test
    void shouldHandOutTheExternalClusterWithoutStartingABroker() {
        assertThat(external.isExternal()).isTrue();
        assertThat(external.bootstrapServers()).isEqualTo("broker.example:9092");
    }

    @Test
    void shouldFailFastOnAMalformedVariable() {
        assertThatThrownBy(() -> new KafkaBrokerExtension(Map.of(BrokerSource.ENV, "broker.example")))
                .hasMessageContaining(BrokerSource.ENV);
    }

    @Test
    void shouldMakeUniqueLegalNamesWithThePrefix() {
        String a = external.uniqueName("heartbeats");
        String b = external.uniqueName("heartbeats");
        assertThat(a).startsWith("heartbeats-").matches("[a-zA-Z0-9._-]+").isNotEqualTo(b);
    }

    @Test
    void shouldRejectAPrefixThatIsNotLegalInTopicNames() {
        assertThatThrownBy(() -> external.uniqueName("fleet/heartbeats"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fleet/heartbeats");
    }
}
