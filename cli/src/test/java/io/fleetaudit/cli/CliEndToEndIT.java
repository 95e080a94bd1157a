package io.fleetaudit.cli;

import static io.fleetaudit.cli.FleetStack.args;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetaudit.testkit.KafkaBrokerExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's day on the real broker, real registry and real topology: declare, a node drifts, and status,
 * alerts, audit and the REST API all show it; break-glass grant/list/end; the diff and prune; and "at" answers
 * with the versions that ran between two deploys.
 */
class CliEndToEndIT {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String V1 = "sha256:" + "1".repeat(64);
    private static final String V2 = "sha256:" + "2".repeat(64);
    private static final String V3 = "sha256:" + "3".repeat(64);
    private static final String SHA = "0123456789abcdef0123456789abcdef01234567";
    private static FleetStack stack;
    private static String env;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        env = KAFKA.uniqueName("e2e").replace('.', '-').toLowerCase();
        stack = new FleetStack(KAFKA.bootstrapServers(), KAFKA.uniqueName("cli-it"));
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    private static String fleet(String service, String digest, int nodes, String extraService) {
        return fleet(env, service, digest, nodes, extraService);
    }

    private static String fleet(String env, String service, String digest, int nodes, String extraService) {
        StringBuilder ids = new StringBuilder();
        for (int i = 1; i <= nodes; i++) {
            ids.append(i == 1 ? "" : ", ").append(service).append("-").append(i);
        }
        String version = digest.equals(V1) ? "1.0" : digest.equals(V2) ? "2.0" : "3.0";
        StringBuilder s = new StringBuilder("version: 1\nservices:\n");
        s.append("  - name: ").append(service).append("\n    environment: ").append(env).append("\n    artifacts:\n")
                .append("      - name: ").append(service).append("\n        version: \"").append(version).append("\"\n        digest: ").append(digest)
                .append("\n    checkFlags: false\n    expectedNodeIds: [").append(ids).append("]\n");
        if (extraService != null) {
            s.append("  - name: ").append(extraService).append("\n    environment: ").append(env).append("\n    artifacts:\n")
                    .append("      - name: ").append(extraService).append("\n        digest: ").append(V1).append("\n");
        }
        return s.toString();
    }

    private static CliRun declare(Path file, String... extra) {
        List<String> more = new java.util.ArrayList<>(List.of(extra));
        return CliRun.run(args(stack.kafkaArgs(), more, "declare", "-f", file.toString(), "--git-sha", SHA, "--author", "it@example.com"));
    }

    @Test
    void declareThenADriftShowsInStatusAlertsAuditAndTheApi() throws Exception {
        Path file = FleetStack.write(dir, "fleet.yaml", fleet("smars", V2, 3, null));
        CliRun first = declare(file);
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).contains("+ " + env + "/smars (new)").contains("published 1 record(s) to fleet.declarations.v1 at commit 0123456789ab by it@example.com");
        CliRun again = declare(file);
        assertThat(again.out()).contains("= " + env + "/smars (unchanged)").contains("nothing to publish");
        assertThat(declare(file, "--dry-run").exitCode()).isZero();

