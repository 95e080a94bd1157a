package io.fleetaudit.schemas.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetaudit.contracts.Heartbeat;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.junit.jupiter.api.Test;

class HeartbeatPartitionerTest {
    private static final String TOPIC = "fleet.heartbeats.v1";
    private final HeartbeatPartitioner partitioner = new HeartbeatPartitioner();

    private static Cluster cluster(int partitions) {
        Node node = new Node(0, "localhost", 9092);
        List<PartitionInfo> infos = IntStream.range(0, partitions)
                .mapToObj(p -> new PartitionInfo(TOPIC, p, node, new Node[] {node}, new Node[] {node})).toList();
        return new Cluster("c", List.of(node), infos, Set.of(), Set.of());
    }

    private static Heartbeat heartbeat(String nodeId, String environment, String service) {
        return Heartbeat.newBuilder().setNodeId(nodeId).setInstanceId("i").setBootId("b").setService(service)
                .setEnvironment(environment).setAgentVersion("t").setSequence(1).setSentAt(Instant.EPOCH).build();
    }

    private record Placed(String getEnvironment, String getService) implements HeartbeatPartitioner.Placed {
    }

    /** The streams app's repartition topic and declarations are keyed by environment/service with Kafka's own placement. */
    @Test
    void shouldPlaceAHeartbeatWhereKafkaPlacesARecordKeyedByItsService() {
        for (int partitions : new int[] {1, 2, 6, 7, 64}) {
            for (int s = 0; s < 50; s++) {
                String service = "svc-" + s;
                int kafka = BuiltInPartitioner.partitionForKey(("prod/" + service).getBytes(StandardCharsets.UTF_8),
                        partitions);
                assertThat(HeartbeatPartitioner.partition("prod/" + service, partitions)).isEqualTo(kafka);
                assertThat(partitioner.partition(TOPIC, "n-" + s, ("n-" + s).getBytes(StandardCharsets.UTF_8),
                        heartbeat("n-" + s, "prod", service), null, cluster(partitions))).isEqualTo(kafka);
                assertThat(partitioner.partition(TOPIC, "n-" + s, null, new Placed("prod", service), null,
                        cluster(partitions))).isEqualTo(kafka);
            }
        }
    }

    @Test
    void shouldKeepAllNodesOfAServiceTogetherAndSpreadServices() {
        Set<Integer> ofOneService = new HashSet<>();
        Set<Integer> ofAll = new HashSet<>();
        for (int n = 0; n < 100; n++) {
            ofOneService.add(partitioner.partition(TOPIC, "n" + n, null, heartbeat("n" + n, "prod", "checkout"), null,
                    cluster(6)));
            ofAll.add(partitioner.partition(TOPIC, "n" + n, null, heartbeat("n" + n, "prod", "svc-" + n), null,
                    cluster(6)));
        }
        assertThat(ofOneService).hasSize(1);
        assertThat(ofAll).hasSize(6);
    }

    @Test
    void shouldPlaceARecordWithoutAHeartbeatByItsKeyAndRefuseOneWithNeither() {
        byte[] key = "node-1".getBytes(StandardCharsets.UTF_8);
        assertThat(partitioner.partition(TOPIC, "node-1", key, null, null, cluster(6)))
                .isEqualTo(BuiltInPartitioner.partitionForKey(key, 6));
        assertThatThrownBy(() -> partitioner.partition(TOPIC, null, null, null, null, cluster(6)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a key");
    }
}
