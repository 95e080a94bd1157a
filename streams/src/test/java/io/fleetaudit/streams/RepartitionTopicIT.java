package io.fleetaudit.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetaudit.testkit.KafkaBrokerExtension;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** RepartitionTopic.ensure on the real broker: creates once, leaves an existing topic, never throws for a refusal. */
class RepartitionTopicIT {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @Test
    void shouldCreateTheTopicOnceAndLeaveItThereAfter() throws Exception {
        NewTopic topic = RepartitionTopic.newTopic(KAFKA.uniqueName("rt-app"), 4, Map.of());
        try (Admin admin = KAFKA.adminClient()) {
            assertThat(RepartitionTopic.ensure(admin, topic, 30_000)).isTrue();
            assertThat(RepartitionTopic.ensure(admin, topic, 30_000)).isFalse();
            assertThat(admin.describeTopics(List.of(topic.name())).allTopicNames().get().get(topic.name())
                    .partitions()).hasSize(4);
        }
    }

    @Test
    void shouldLeaveATopicTheBrokerRefusesToKafkaStreamsWithoutThrowing() throws Exception {
        NewTopic refused = RepartitionTopic.newTopic(KAFKA.uniqueName("rt-bad"), 4, Map.of("topic.retention.ms", "forever"));
        try (Admin admin = KAFKA.adminClient()) {
            assertThat(RepartitionTopic.ensure(admin, refused, 30_000)).isFalse();
            assertThat(admin.listTopics().names().get()).doesNotContain(refused.name());
        }
    }
}
