package io.fleetaudit.cli.fleetfile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every remaining validation message, one minimal file each: the exact message, its line, and that a fix is offered. */
class FleetFileMessagesTest {
    private static final String D = "sha256:" + "d".repeat(64);
    private static final String HEAD = "version: 1\nservices:\n  - name: smars\n    environment: prod\n";
    private static final String ART = "    artifacts:\n      - name: smars\n        digest: " + D + "\n";
    private final FleetFileParser parser = new FleetFileParser(Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC));

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("services: x\nversion: 1\n", 1, "'services' must be a list ('- ' items), found a string"),
                Arguments.of("- a\n", 1, "the file must be a mapping (key: value lines), found a list"),
                Arguments.of("services: []\n", 1, "missing 'version'"),
                Arguments.of("version: 1\n", 1, "missing 'services'"),
                Arguments.of("version: 1\nservices:\n  - smars\n", 3, "a service entry must be a mapping (key: value lines), found a string"),
                Arguments.of("version: 1\nservicez: []\nservices: []\n", 2, "unknown key 'servicez' at the top level"),
                Arguments.of(HEAD + "    artifacts: []\n", 5, "'artifacts' is empty"),
                Arguments.of(HEAD + "    artifacts:\n      - name: smars\n", 6, "artifact has no 'digest'"),
                Arguments.of(HEAD + "    artifacts:\n      - digest: " + D + "\n", 6, "artifact has no 'name'"),
                Arguments.of(HEAD + "    artifacts:\n      - name: smars\n        digest: " + D + "\n      - name: smars\n        digest: " + D + "\n", 8,
                        "artifact 'smars' is listed twice in 'artifacts'"),
                Arguments.of(HEAD + "    artifacts:\n      - name: [a]\n        digest: " + D + "\n", 6, "'name' must be a string, found a list"),
                Arguments.of(HEAD + ART + "    rollout:\n      previous:\n        - name: smars\n          digest: sha256:" + "e".repeat(64) + "\n", 9,
                        "rollout has no 'deadline'"),
                Arguments.of(HEAD + ART + "    rollout:\n      previous:\n        - name: smars\n          digest: sha256:" + "e".repeat(64)
                        + "\n      deadline: next tuesday\n", 12, "'rollout.deadline' is not an instant: 'next tuesday'"),
                Arguments.of(HEAD + ART + "    rollout:\n      deadline: 2030-01-01T00:00:00Z\n", 9, "missing 'previous'"),
                Arguments.of(HEAD + ART + "    flags:\n      - name: rlp\n", 9, "flag 'rlp' has no 'value'"),
                Arguments.of(HEAD + ART + "    flags:\n      - name: rlp\n        value: [1]\n        owner: t\n", 10,
                        "flag value must be a string, number or boolean, found a list"),
                Arguments.of(HEAD + ART + "    flags:\n      - name: power peg\n        value: 1\n        owner: t\n", 9,
                        "flag name 'power peg' has spaces or unusual characters"),
                Arguments.of(HEAD + ART + "    flags:\n      - name: rlp\n        value: 1\n        owner: t\n      - name: rlp\n        value: 1\n        owner: t\n", 12,
                        "flag 'rlp' is declared twice"),
                Arguments.of(HEAD + ART + "    flags:\n      - name: rlp\n        value: 1\n        owner: t\n        expiresAt: soon\n", 12,
                        "'expiresAt' is not an instant: 'soon'"),
                Arguments.of(HEAD + ART + "    expectedNodeIds: [a, a]\n", 8, "node id 'a' is listed twice in expectedNodeIds"),
                Arguments.of(HEAD + ART + "    expectedNodeIds: [\"bad node\"]\n", 8, "node id 'bad node' in expectedNodeIds has spaces or unusual characters"),
                Arguments.of(HEAD + ART + "    missedIntervals: 0\n", 8, "'missedIntervals' must be a positive whole number, found '0'"),
                Arguments.of(HEAD + ART + "    heartbeatInterval: often\n", 8, "'heartbeatInterval' 'often' is not a duration or instant"),
                Arguments.of(HEAD + ART + "    runbookUrl: wiki/smars\n", 8, "runbookUrl 'wiki/smars' is not an http(s) URL"),
                Arguments.of(HEAD + ART + "    configFiles:\n      /etc/a.conf: nope\n", 9, "hash of '/etc/a.conf' ('nope') is not a digest"),
                Arguments.of(HEAD + ART + "    configFiles: [a]\n", 8, "'configFiles' must be a mapping (key: value lines), found a list"),
                Arguments.of(HEAD + ART + "    checkFlags: \"no\"\n", 8, "'checkFlags' must be true or false, found 'no'"),
                Arguments.of(HEAD + ART + "  - name: \"\"\n    environment: prod\n" + ART, 8,
                        "'name' is blank"));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void shouldExplainEveryError(String yaml, int line, String message) {
        FleetFile f = parser.parse("f.yaml", yaml);
        assertThat(f.errors()).as(f.problems().toString()).anySatisfy(p -> {
            assertThat(p.message()).startsWith(message);
            assertThat(p.line()).isEqualTo(line);
            assertThat(p.hint()).isNotBlank();
            assertThat(p.toString()).startsWith("f.yaml:" + line + ":").contains("fix: ");
        });
    }
}
