package io.fleetaudit.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetaudit.schemas.topics.TopicCatalogue;
import io.fleetaudit.testkit.KafkaBrokerExtension;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * TopicCatalogue.partitionCounts on the real broker, as FleetAuditStreamsApp.start() uses it: a topic that appears a
 * moment after it is asked for (created by another process starting at the same time) is waited for, and one that never
 * appears fails after topics.admin.timeout.ms, naming the key.
 */
class TopicPartitionCountsIT {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static TopicCatalogue catalogue(long adminTimeoutMs) {
        return TopicCatalogue.from(Map.of("bootstrap.servers", KAFKA.bootstrapServers(),
                "schema.registry.url", "mock://partition-counts-it", "topics.admin.timeout.ms", adminTimeoutMs));
    }

    @Test
    void shouldWaitForATopicThatIsCreatedAMomentLater() throws Exception {
        String name = KAFKA.uniqueName("pc-late");
        try (Admin admin = KAFKA.adminClient(); Admin other = KAFKA.adminClient()) {
            CompletableFuture<Void> created = CompletableFuture.runAsync(() -> {
                try {
                    other.createTopics(List.of(new NewTopic(name, 3, (short) 1))).all().get();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, CompletableFuture.delayedExecutor(500, TimeUnit.MILLISECONDS));

            Map<String, Integer> counts = catalogue(30_000).partitionCounts(admin, name);

            assertThat(counts).containsExactly(Map.entry(name, 3));
            created.get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void shouldFailNamingTheTimeoutKeyForATopicThatNeverAppears() {
        String name = KAFKA.uniqueName("pc-never");
        try (Admin admin = KAFKA.adminClient()) {
            assertThatThrownBy(() -> catalogue(1_000).partitionCounts(admin, name))
                    .isInstanceOf(KafkaException.class)
                    .hasMessageContaining(name).hasMessageContaining("topics.admin.timeout.ms");
            assertThat(catalogue(1_000).adminTimeoutMs()).isEqualTo(1_000L);
        }
    }
}
