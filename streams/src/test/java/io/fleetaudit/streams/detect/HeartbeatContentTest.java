package io.fleetaudit.streams.detect;

import static io.fleetaudit.streams.testing.Fixtures.NEW_DIGEST;
import static io.fleetaudit.streams.testing.Fixtures.T0;
import static io.fleetaudit.streams.testing.Fixtures.artifact;
import static io.fleetaudit.streams.testing.Fixtures.heartbeat;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetaudit.contracts.Artifact;
import io.fleetaudit.contracts.ConfigFile;
import io.fleetaudit.contracts.Heartbeat;
import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/** HeartbeatContent compares artifacts and config files field by field: it must mean what Avro's equals means. */
class HeartbeatContentTest {
    private static Heartbeat with(List<Artifact> artifacts, List<ConfigFile> files) {
        return heartbeat("smars-1", T0).setArtifacts(artifacts).setConfigFiles(files).build();
    }

    private static ConfigFile file(String path, String sha, String error) {
        return ConfigFile.newBuilder().setPath(path).setSha256(sha).setError(error).build();
    }

    @Test
    void equalContentInOtherObjectsIsTheSame() {
        Heartbeat a = with(List.of(artifact("1.0", NEW_DIGEST)), List.of(file("/etc/a", "sha256:1", null)));
        Heartbeat b = Heartbeat.newBuilder(with(List.of(artifact("1.0", NEW_DIGEST)),
                List.of(file("/etc/a", "sha256:1", null)))).setSequence(99).setSentAt(T0.plusSeconds(10)).build();
        assertThat(HeartbeatContent.same(a, b)).isTrue();
        assertThat(HeartbeatContent.identityChanged(a, b)).isFalse();
    }

    /** Every field of an artifact or a config file counts, including ones added to the schema later. */
    @Test
    void anyFieldOfAnArtifactOrConfigFileMakesADifference() {
        Artifact base = artifact("1.0", NEW_DIGEST);
        Heartbeat a = with(List.of(base), List.of(file("/etc/a", "sha256:1", null)));
        for (Schema.Field f : Artifact.SCHEMA$.getFields()) {
            Artifact other = Artifact.newBuilder(base).build();
            other.put(f.pos(), "changed " + f.name());
            Heartbeat b = with(List.of(other), a.getConfigFiles());
            assertThat(other).as(f.name()).isNotEqualTo(base);
            assertThat(HeartbeatContent.identityChanged(a, b)).as("artifact field " + f.name()).isTrue();
        }
        for (Schema.Field f : ConfigFile.SCHEMA$.getFields()) {
            ConfigFile other = file("/etc/a", "sha256:1", null);
            other.put(f.pos(), "changed " + f.name());
            assertThat(HeartbeatContent.identityChanged(a, with(a.getArtifacts(), List.of(other))))
                    .as("config file field " + f.name()).isTrue();
        }
        assertThat(HeartbeatContent.identityChanged(a, with(List.of(base, base), a.getConfigFiles()))).isTrue();
        assertThat(HeartbeatContent.identityChanged(a, with(List.of(), a.getConfigFiles()))).isTrue();
    }
}