        stack.heartbeat(env, "smars", "smars-1", "2.0", V2, Map.of());
        stack.heartbeat(env, "smars", "smars-2", "2.0", V2, Map.of());
        stack.heartbeat(env, "smars", "smars-3", "1.0", V1, Map.of());

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            CliRun status = CliRun.run(args(stack.apiArgs(), List.of(), "status", "--service", "smars", "--environment", env));
            assertThat(status.exitCode()).as(status.err()).isEqualTo(ExitCodes.DIFFERENCE);
            assertThat(status.out()).containsPattern("smars-3 +" + Pattern.quote(env) + "/smars +DRIFTED .*ARTIFACT_DRIFT")
                    .containsPattern("smars-1 +" + Pattern.quote(env) + "/smars +OK")
                    .contains("declared smars 2.0 @ 0123456789ab").contains("runs smars 1.0 (sha256:111111111111…) on 1 node(s) [undeclared]");
        });
        JsonNode json = JSON.readTree(CliRun.run(args(stack.apiArgs(), List.of(), "status", "--service", "smars", "--environment", env, "--json")).out());
        assertThat(json.path("nodes")).hasSize(3);
        assertThat(json.path("services").get(0).path("states").path("DRIFTED").asInt()).isEqualTo(1);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            CliRun alerts = CliRun.run(args(stack.apiArgs(), List.of(), "alerts", "--firing", "--service", "smars", "--environment", env));
            assertThat(alerts.exitCode()).isZero();
            assertThat(alerts.out()).containsPattern("FIRING +critical +ARTIFACT_DRIFT +smars-3");
        });
        JsonNode alertJson = JSON.readTree(CliRun.run(args(stack.apiArgs(), List.of(), "alerts", "--json", "--environment", env)).out());
        assertThat(alertJson).anySatisfy(a -> assertThat(a.path("subject").asText()).isEqualTo("smars-3"));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            CliRun audit = CliRun.run(args(stack.kafkaArgs(), List.of(), "audit", "--node", "smars-3", "--since", "10m"));
            assertThat(audit.exitCode()).as(audit.err()).isZero();
            assertThat(audit.out()).contains("NODE_CHANGED").contains("ALERT_FIRING").contains("ARTIFACT_DRIFT");
        });
        CliRun declAudit = CliRun.run(args(stack.kafkaArgs(), List.of(), "audit", "--service", "smars", "--environment", env, "--since", "10m",
                "--type", "DECLARATION_CHANGED", "--json"));
        JsonNode events = JSON.readTree(declAudit.out());
        assertThat(events).isNotEmpty().allSatisfy(e -> {
            assertThat(e.path("type").asText()).isEqualTo("DECLARATION_CHANGED");
            assertThat(e.path("gitCommit").asText()).isEqualTo(SHA);
            assertThat(e.path("author").asText()).isEqualTo("it@example.com");
        });

        CliRun one = CliRun.run(args(stack.apiArgs(), List.of(), "status", "--node", "smars-3", "--service", "smars", "--environment", env));
        assertThat(one.exitCode()).as(one.err()).isEqualTo(ExitCodes.DIFFERENCE);
        assertThat(one.out()).contains("smars-3  " + env + "/smars  DRIFTED").contains("ARTIFACT_DRIFT").contains("expected ").contains("actual ")
                .contains(V1);
        assertThat(CliRun.run(args(stack.apiArgs(), List.of(), "status", "--node", "nope")).err()).contains("not found: no node 'nope'");

        // The REST API, as an incident tool would use it, says the same.
        var http = java.net.http.HttpClient.newHttpClient();
        var resp = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(stack.apiUrl() + "/api/v1/nodes/smars-3")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(JSON.readTree(resp.body()).path("state").asText()).isEqualTo("DRIFTED");

        // A new version in Git: the dry run shows the field-level diff and exits 3.
        Path v3 = FleetStack.write(dir, "fleet-v3.yaml", fleet("smars", V3, 3, null));
        CliRun dry = declare(v3, "--dry-run");
        assertThat(dry.exitCode()).isEqualTo(ExitCodes.DIFFERENCE);
        assertThat(dry.out()).contains("~ " + env + "/smars").contains("artifacts: [smars 2.0 (sha256:222222222222…)] -> [smars 3.0 (sha256:333333333333…)]")
                .contains("dry run: nothing published");
    }

    @Test
    void breakGlassIsGrantedListedAndEndedOnce() throws Exception {
        stack.heartbeat(env, "cache", "cache-1", "1.0", V1, Map.of());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(CliRun.run(args(stack.apiArgs(), List.of(), "status", "--node", "cache-1")).exitCode()).isZero());
        CliRun grant = CliRun.run(args(stack.kafkaArgs(), List.of(), "exempt", "--node", "cache-1", "--reason", "hotfix config during INC-42",
                "--ticket", "INC-42", "--until", "2h", "--rules", "CONFIG_DRIFT", "--author", "sre@example.com"));
        assertThat(grant.exitCode()).as(grant.err()).isZero();
        Matcher m = Pattern.compile("granted (ex-[0-9]{8}-[0-9]{4}-[0-9a-f]{6}): cache-1 may deviate from CONFIG_DRIFT until").matcher(grant.out());
        assertThat(m.find()).as(grant.out()).isTrue();
        String id = m.group(1);
        CliRun list = CliRun.run(args(stack.kafkaArgs(), List.of(), "exempt", "--list"));
        assertThat(list.out()).contains(id).contains("INC-42").contains("hotfix config during INC-42");
        // The streams app writes the grant to the audit log, with reason, ticket and author.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            CliRun audit = CliRun.run(args(stack.kafkaArgs(), List.of(), "audit", "--node", "cache-1", "--since", "10m", "--type", "EXEMPTION_GRANTED", "--json"));
            JsonNode events = JSON.readTree(audit.out());
            assertThat(events).anySatisfy(e -> {
                assertThat(e.path("details").path("exemptionId").asText()).isEqualTo(id);
                assertThat(e.path("details").path("ticket").asText()).isEqualTo("INC-42");
                assertThat(e.path("author").asText()).isEqualTo("sre@example.com");
            });
        });
        CliRun end = CliRun.run(args(stack.kafkaArgs(), List.of(), "exempt", "--end", id));
        assertThat(end.exitCode()).as(end.err()).isZero();
        assertThat(end.out()).contains("ended " + id + " for cache-1");
        CliRun again = CliRun.run(args(stack.kafkaArgs(), List.of(), "exempt", "--end", id));
        assertThat(again.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(again.err()).contains("was already ended");
        assertThat(CliRun.run(args(stack.kafkaArgs(), List.of(), "exempt", "--list")).out()).doesNotContain(id);
        CliRun unknown = CliRun.run(args(stack.kafkaArgs(), List.of(), "exempt", "--end", "ex-nope"));
        assertThat(unknown.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(unknown.err()).contains("no exemption with id 'ex-nope'");
    }

    @Test
    void pruneRemovesOnlyWhenAskedAndGitIsRequired() throws Exception {
        // Pruning is scoped to the file's environments: use one of its own so the other tests' services stay.
        String env = CliEndToEndIT.env + "-prune";
        Path two = FleetStack.write(dir, "two.yaml", fleet(env, "alpha", V1, 1, "beta"));
        assertThat(declare(two).out()).contains("+ " + env + "/alpha (new)").contains("+ " + env + "/beta (new)");
        Path one = FleetStack.write(dir, "one.yaml", fleet(env, "alpha", V1, 1, null));
        CliRun kept = declare(one);
        assertThat(kept.out()).contains("! " + env + "/beta (no longer in the file; kept, use --prune to remove)").contains("nothing to publish");
        CliRun pruned = declare(one, "--prune");
        assertThat(pruned.out()).contains("- " + env + "/beta (removed: tombstone)").contains("published 1 record(s)");
        assertThat(declare(one, "--prune").out()).doesNotContain("beta").contains("nothing to publish");

        CliRun noGit = CliRun.run(args(stack.kafkaArgs(), List.of(), "declare", "-f", one.toString()));
        assertThat(noGit.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(noGit.err()).contains("is not in a Git working tree: pass --git-sha");
    }

    @Test
    void atReturnsTheVersionsThatRanBetweenTwoDeploys() throws Exception {
        declare(FleetStack.write(dir, "router-v1.yaml", fleet("router", V1, 3, null)));
        stack.heartbeat(env, "router", "router-1", "1.0", V1, Map.of("power_peg", "false"));
        stack.heartbeat(env, "router", "router-2", "1.0", V1, Map.of("power_peg", "false"));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            CliRun a = CliRun.run(args(stack.kafkaArgs(), List.of(), "audit", "--service", "router", "--environment", env, "--since", "10m",
                    "--type", "NODE_CHANGED,DECLARATION_CHANGED"));
            assertThat(a.out()).contains("router-1").contains("router-2").contains("DECLARATION_CHANGED");
        });
        Instant between = Instant.now();
        await().atMost(Duration.ofSeconds(5)).until(() -> Instant.now().isAfter(between.plusMillis(5)));
        declare(FleetStack.write(dir, "router-v2.yaml", fleet("router", V2, 3, null)));
        stack.heartbeat(env, "router", "router-1", "2.0", V2, Map.of("power_peg", "true"));
        stack.heartbeat(env, "router", "router-2", "2.0", V2, Map.of("power_peg", "true"));
        stack.heartbeat(env, "router", "router-3", "2.0", V2, Map.of("power_peg", "true"));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            CliRun now = CliRun.run(args(stack.kafkaArgs(), List.of(), "at", "now", "--service", "router", "--environment", env, "--json"));
            assertThat(now.exitCode()).as(now.err()).isZero();
            JsonNode j = JSON.readTree(now.out());
            assertThat(j.path("nodes")).hasSize(3).allSatisfy(n -> assertThat(n.path("artifacts").get(0).path("version").asText()).isEqualTo("2.0"));
            assertThat(j.path("declarations").get(0).path("artifacts").get(0).path("digest").asText()).isEqualTo(V2);
        });

        CliRun then = CliRun.run(args(stack.kafkaArgs(), List.of(), "at", between.toString(), "--service", "router", "--environment", env));
        assertThat(then.exitCode()).as(then.err()).isZero();
        assertThat(then.out()).contains("router in " + env + " at " + between).contains("declared in " + env + ": router 1.0 (commit " + SHA)
                .containsPattern("router-1 +" + Pattern.quote(env) + " +router 1.0 +sha256:111111111111… .*power_peg=false")
                .containsPattern("router-2 +" + Pattern.quote(env) + " +router 1.0")
                .doesNotContain("router-3").doesNotContain("2.0");
    }
}
