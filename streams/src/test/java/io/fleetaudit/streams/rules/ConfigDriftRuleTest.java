package io.fleetaudit.streams.rules;

import static io.fleetaudit.streams.testing.Fixtures.T0;
import static io.fleetaudit.streams.testing.Fixtures.declaration;
import static io.fleetaudit.streams.testing.Fixtures.heartbeat;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetaudit.contracts.ConfigFile;
import io.fleetaudit.contracts.Declaration;
import io.fleetaudit.contracts.Heartbeat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigDriftRuleTest {
    private final ConfigDriftRule rule = new ConfigDriftRule();
    private final Declaration perFile = declaration().setConfigHash("sha256:declared")
            .setConfigFiles(Map.of("/etc/a.conf", "sha256:a", "/etc/b.conf", "sha256:b")).build();

    private static Heartbeat files(String hash, ConfigFile... f) {
        return heartbeat("n1", T0).setConfigHash(hash).setConfigFiles(List.of(f)).build();
    }

    private static ConfigFile file(String path, String sha) {
        return ConfigFile.newBuilder().setPath(path).setSha256(sha).build();
    }

    @Test
    void shouldPassWhenHashAndFilesMatch() {
        Heartbeat hb = files("sha256:declared", file("/etc/a.conf", "sha256:a"), file("/etc/b.conf", "sha256:b"));
        assertThat(rule.evaluate(NodeFacts.of(hb), perFile, T0)).isEmpty();
    }

    @Test
    void shouldNameTheFilesThatDiffer() {
        Heartbeat hb = files("sha256:other", file("/etc/a.conf", "sha256:a"), file("/etc/b.conf", "sha256:patched"));
        assertThat(rule.evaluate(NodeFacts.of(hb), perFile, T0)).singleElement().satisfies(v -> {
            assertThat(v.getMessage()).contains("/etc/b.conf").doesNotContain("/etc/a.conf");
            assertThat(v.getExpected()).isEqualTo("sha256:declared");
        });
    }

    @Test
    void shouldReportMissingAndUnreadableFiles() {
        Heartbeat hb = files("sha256:other", ConfigFile.newBuilder().setPath("/etc/a.conf").setError("EACCES").build());
        assertThat(rule.evaluate(NodeFacts.of(hb), perFile, T0)).singleElement().satisfies(v -> assertThat(v.getMessage())
                .contains("/etc/a.conf (unreadable)", "/etc/b.conf (missing)"));
    }

    @Test
    void shouldFireOnHashAloneWhenNoFilesDeclared() {
        Declaration d = declaration().setConfigHash("sha256:x").build();
        assertThat(rule.evaluate(NodeFacts.of(files("sha256:y")), d, T0)).hasSize(1);
        assertThat(rule.evaluate(NodeFacts.of(files("sha256:x")), d, T0)).isEmpty();
    }

    @Test
    void shouldSkipWhenNothingDeclared() {
        Declaration d = declaration().setConfigHash(null).build();
        assertThat(rule.evaluate(NodeFacts.of(files("sha256:y")), d, T0)).isEmpty();
    }
}
