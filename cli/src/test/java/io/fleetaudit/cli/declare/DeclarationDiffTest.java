package io.fleetaudit.cli.declare;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetaudit.cli.fleetfile.DeclaredService;
import io.fleetaudit.contracts.Artifact;
import io.fleetaudit.contracts.Declaration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeclarationDiffTest {
    private static final String V1 = "sha256:" + "1".repeat(64);
    private static final String V2 = "sha256:" + "2".repeat(64);

    private static Declaration decl(String env, String service, String version, String digest, String commit) {
        return Declaration.newBuilder().setEnvironment(env).setService(service)
                .setArtifacts(List.of(Artifact.newBuilder().setName(service).setVersion(version).setDigest(digest).build()))
                .setGitCommit(commit).setAuthor("a").setDeclaredAt(Instant.parse("2012-08-01T00:00:00Z")).build();
    }

    private static DeclaredService file(Declaration d) {
        return new DeclaredService(DeclaredService.key(d.getEnvironment(), d.getService()), 1,
                Declaration.newBuilder(d).setGitCommit(null).setAuthor(null).setDeclaredAt(Instant.EPOCH).build());
    }

    @Test
    void shouldShowFieldLevelChangesWithShortDigests() {
        Map<String, Declaration> current = Map.of("prod/smars", decl("prod", "smars", "2012.07.15", V1, "old"));
        DeclarationDiff diff = DeclarationDiff.compute(current, List.of(file(decl("prod", "smars", "2012.08.01", V2, null))), false);
        assertThat(diff.hasChanges()).isTrue();
        assertThat(diff.entries()).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(DeclarationDiff.Kind.CHANGED);
            assertThat(e.changes()).containsExactly(
                    "artifacts: [smars 2012.07.15 (sha256:111111111111…)] -> [smars 2012.08.01 (sha256:222222222222…)]");
        });
        assertThat(diff.render()).contains("~ prod/smars").contains("0 to add, 1 to change, 0 to remove, 0 unchanged");
    }

    @Test
    void shouldIgnoreProvenanceSoANewCommitAloneIsUnchanged() {
        Map<String, Declaration> current = Map.of("prod/smars", decl("prod", "smars", "1", V1, "commit-a"));
        DeclarationDiff diff = DeclarationDiff.compute(current, List.of(file(decl("prod", "smars", "1", V1, "commit-b"))), false);
        assertThat(diff.hasChanges()).isFalse();
        assertThat(diff.render()).contains("= prod/smars (unchanged)");
    }

    @Test
    void shouldAddNewServices() {
        DeclarationDiff diff = DeclarationDiff.compute(Map.of(), List.of(file(decl("prod", "smars", "1", V1, null))), false);
        assertThat(diff.entries()).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(DeclarationDiff.Kind.ADDED);
            assertThat(e.changes()).first().asString().startsWith("artifacts: [smars 1 (sha256:111111111111…)]");
        });
        assertThat(diff.render()).startsWith("+ prod/smars (new)");
    }

    @Test
    void shouldRemoveOnlyWhenPruningAndOnlyInTheFilesEnvironments() {
        Map<String, Declaration> current = Map.of(
                "prod/smars", decl("prod", "smars", "1", V1, null),
                "prod/legacy", decl("prod", "legacy", "1", V1, null),
                "staging/other", decl("staging", "other", "1", V1, null));
        List<DeclaredService> desired = List.of(file(decl("prod", "smars", "1", V1, null)));

        DeclarationDiff kept = DeclarationDiff.compute(current, desired, false);
        assertThat(kept.hasChanges()).isFalse();
        assertThat(kept.entries()).extracting(DeclarationDiff.Entry::key, DeclarationDiff.Entry::kind).containsExactly(
                org.assertj.core.groups.Tuple.tuple("prod/legacy", DeclarationDiff.Kind.KEPT),
                org.assertj.core.groups.Tuple.tuple("prod/smars", DeclarationDiff.Kind.UNCHANGED));
        assertThat(kept.render()).contains("! prod/legacy (no longer in the file; kept, use --prune to remove)");

        DeclarationDiff pruned = DeclarationDiff.compute(current, desired, true);
        assertThat(pruned.hasChanges()).isTrue();
        assertThat(pruned.count(DeclarationDiff.Kind.REMOVED)).isEqualTo(1);
        assertThat(pruned.render()).contains("- prod/legacy (removed: tombstone)").doesNotContain("staging/other");
    }
}
