package io.fleetaudit.cli.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetaudit.contracts.Artifact;
import io.fleetaudit.contracts.AuditEvent;
import io.fleetaudit.contracts.AuditType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PointInTimeTest {
    private static final Instant DEPLOY_1 = Instant.parse("2012-07-31T20:00:00Z");
    private static final Instant DEPLOY_2 = Instant.parse("2012-08-01T09:00:00Z");
    private static final Instant ASKED = Instant.parse("2012-08-01T08:30:00Z");

    private static AuditEvent changed(String node, String service, Instant at, String version, Map<String, String> flags) {
        return AuditEvent.newBuilder().setType(AuditType.NODE_CHANGED).setAt(at).setNodeId(node).setService(service).setEnvironment("prod")
                .setSummary(node + " changed").setInstanceId("i-" + node)
                .setArtifacts(List.of(Artifact.newBuilder().setName(service).setVersion(version).setDigest("sha256:" + version).build()))
                .setConfigHash("sha256:cfg").setFlags(flags).build();
    }

    private static AuditEvent state(String node, Instant at, String to) {
        return AuditEvent.newBuilder().setType(AuditType.NODE_STATE_CHANGED).setAt(at).setNodeId(node).setService("smars").setEnvironment("prod")
                .setSummary("x").setDetails(Map.of("to", to)).build();
    }

    private static AuditEvent declared(Instant at, String version, String commit) {
        return AuditEvent.newBuilder().setType(AuditType.DECLARATION_CHANGED).setAt(at).setService("smars").setEnvironment("prod").setSummary("d")
                .setGitCommit(commit).setAuthor("ci")
                .setArtifacts(List.of(Artifact.newBuilder().setName("smars").setVersion(version).setDigest("sha256:" + version).build())).build();
    }

    @Test
    void shouldKeepTheLatestSnapshotAtOrBeforeTheInstantWhateverTheOrder() {
        PointInTime pit = new PointInTime(ASKED, "smars", "prod");
        // Out of order on purpose: partitions interleave.
        List.of(changed("smars-1", "smars", DEPLOY_2, "2", Map.of()), changed("smars-1", "smars", DEPLOY_1, "1", Map.of("power_peg", "false")),
                changed("smars-8", "smars", DEPLOY_1.minusSeconds(3600), "0", Map.of("power_peg", "true")),
                changed("smars-8", "smars", DEPLOY_1, "1", Map.of("power_peg", "true")), state("smars-8", DEPLOY_1.plusSeconds(60), "DRIFTED"),
                state("smars-8", DEPLOY_2, "OK"), changed("smars-9", "smars", DEPLOY_2, "2", Map.of()),
                declared(DEPLOY_1.minusSeconds(60), "1", "c1"), declared(DEPLOY_2, "2", "c2")).forEach(pit::accept);

        assertThat(pit.nodes()).extracting(PointInTime.NodeAt::nodeId).as("smars-9 appeared after the instant").containsExactly("smars-1", "smars-8");
        PointInTime.NodeAt one = pit.nodes().get(0);
        assertThat(one.artifacts().get(0).getVersion()).isEqualTo("1");
        assertThat(one.flags()).containsEntry("power_peg", "false");
        assertThat(one.changedAt()).isEqualTo(DEPLOY_1);
        PointInTime.NodeAt eight = pit.nodes().get(1);
        assertThat(eight.artifacts().get(0).getVersion()).isEqualTo("1");
        assertThat(eight.state()).isEqualTo("DRIFTED");
        assertThat(pit.declarations()).singleElement().satisfies(d -> {
            assertThat(d.gitCommit()).isEqualTo("c1");
            assertThat(d.artifacts().get(0).getVersion()).isEqualTo("1");
        });
    }

    @Test
    void shouldDropNodesThatHadMovedToAnotherServiceAndRemovedDeclarations() {
        PointInTime pit = new PointInTime(ASKED, "smars", null);
        pit.accept(changed("box-1", "smars", DEPLOY_1, "1", Map.of()));
        pit.accept(changed("box-1", "web", DEPLOY_1.plusSeconds(10), "1", Map.of()));
        pit.accept(declared(DEPLOY_1, "1", "c1"));
        pit.accept(AuditEvent.newBuilder().setType(AuditType.DECLARATION_REMOVED).setAt(DEPLOY_1.plusSeconds(5)).setService("smars")
                .setEnvironment("prod").setSummary("removed").build());
        assertThat(pit.nodes()).isEmpty();
        assertThat(pit.declarations()).isEmpty();
    }

    @Test
    void shouldOnlyWantEventsItUses() {
        PointInTime pit = new PointInTime(ASKED, "smars", "prod");
        assertThat(pit.wants(changed("x", "web", DEPLOY_1, "1", Map.of()))).as("any node may have moved into the service").isTrue();
        assertThat(pit.wants(changed("x", "smars", DEPLOY_2, "1", Map.of()))).as("after the instant").isFalse();
        assertThat(pit.wants(AuditEvent.newBuilder().setType(AuditType.ALERT_FIRING).setAt(DEPLOY_1).setSummary("a").build())).isFalse();
    }
}
