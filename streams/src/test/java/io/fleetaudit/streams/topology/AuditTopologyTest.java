package io.fleetaudit.streams.topology;

import static io.fleetaudit.streams.testing.Fixtures.OLD_DIGEST;
import static io.fleetaudit.streams.testing.Fixtures.artifact;
import static io.fleetaudit.streams.testing.Fixtures.declaration;
import static io.fleetaudit.streams.testing.Fixtures.heartbeat;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetaudit.contracts.AuditEvent;
import io.fleetaudit.contracts.AuditType;
import io.fleetaudit.contracts.NodeStatus;
import io.fleetaudit.streams.StreamsMetrics;
import io.fleetaudit.streams.testing.DetectionDriver;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The audit trail, node-status publication policy and metrics side of the topology. */
class AuditTopologyTest {
    private final DetectionDriver t = new DetectionDriver();

    @AfterEach
    void close() {
        t.close();
    }

    @Test
    void shouldSnapshotNodeChangesAndRecordDeclarationsAlertsAndStates() {
        t.declare(declaration().build());
        t.beat(heartbeat("n1", t.now()));
        t.advance(Duration.ofSeconds(10));
        t.beat(heartbeat("n1", t.now()).setSequence(2));
        t.beat(heartbeat("n1", t.now()).setArtifacts(List.of(artifact("old", OLD_DIGEST))).setFlags(Map.of("rlp", "true"))
                .setSequence(3));

        assertThat(t.audit).extracting(AuditEvent::getType).containsExactly(AuditType.DECLARATION_CHANGED,
                AuditType.NODE_CHANGED, AuditType.NODE_STATE_CHANGED, AuditType.NODE_CHANGED, AuditType.ALERT_FIRING,
                AuditType.NODE_STATE_CHANGED);
        AuditEvent decl = t.audit.get(0);
        assertThat(decl.getGitCommit()).isEqualTo("c0ffee1");
        AuditEvent change = t.audit.get(3);
        assertThat(change.getArtifacts()).extracting(a -> a.getDigest()).containsExactly(OLD_DIGEST);
        assertThat(change.getInstanceId()).isEqualTo("i-n1");
        assertThat(change.getFlags()).containsEntry("rlp", "true");
        assertThat(change.getConfigHash()).isNotNull();
        assertThat(t.audit.get(5).getDetails()).containsEntry("from", "OK").containsEntry("to", "DRIFTED");
    }

    @Test
    void shouldPublishUnchangedStatusOnlyOnRefresh() {
        t.declare(declaration().build());
        for (int i = 1; i <= 5; i++) {
            t.beat(heartbeat("n1", t.now()).setSequence(i));
            t.advance(Duration.ofSeconds(10));
        }
        assertThat(t.statuses).hasSize(1);
        t.advance(Duration.ofSeconds(20));
        t.beat(heartbeat("n1", t.now()).setSequence(6));
        assertThat(t.statuses).extracting(NodeStatus::getLastSequence).containsExactly(1L, 6L);
        assertThat(t.statusStore().get("n1").getLastSequence()).isEqualTo(6L);
    }

    @Test
    void shouldCountHeartbeatsAlertsNodesAndDetectionLatency() {
        t.declare(declaration().build());
        t.beat(heartbeat("n1", t.now()));
        t.beat(heartbeat("n2", t.now()).setFlags(Map.of("power_peg", "true")));
        var registry = t.metrics.registry();
        assertThat(registry.get(StreamsMetrics.HEARTBEATS).counter().count()).isEqualTo(2.0);
        assertThat(registry.get(StreamsMetrics.ALERTS).tag("rule", "FLAG_UNDECLARED").tag("status", "firing")
                .counter().count()).isEqualTo(1.0);
        assertThat(registry.get(StreamsMetrics.NODES).tag("state", "OK").gauge().value()).isEqualTo(1.0);
        assertThat(registry.get(StreamsMetrics.NODES).tag("state", "DRIFTED").gauge().value()).isEqualTo(1.0);
        assertThat(t.metrics.detectionLatencyTimer().count()).isEqualTo(1);
    }

    @Test
    void shouldIgnoreALateOlderHeartbeat() {
        t.declare(declaration().build());
        t.beat(heartbeat("n1", t.now()).setSequence(5));
        t.beat(heartbeat("n1", t.now()).setSequence(4).setFlags(Map.of("power_peg", "true")));
        assertThat(t.alerts).isEmpty();
    }
}
