package io.fleetaudit.schemas.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetaudit.contracts.Declaration;
import io.fleetaudit.contracts.Heartbeat;
import io.fleetaudit.schemas.fixtures.Contracts;
import io.fleetaudit.schemas.registry.MockSchemaRegistryClient;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.FakeAdmin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TopicCatalogueTest {

    private static final String SCOPE = "topic-catalogue-test";

    @AfterEach
    void drop() {
        MockSchemaRegistryClient.dropScope(SCOPE);
    }

    private static Map<String, Object> cfg(Object... kv) {
        Map<String, Object> map = new HashMap<>();
        map.put("schema.registry.url", "mock://" + SCOPE);
        map.put("bootstrap.servers", "unused:9092");
        for (int i = 0; i < kv.length; i += 2) {
            map.put((String) kv[i], kv[i + 1]);
        }
        return map;
    }

    @Test
    void shouldKnowEveryTopicWithItsDefaults() {
        TopicCatalogue catalogue = TopicCatalogue.from(cfg());

        assertThat(catalogue.all()).extracting(TopicSpec::name).containsExactly(Topics.HEARTBEATS, Topics.DECLARATIONS,
                Topics.EXEMPTIONS, Topics.NODE_STATUS, Topics.ALERTS, Topics.AUDIT, Topics.HEARTBEATS_DLQ);
        assertThat(catalogue.all()).allSatisfy(spec -> {
            assertThat(spec.partitions()).isEqualTo(6);
            assertThat(spec.replicationFactor()).isEqualTo((short) 1);
        });
        assertThat(catalogue.all()).filteredOn(TopicSpec::compacted).extracting(TopicSpec::name)
                .containsExactlyInAnyOrder(Topics.DECLARATIONS, Topics.EXEMPTIONS, Topics.NODE_STATUS);
        assertThat(catalogue.declarations().configs()).containsEntry("cleanup.policy", "compact").doesNotContainKey("retention.ms");
        assertThat(catalogue.heartbeats().configs()).containsEntry("cleanup.policy", "delete")
                .containsEntry("retention.ms", Long.toString(7L * 24 * 3600 * 1000));
        assertThat(catalogue.audit().configs()).containsEntry("cleanup.policy", "delete").containsEntry("retention.ms", "-1");
        assertThat(catalogue.byName(Topics.ALERTS)).contains(catalogue.alerts());
        assertThat(catalogue.byName("nope")).isEmpty();
        assertThat(catalogue.adminTimeoutMs()).isEqualTo(60_000L);
    }

    @Test
    void shouldTakeOverridesFromConfig() {
        TopicCatalogue catalogue = TopicCatalogue.from(cfg("topics.partitions", "12", "topics.replication.factor", "3",
                "topics.heartbeats.partitions", 24, "topics.audit.retention.ms", "31536000000",
                "topics.admin.timeout.ms", "5000"));

        assertThat(catalogue.heartbeats().partitions()).isEqualTo(24);
        assertThat(catalogue.declarations().partitions()).isEqualTo(12);
        assertThat(catalogue.alerts().replicationFactor()).isEqualTo((short) 3);
        assertThat(catalogue.audit().configs()).containsEntry("retention.ms", "31536000000");
        assertThat(catalogue.adminTimeoutMs()).isEqualTo(5_000L);
        NewTopic topic = catalogue.heartbeats().newTopic();
        assertThat(topic.numPartitions()).isEqualTo(24);
        assertThat(topic.replicationFactor()).isEqualTo((short) 3);
    }

    @Test
    void shouldUseTheBrokerDefaultReplicationFactorForMinusOne() {
        NewTopic topic = TopicCatalogue.from(cfg("topics.replication.factor", -1)).alerts().newTopic();
        assertThat(topic.replicationFactor()).isEqualTo((short) -1);
        assertThat(topic.replicasAssignments()).isNull();
    }

    @Test
    void shouldRejectInvalidTopicSettingsNamingTheKey() {
        assertThatThrownBy(() -> TopicCatalogue.from(cfg("topics.partitions", 0)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("topics.partitions");
        assertThatThrownBy(() -> TopicCatalogue.from(cfg("topics.replication.factor", 0)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("topics.replication.factor")
                .hasMessageContaining("-1 (broker default)");
        assertThatThrownBy(() -> TopicCatalogue.from(cfg("topics.alerts.partitions", -2)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("topics.alerts.partitions");
        Map<String, Object> noRegistry = cfg();
        noRegistry.remove("schema.registry.url");
        assertThatThrownBy(() -> TopicCatalogue.from(noRegistry))
                .isInstanceOf(ConfigException.class).hasMessageContaining("schema.registry.url");
    }

    @Test
    void shouldCarryWorkingSerdes() {
        TopicCatalogue catalogue = TopicCatalogue.from(cfg());
        TopicSpec<String, Heartbeat> heartbeats = catalogue.heartbeats();
        TopicSpec<String, Declaration> declarations = catalogue.declarations();

        byte[] value = heartbeats.valueSerde().serializer().serialize(heartbeats.name(), Contracts.heartbeat());
        byte[] declared = declarations.valueSerde().serializer().serialize(declarations.name(), Contracts.declaration());

        assertThat(heartbeats.valueSerde().deserializer().deserialize(heartbeats.name(), value)).isEqualTo(Contracts.heartbeat());
        assertThat(declarations.valueSerde().deserializer().deserialize(declarations.name(), declared)).isEqualTo(Contracts.declaration());
        assertThat(heartbeats.keySerde().deserializer().deserialize(heartbeats.name(),
                heartbeats.keySerde().serializer().serialize(heartbeats.name(), "router-8"))).isEqualTo("router-8");
        assertThat(MockSchemaRegistryClient.forScope(SCOPE).getSubjects())
                .containsExactly(Topics.DECLARATIONS + "-value", Topics.HEARTBEATS + "-value");
    }

    @Test
    void shouldCreateOnlyMissingTopicsAndTolerateConcurrentCreation() {
        TopicCatalogue catalogue = TopicCatalogue.from(cfg());
        FakeAdmin fake = new FakeAdmin();
        fake.topics.put(Topics.HEARTBEATS, new NewTopic(Topics.HEARTBEATS, 6, (short) 1));
        fake.raceOn.add(Topics.AUDIT);

        List<String> created = catalogue.ensureTopics(fake.admin());

        assertThat(created).containsExactly(Topics.DECLARATIONS, Topics.EXEMPTIONS, Topics.NODE_STATUS, Topics.ALERTS,
                Topics.HEARTBEATS_DLQ);
        assertThat(fake.createRequests).extracting(NewTopic::name).doesNotContain(Topics.HEARTBEATS).contains(Topics.AUDIT);
        NewTopic exemptions = fake.topics.get(Topics.EXEMPTIONS);
        assertThat(exemptions.configs()).containsEntry("cleanup.policy", "compact");
        assertThat(exemptions.numPartitions()).isEqualTo(6);

        fake.raceOn.clear();
        fake.topics.put(Topics.AUDIT, new NewTopic(Topics.AUDIT, 6, (short) 1));
        assertThat(catalogue.ensureTopics(fake.admin())).as("second run: nothing missing").isEmpty();
    }
}
