package io.fleetaudit.cli.fleetfile;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetaudit.contracts.Declaration;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class FleetFileParserTest {
    private static final String D1 = "sha256:" + "a".repeat(64);
    private static final String D2 = "sha256:" + "b".repeat(64);
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC);
    private final FleetFileParser parser = new FleetFileParser(CLOCK);

    private static String valid() {
        return """
                version: 1
                services:
                  - name: smars
                    environment: prod
                    artifacts:
                      - name: smars
                        version: "2012.08.01"
                        digest: %s
                    rollout:
                      previous:
                        - name: smars
                          digest: %s
                      deadline: 2030-08-01T13:30:00Z
                      canaries: [smars-1]
                    configHash: %s
                    configFiles:
                      /etc/smars/smars.conf: %s
                    flags:
                      - name: rlp
                        value: true
                        owner: trading
                        expiresAt: 2030-01-01T00:00:00Z
                    expectedNodes: 2
                    expectedNodeIds: [smars-1, smars-2]
                    heartbeatInterval: 5s
                    missedIntervals: 4
                    immutable: true
                    runbookUrl: https://runbooks.example.com/smars
                """.formatted(D2, D1, D1, D2);
    }

    private FleetFile parse(String yaml) {
        return parser.parse("fleet.yaml", yaml);
    }

    /** The single error of {@code yaml}, rendered: asserts there is exactly one. */
    private String onlyError(String yaml) {
        FleetFile f = parse(yaml);
        assertThat(f.errors()).as(f.problems().toString()).hasSize(1);
        return f.errors().get(0).toString();
    }

    @Test
    void shouldTurnAValidFileIntoDeclarations() {
        FleetFile f = parse(valid());
        assertThat(f.problems()).isEmpty();
        assertThat(f.services()).hasSize(1);
        DeclaredService s = f.services().get(0);
        assertThat(s.key()).isEqualTo("prod/smars");
        Declaration d = s.toDeclaration("abc123", "dev@example.com", Instant.parse("2026-11-27T12:00:00Z"));
        assertThat(d.getArtifacts()).singleElement().satisfies(a -> {
            assertThat(a.getDigest()).isEqualTo(D2);
            assertThat(a.getVersion()).isEqualTo("2012.08.01");
        });
        assertThat(d.getRollout().getPrevious().get(0).getDigest()).isEqualTo(D1);
        assertThat(d.getRollout().getDeadline()).isEqualTo(Instant.parse("2030-08-01T13:30:00Z"));
        assertThat(d.getRollout().getCanaries()).containsExactly("smars-1");
        assertThat(d.getConfigHash()).isEqualTo(D1);
        assertThat(d.getConfigFiles()).containsEntry("/etc/smars/smars.conf", D2);
        assertThat(d.getFlags()).singleElement().satisfies(fl -> {
            assertThat(fl.getValue()).isEqualTo("true");
            assertThat(fl.getOwner()).isEqualTo("trading");
        });
        assertThat(d.getExpectedNodes()).isEqualTo(2);
        assertThat(d.getHeartbeatIntervalMs()).isEqualTo(5000L);
        assertThat(d.getMissedIntervals()).isEqualTo(4);
        assertThat(d.getImmutable()).isTrue();
        assertThat(d.getGitCommit()).isEqualTo("abc123");
        assertThat(d.getAuthor()).isEqualTo("dev@example.com");
    }

    @Test
    void shouldAcceptTheShippedKnightExample() throws Exception {
        Path example = Path.of("..", "examples", "knight", "fleet.yaml");
        FleetFile f = parser.parse(example);
        assertThat(f.problems()).isEmpty();
        assertThat(f.services()).singleElement().satisfies(s -> {
            assertThat(s.key()).isEqualTo("prod/smars");
            assertThat(s.template().getExpectedNodeIds()).hasSize(8);
            assertThat(s.template().getRollout()).isNotNull();
        });
    }

    @Test
    void shouldReportUnknownKeysWithLineAndSuggestion() {
        String e = onlyError(valid().replace("    immutable: true", "    imutable: true"));
        assertThat(e).startsWith("fleet.yaml:27:5: error: unknown key 'imutable' in service")
                .contains("fix: did you mean 'immutable'?").contains("allowed keys in service:");
    }

    @Test
    void shouldSuggestCamelCaseForSnakeCaseKeys() {
        String e = onlyError(valid().replace("configHash:", "config_hash:"));
        assertThat(e).contains("unknown key 'config_hash'").contains("did you mean 'configHash'?");
    }

    @Test
    void shouldExplainThatProvenanceIsNotWrittenByHand() {
        String e = onlyError(valid().replace("    immutable: true", "    gitCommit: abc"));
        assertThat(e).contains("unknown key 'gitCommit'").contains("set by 'fleet-audit declare' from git");
    }

    @Test
    void shouldRejectBadDigestsWithTheReason() {
        String wrongLength = onlyError(valid().replace(D2 + "\n    rollout", "sha256:abc\n    rollout"));
        assertThat(wrongLength).startsWith("fleet.yaml:8:17: error: digest 'sha256:abc' has 3 hex characters after 'sha256:', expected 64")
                .contains("fix: write sha256:<64 lowercase hex>");
        String upper = onlyError(valid().replace(D1 + "\n      deadline", D1.toUpperCase().replace("SHA256", "sha256") + "\n      deadline"));
        assertThat(upper).contains("uses uppercase hex");
        String tag = onlyError(valid().replace(D2 + "\n    rollout", "registry.example.com/smars:latest\n    rollout"));
        assertThat(tag).contains("looks like a tag, not a digest");
    }

    @Test
    void shouldAcceptImageReferencesAndAmiIds() {
        FleetFile f = parse(valid().replace(D2 + "\n    rollout", "registry.example.com:5000/trading/smars@" + D2 + "\n    rollout")
                .replace(D1 + "\n      deadline", "ami-0123456789abcdef0\n      deadline"));
        assertThat(f.problems()).isEmpty();
    }

    @Test
    void shouldRejectPastDeadlines() {
        String e = onlyError(valid().replace("2030-08-01T13:30:00Z", "2012-08-01T13:30:00Z"));
        assertThat(e).startsWith("fleet.yaml:13:17: error: rollout.deadline 2012-08-01T13:30:00Z is in the past (now 2026-11-27T12:00:00Z)")
                .contains("fix: move the deadline into the future");
    }

    @Test
    void shouldRejectDuplicateServicesPointingAtTheFirst() {
        String second = """
                  - name: smars
                    environment: prod
                    artifacts:
                      - name: smars
                        digest: %s
                """.formatted(D1);
        String e = onlyError(valid() + second);
        assertThat(e).startsWith("fleet.yaml:29:5: error: duplicate service 'prod/smars' (first declared at line 3)")
                .contains("fix: keep one entry per service and environment");
        FleetFile otherEnv = parse(valid() + second.replace("environment: prod", "environment: staging"));
        assertThat(otherEnv.problems()).isEmpty();
        assertThat(otherEnv.services()).extracting(DeclaredService::key).containsExactly("prod/smars", "staging/smars");
    }

    @Test
    void shouldRejectDuplicateYamlKeys() {
        String e = onlyError(valid().replace("    immutable: true", "    immutable: true\n    immutable: false"));
        assertThat(e).contains(":28:5: error: duplicate key 'immutable' (first at line 27)");
    }

    @Test
    void shouldRequireNameEnvironmentAndArtifacts() {
        FleetFile f = parse("version: 1\nservices:\n  - name: smars\n");
        assertThat(f.errors()).extracting(Problem::message).containsExactly("service has no 'environment'", "missing 'artifacts'");
        assertThat(f.errors().get(0).toString()).startsWith("fleet.yaml:3:5:");
    }

    @Test
    void shouldRejectWrongTypes() {
        assertThat(onlyError(valid().replace("immutable: true", "immutable: yes please")))
                .contains("'immutable' must be true or false, found 'yes please'");
        assertThat(onlyError(valid().replace("expectedNodes: 2", "expectedNodes: -1")))
                .contains("'expectedNodes' must be a positive whole number, found '-1'");
        assertThat(onlyError(valid().replace("heartbeatInterval: 5s", "heartbeatInterval: 5000")))
                .contains("'heartbeatInterval' is a bare number (5000)").contains("fix: add a unit");
        assertThat(onlyError(valid().replace("      canaries: [smars-1]", "      canaries: smars-1")))
                .contains("'rollout.canaries' must be a list");
    }

    @Test
    void shouldRejectInconsistentNodeCountsAndCanaries() {
        assertThat(onlyError(valid().replace("expectedNodes: 2", "expectedNodes: 1")))
                .contains("expectedNodes is 1 but expectedNodeIds lists 2 nodes");
        assertThat(onlyError(valid().replace("canaries: [smars-1]", "canaries: [smars-9]")))
                .contains("canary 'smars-9' is not in expectedNodeIds");
    }

    @Test
    void shouldRejectAPreviousVersionEqualToTheNewOne() {
        assertThat(onlyError(valid().replace(D1 + "\n      deadline", D2 + "\n      deadline")))
                .contains("rollout.previous artifact 'smars' has the same digest as the declared one");
    }

    @Test
    void shouldRejectInvalidNamesAndVersions() {
        assertThat(onlyError(valid().replace("environment: prod", "environment: Prod/EU")))
                .contains("environment 'Prod/EU' is not a valid name");
        assertThat(onlyError(valid().replace("version: 1\n", "version: 2\n")))
                .startsWith("fleet.yaml:1:10: error: unsupported version '2'");
    }

    @Test
    void shouldRejectBadConfigHashesAndRelativePaths() {
        assertThat(onlyError(valid().replace("configHash: " + D1, "configHash: md5:abcd")))
                .contains("configHash 'md5:abcd' uses algorithm 'md5'; only sha256");
        assertThat(onlyError(valid().replace("/etc/smars/smars.conf", "etc/smars.conf")))
                .contains("config file path 'etc/smars.conf' is not absolute");
    }

    @Test
    void shouldWarnAboutExpiredOrOwnerlessFlagsWithoutFailing() {
        FleetFile f = parse(valid().replace("expiresAt: 2030-01-01T00:00:00Z", "expiresAt: 2020-01-01T00:00:00Z")
                .replace("        owner: trading\n", ""));
        assertThat(f.hasErrors()).isFalse();
        assertThat(f.warnings()).extracting(Problem::message).containsExactly(
                "flag 'rlp' has no owner",
                "flag 'rlp' expired at 2020-01-01T00:00:00Z: every node still reporting it will alert FLAG_EXPIRED");
        assertThat(f.services()).hasSize(1);
    }

    @Test
    void shouldReportYamlSyntaxErrorsWithTheLine() {
        FleetFile f = parse("version: 1\nservices:\n  - name: smars\n   environment: [prod\n");
        assertThat(f.errors()).singleElement().satisfies(p -> {
            assertThat(p.message()).startsWith("not valid YAML");
            assertThat(p.line()).isGreaterThanOrEqualTo(4);
        });
        assertThat(parse("").errors()).singleElement().extracting(Problem::message).isEqualTo("the file is empty");
    }

    @Test
    void shouldCollectEveryErrorInOneRun() {
        FleetFile f = parse(valid().replace("immutable: true", "imutable: true").replace("2030-08-01T13:30:00Z", "2012-08-01T13:30:00Z"));
        assertThat(f.errors()).hasSize(2);
        assertThat(f.errors().get(0).line()).isLessThan(f.errors().get(1).line());
    }
}
