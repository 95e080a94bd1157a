package io.fleetaudit.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetaudit.schemas.topics.TopicCatalogue;
import io.fleetaudit.schemas.topics.Topics;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

/**
 * The topic catalogue against a real broker: missing topics are created with their partitions and cleanup
 * policy, existing ones are left alone, and a second start-up creates nothing. A private broker, so the fixed
 * topic names cannot collide with other tests or an external cluster.
 */
class TopicCatalogueIT {

    @Test
    void shouldCreateOnlyMissingTopicsWithTheirCleanupPolicy() throws Exception {
        TopicCatalogue catalogue = TopicCatalogue.from(Map.of("schema.registry.url", "mock://topic-catalogue-it"));
        try (EmbeddedKafka kafka = EmbeddedKafka.start(); Admin admin = kafka.createAdmin()) {
            admin.createTopics(List.of(new NewTopic(Topics.HEARTBEATS, 2, (short) 1))).all().get();

            List<String> created = catalogue.ensureTopics(admin);

            assertThat(created).containsExactlyInAnyOrder(Topics.DECLARATIONS, Topics.EXEMPTIONS, Topics.NODE_STATUS,
                    Topics.ALERTS, Topics.AUDIT, Topics.HEARTBEATS_DLQ);
            Map<String, TopicDescription> topics = admin.describeTopics(Set.of(Topics.HEARTBEATS, Topics.EXEMPTIONS))
                    .allTopicNames().get();
            assertThat(topics.get(Topics.HEARTBEATS).partitions()).as("an existing topic is left alone").hasSize(2);
            assertThat(topics.get(Topics.EXEMPTIONS).partitions()).hasSize(6);
            assertThat(cleanupPolicy(admin, Topics.EXEMPTIONS)).isEqualTo("compact");
            assertThat(cleanupPolicy(admin, Topics.NODE_STATUS)).isEqualTo("compact");
            assertThat(cleanupPolicy(admin, Topics.AUDIT)).isEqualTo("delete");

            assertThat(catalogue.ensureTopics(admin)).as("second start-up: nothing missing").isEmpty();
        }
    }

    private static String cleanupPolicy(Admin admin, String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config config = admin.describeConfigs(Set.of(resource)).all().get().get(resource);
        return config.get("cleanup.policy").value();
    }
}
