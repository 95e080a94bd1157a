package io.fleetaudit.streams.topology;

import static io.fleetaudit.streams.testing.Fixtures.ENV;
import static io.fleetaudit.streams.testing.Fixtures.NEW_DIGEST;
import static io.fleetaudit.streams.testing.Fixtures.OLD_DIGEST;
import static io.fleetaudit.streams.testing.Fixtures.artifact;
import static io.fleetaudit.streams.testing.Fixtures.declaration;
import static io.fleetaudit.streams.testing.Fixtures.heartbeat;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetaudit.contracts.AlertStatus;
import io.fleetaudit.contracts.Heartbeat;
import io.fleetaudit.contracts.NodeState;
import io.fleetaudit.schemas.topics.HeartbeatPartitioner;
import io.fleetaudit.streams.detect.DeclarationSnapshot;
import io.fleetaudit.streams.detect.DetectionSettings;
import io.fleetaudit.streams.testing.DetectionDriver;
import io.fleetaudit.streams.testing.RogueWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Heartbeats and declarations in their service's partition are detected where they land; the others take the
 * repartition topic to the task that owns their service, with the same verdicts and dead letters. The test driver
 * delivers every record as partition 0, so with two partitions a service placed in partition 1 is "elsewhere".
 */
class PlacementTopologyTest {
    private final DetectionDriver t = new DetectionDriver(DetectionSettings.defaults(), DeclarationSnapshot.empty(), 2);

    @AfterEach
    void close() {
        t.close();
    }

    /** A service name whose environment/service falls in {@code partition} of 2. */
    private static String serviceIn(int partition) {
        return IntStream.range(0, 100).mapToObj(i -> "svc-" + i)
                .filter(s -> HeartbeatPartitioner.partition(ENV + "/" + s, 2) == partition).findFirst().orElseThrow();
    }

    private void driftAndFix(String service) {
        t.declare(declaration().setService(service).build());
        t.beat(heartbeat(service + "-1", t.now()).setService(service));
        t.beat(heartbeat(service + "-2", t.now()).setService(service).setArtifacts(List.of(artifact("1.0", OLD_DIGEST))));
        assertThat(t.statusStore().get(service + "-2").getState()).isEqualTo(NodeState.DRIFTED);
        t.beat(heartbeat(service + "-2", t.now()).setService(service).setSequence(2)
                .setArtifacts(List.of(artifact("2.0", NEW_DIGEST))));
        assertThat(t.statusStore().get(service + "-2").getState()).isEqualTo(NodeState.OK);
        assertThat(t.alerts).filteredOn(a -> a.getService().equals(service))
                .extracting(a -> a.getStatus() + " " + a.getRule() + " " + a.getSubject())
                .containsExactly(AlertStatus.FIRING + " ARTIFACT_DRIFT " + service + "-2",
                        AlertStatus.RESOLVED + " ARTIFACT_DRIFT " + service + "-2");
    }

    @Test
    void shouldDetectAServiceInItsPartitionWithoutTheRepartitionTopic() {
        driftAndFix(serviceIn(0));
        assertThat(t.repartitioned()).isFalse();
    }

    @Test
    void shouldDetectAServicePlacedElsewhereThroughTheRepartitionTopicTheSameWay() {
        driftAndFix(serviceIn(1));
        assertThat(t.repartitioned()).isTrue();
        driftAndFix(serviceIn(0));
    }

    /**
     * node-heartbeat-store keeps a heartbeat's bytes as its agent wrote them (here a newer agent's, with a field this
     * reader does not know), whichever way the heartbeat came, and a declaration change re-evaluates the node from them.
     */
    @ParameterizedTest(name = "service in partition {0}")
    @ValueSource(ints = {0, 1})
    void shouldStoreTheHeartbeatAsItsAgentWroteItAndReEvaluateTheNodeFromIt(int partition) {
        String service = serviceIn(partition);
        t.declare(declaration().setService(service).build());
        Heartbeat hb = heartbeat(service + "-1", t.now()).setService(service).build();
        byte[] wire = RogueWriter.heartbeatWithExtraField(t.registry(), "fleet.heartbeats.v1-value", hb, "kernel", "6.1");

        t.pipeRawHeartbeatBytes(hb.getNodeId(), wire);

        assertThat(t.repartitioned()).isEqualTo(partition == 1);
        assertThat(t.heartbeatStore().get(ENV + "/" + service + "|" + hb.getNodeId())).isEqualTo(wire);
        assertThat(t.statusStore().get(hb.getNodeId()).getState()).isEqualTo(NodeState.OK);

        t.declare(declaration().setService(service).setArtifacts(List.of(artifact("2012.09.01", OLD_DIGEST)))
                .setGitCommit("b4dc0de").build());

        assertThat(t.statusStore().get(hb.getNodeId())).satisfies(s -> {
            assertThat(s.getState()).isEqualTo(NodeState.DRIFTED);
            assertThat(s.getDeclarationCommit()).isEqualTo("b4dc0de");
            assertThat(s.getArtifacts()).isEqualTo(hb.getArtifacts());
        });
        assertThat(t.firing()).extracting(a -> a.getRule() + " " + a.getSubject())
                .containsExactly("ARTIFACT_DRIFT " + hb.getNodeId());
    }

    @Test
    void shouldDeadLetterFromItsSourceAHeartbeatPlacedElsewhereThatFailsTheFullDecode() {
        String service = serviceIn(1);
        t.declare(declaration().setService(service).build());
        byte[] whole = t.topics.heartbeats().valueSerde().serializer().serialize(t.topics.heartbeats().name(),
                heartbeat("n1", t.now()).setService(service).build());
        byte[] cut = java.util.Arrays.copyOf(whole, whole.length / 2);
        t.pipeRawHeartbeatBytes("n1", cut);
        t.beat(heartbeat("n2", t.now()).setService(service));

        assertThat(t.repartitioned()).isTrue();
        assertThat(t.deadLetters).singleElement().satisfies(dl -> {
            assertThat(dl.getTopic()).isEqualTo("fleet.heartbeats.v1");
            assertThat(dl.getOffset()).isZero();
            assertThat(dl.getErrorClass()).isEqualTo(SerializationException.class.getName());
            assertThat(dl.getValue().array()).isEqualTo(cut);
            assertThat(new String(dl.getKey().array(), StandardCharsets.UTF_8)).isEqualTo("n1");
        });
        assertThat(t.statusStore().get("n1")).isNull();
        assertThat(t.statusStore().get("n2")).isNotNull();
    }
}
