package io.fleetaudit.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetaudit.contracts.Alert;
import io.fleetaudit.contracts.AlertStatus;
import io.fleetaudit.contracts.Artifact;
import io.fleetaudit.contracts.NodeState;
import io.fleetaudit.contracts.NodeStatus;
import io.fleetaudit.contracts.Violation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FleetTableTest {

  private static final Instant NOW = Instant.parse("2012-08-01T13:31:00Z");

  private static NodeStatus status(String id, NodeState state, String version, Map<String, String> flags,
                                   List<Violation> violations) {
    return NodeStatus.newBuilder().setNodeId(id).setService("smars").setEnvironment("prod").setState(state)
        .setArtifacts(List.of(Artifact.newBuilder().setName("smars").setVersion(version)
            .setDigest("sha256:" + "a".repeat(64)).build()))
        .setFlags(flags).setViolations(violations)
        .setFirstSeen(NOW.minusSeconds(60)).setLastSeen(NOW).setStateSince(NOW.minusMillis(1500))
        .setUpdatedAt(NOW).build();
  }

  @Test
  void shouldRenderOneAlignedRowPerNodeInNaturalOrder() {
    Violation drift = Violation.newBuilder().setRule("ARTIFACT_DRIFT").setMessage("m").build();
    String table = FleetTable.render(List.of(
        status("smars-10", NodeState.OK, "2012.08.01", Map.of("rlp", "true"), List.of()),
        status("smars-8", NodeState.DRIFTED, "2012.07.15", Map.of("power_peg", "true"), List.of(drift)),
        status("smars-2", NodeState.OK, "2012.08.01", Map.of(), List.of())), NOW);
    List<String> lines = table.lines().toList();
    assertThat(lines).hasSize(4);
    assertThat(lines.get(0)).startsWith("  NODE").contains("STATE", "SINCE", "VERSION", "FLAGS", "VIOLATIONS");
    assertThat(lines.get(1)).startsWith("  smars-2 ");
    assertThat(lines.get(2)).startsWith("  smars-8 ").contains("DRIFTED", "2012.07.15", "power_peg=true", "1.5s")
        .endsWith("ARTIFACT_DRIFT");
    assertThat(lines.get(3)).startsWith("  smars-10");
    // Columns line up: STATE starts at the same position on every line.
    int col = lines.get(0).indexOf("STATE");
    assertThat(lines.subList(1, 4)).allSatisfy(l -> assertThat(l.charAt(col)).isNotEqualTo(' '));
  }

  @Test
  void shouldFormatAlertsWithStopwatchAndShortDigests() {
    Alert a = Alert.newBuilder().setFingerprint("f").setStatus(AlertStatus.FIRING).setRule("ARTIFACT_DRIFT")
        .setSeverity("critical").setSubject("smars-8").setService("smars").setEnvironment("prod")
        .setAnnotations(Map.of("summary", "smars-8 runs smars@sha256:" + "e7df9e097ed7".repeat(5) + "abcd"))
        .setStartsAt(NOW).setEmittedAt(NOW).build();
    String line = AlertLine.format(a, Duration.ofMillis(83_450));
    assertThat(line).startsWith("[+01:23.4] FIRING   ARTIFACT_DRIFT").contains("smars-8")
        .contains("sha256:e7df9e097ed7…").doesNotContain("abcd");
  }
}
