package io.fleetaudit.streams.detect;

import static io.fleetaudit.streams.testing.Fixtures.T0;
import static io.fleetaudit.streams.testing.Fixtures.heartbeat;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetaudit.contracts.AuditEvent;
import io.fleetaudit.contracts.AuditType;
import io.fleetaudit.contracts.Heartbeat;
import io.fleetaudit.contracts.NodeState;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Audits builds events without Avro's builder: unset fields must still hold the schema's defaults. */
class AuditsTest {
    @Test
    void stateChangedHoldsTheSchemaDefaultsOfWhatItDoesNotSet() {
        AuditEvent e = Audits.stateChanged("smars-1", "smars", "prod", null, NodeState.OK, T0, "i-1");
        AuditEvent viaBuilder = AuditEvent.newBuilder().setType(AuditType.NODE_STATE_CHANGED).setAt(T0)
                .setNodeId("smars-1").setService("smars").setEnvironment("prod").setSummary("smars-1 NEW -> OK")
                .setInstanceId("i-1").setDetails(Map.of("from", "NEW", "to", "OK")).build();
        assertThat(e).isEqualTo(viaBuilder);
        assertThat(e.getArtifacts()).isEmpty();
        assertThat(e.getFlags()).isEmpty();
        assertThat(e.getGitCommit()).isNull();
    }

    @Test
    void nodeChangedSnapshotsTheNode() {
        Heartbeat hb = heartbeat("smars-1", T0).build();
        AuditEvent e = Audits.nodeChanged(hb, T0, "first seen");
        assertThat(e).isEqualTo(AuditEvent.newBuilder().setType(AuditType.NODE_CHANGED).setAt(T0).setNodeId("smars-1")
                .setService("smars").setEnvironment("prod").setSummary("smars-1 first seen").setInstanceId("i-smars-1")
                .setArtifacts(hb.getArtifacts()).setConfigHash(hb.getConfigHash()).setFlags(hb.getFlags())
                .setDetails(Map.of("bootId", "boot-smars-1", "agentVersion", "test", "sequence", "1")).build());
    }

    @Test
    void declarationRemovedHasNoDetails() {
        AuditEvent e = Audits.declarationRemoved("prod/smars", null, T0);
        assertThat(e.getDetails()).isEmpty();
        assertThat(e.getArtifacts()).isEqualTo(List.of());
        assertThat(e.getService()).isEqualTo("smars");
    }
}
