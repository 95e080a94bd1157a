package io.fleetaudit.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class RepartitionTopicTest {

    @Test
    void shouldBeNamedAsKafkaStreamsNamesTheTopologysRepartitionTopic() {
        assertThat(RepartitionTopic.name("fleet-audit")).isEqualTo("fleet-audit-detection-inputs-by-service-repartition");
    }

    @Test
    void shouldTakeKafkaStreamsDefaultsAndLeaveTheReplicationFactorToTheBrokerByDefault() {
        NewTopic topic = RepartitionTopic.newTopic("app", 6, Map.of("bootstrap.servers", "x:9092"));

        assertThat(topic.name()).isEqualTo("app-detection-inputs-by-service-repartition");
        assertThat(topic.numPartitions()).isEqualTo(6);
        assertThat(topic.replicationFactor()).isEqualTo((short) -1);
        assertThat(topic.configs()).containsExactlyInAnyOrderEntriesOf(Map.of("cleanup.policy", "delete",
                "segment.bytes", "52428800", "retention.ms", "-1", "message.timestamp.type", "CreateTime"));
    }

    @Test
    void shouldApplyTheUsersReplicationFactorAndTopicSettingsAsKafkaStreamsDoes() {
        NewTopic topic = RepartitionTopic.newTopic("app", 3, Map.of("replication.factor", "3",
                "topic.min.insync.replicas", 2, "topic.segment.bytes", "1048576", "producer.linger.ms", "5"));

        assertThat(topic.numPartitions()).isEqualTo(3);
        assertThat(topic.replicationFactor()).isEqualTo((short) 3);
        assertThat(topic.configs()).containsEntry("min.insync.replicas", "2").containsEntry("segment.bytes", "1048576")
                .containsEntry("retention.ms", "-1").doesNotContainKey("linger.ms").doesNotContainKey("producer.linger.ms");
    }

    @Test
    void shouldFailNamingTheKeyForAReplicationFactorThatIsNotANumber() {
        assertThatThrownBy(() -> RepartitionTopic.newTopic("app", 6, Map.of("replication.factor", "three")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("replication.factor");
    }
}
