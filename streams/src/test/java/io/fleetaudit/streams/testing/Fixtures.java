package io.fleetaudit.streams.testing;

import io.fleetaudit.contracts.Artifact;
import io.fleetaudit.contracts.ConfigFile;
import io.fleetaudit.contracts.Declaration;
import io.fleetaudit.contracts.DeclaredFlag;
import io.fleetaudit.contracts.Exemption;
import io.fleetaudit.contracts.Heartbeat;
import io.fleetaudit.contracts.Rollout;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Test data with fixed timestamps: the Knight morning, 2012-08-01 09:30 UTC. */
public final class Fixtures {
    public static final Instant T0 = Instant.parse("2012-08-01T09:30:00Z");
    public static final String ENV = "prod";
    public static final String SERVICE = "smars";
    public static final String NEW_DIGEST = "sha256:" + "a".repeat(64);
    public static final String OLD_DIGEST = "sha256:" + "0".repeat(64);
    public static final String CONFIG_HASH = "sha256:" + "c".repeat(64);

    private Fixtures() {
    }

    public static Artifact artifact(String version, String digest) {
        return Artifact.newBuilder().setName("smars").setVersion(version).setDigest(digest).build();
    }

    public static Heartbeat.Builder heartbeat(String nodeId, Instant sentAt) {
        return Heartbeat.newBuilder().setNodeId(nodeId).setInstanceId("i-" + nodeId).setBootId("boot-" + nodeId)
                .setHostname(nodeId).setService(SERVICE).setEnvironment(ENV).setLabels(Map.of("rack", "r1"))
                .setArtifacts(List.of(artifact("2012.08.01", NEW_DIGEST))).setConfigHash(CONFIG_HASH)
                .setConfigFiles(List.of(ConfigFile.newBuilder().setPath("/etc/smars/smars.conf")
                        .setSha256("sha256:" + "1".repeat(64)).build()))
                .setFlags(Map.of("rlp", "true")).setAgentVersion("test").setSequence(1).setSentAt(sentAt)
                .setIntervalMs(10_000).setStopping(false);
    }

    public static Declaration.Builder declaration() {
        return Declaration.newBuilder().setService(SERVICE).setEnvironment(ENV)
                .setArtifacts(List.of(artifact("2012.08.01", NEW_DIGEST))).setConfigHash(CONFIG_HASH)
                .setFlags(List.of(DeclaredFlag.newBuilder().setName("rlp").setValue("true").setOwner("trading").build()))
                .setHeartbeatIntervalMs(10_000).setMissedIntervals(3).setImmutable(false)
                .setGitCommit("c0ffee1").setAuthor("ci").setDeclaredAt(T0);
    }

    public static Rollout rollout(Instant deadline, String... canaries) {
        return Rollout.newBuilder().setPrevious(List.of(artifact("2012.07.01", OLD_DIGEST))).setDeadline(deadline)
                .setCanaries(List.of(canaries)).build();
    }

    public static Exemption.Builder exemption(String id, String nodeId, Instant from, Instant to, String... rules) {
        return Exemption.newBuilder().setId(id).setNodeId(nodeId).setRules(List.of(rules)).setReason("hotfix")
                .setTicket("INC-1").setAuthor("sre").setStartsAt(from).setEndsAt(to);
    }
}
