package io.fleetaudit.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetaudit.cli.demo.Demo;
import io.fleetaudit.cli.demo.DemoOptions;
import io.fleetaudit.contracts.Alert;
import io.fleetaudit.contracts.AlertStatus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code fleet-audit demo}'s scenario headless, on its own embedded stack, faster than real time,
 * and asserts the Knight alert sequence as incident tooling would have received it (read_committed).
 */
class DemoIT {

  @TempDir
  Path dataDir;

  @Test
  void shouldCatchTheStragglerTheRepurposedFlagAndTheDeadNodeThenResolve() throws Exception {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    DemoOptions options = new DemoOptions(8, 4.0, false, dataDir,
        RepoRoot.get().resolve("examples/knight/fleet.yaml"));
    Demo.Result result;
    try (PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8)) {
      result = new Demo(options, out).run();
    }
    String printed = buf.toString(StandardCharsets.UTF_8);
    // Kept for whoever reads a failure: what a user would have seen.
    java.nio.file.Files.writeString(Path.of("target", "demo-it-output.txt"), printed);
    List<Alert> alerts = result.alerts();
    String straggler = result.straggler();
    String victim = result.victim();

    int driftFiring = index(alerts, is(AlertStatus.FIRING, "ARTIFACT_DRIFT", straggler));
    int flagFiring = index(alerts, is(AlertStatus.FIRING, "FLAG_UNDECLARED", straggler));
    int missingFiring = index(alerts, is(AlertStatus.FIRING, "NODE_MISSING", victim));
    int driftResolved = index(alerts, is(AlertStatus.RESOLVED, "ARTIFACT_DRIFT", straggler));
    int flagResolved = index(alerts, is(AlertStatus.RESOLVED, "FLAG_UNDECLARED", straggler));
    assertThat(List.of(driftFiring, flagFiring, missingFiring, driftResolved, flagResolved))
        .as("alert sequence:%n%s", printed).doesNotContain(-1);
    // The story's order: drift at the deadline, then the repurposed flag; each resolves after the fix.
    // (When the power cut is noticed depends on the missing threshold, not on the story's pace.)
    assertThat(driftFiring).as(printed).isLessThan(flagFiring);
    assertThat(driftFiring).as(printed).isLessThan(driftResolved);
    assertThat(flagFiring).as(printed).isLessThan(flagResolved);
    // Not before the deadline: during the rollout the previous release was allowed.
    assertThat(alerts.get(driftFiring).getEmittedAt()).isAfterOrEqualTo(result.deadline());
    assertThat(alerts.get(driftFiring).getAnnotations().get("summary")).contains(straggler, "2012.07.15");
    assertThat(alerts.get(flagFiring).getAnnotations().get("summary")).contains("power_peg");

    // Exactly one box differed: no artifact or flag alert on any other node, ever (no upgrade noise).
    assertThat(alerts).filteredOn(a -> a.getStatus() == AlertStatus.FIRING
            && List.of("ARTIFACT_DRIFT", "FLAG_UNDECLARED", "FLAG_DRIFT", "MUTATED_IN_PLACE").contains(a.getRule()))
        .as("alerts:%n%s", printed)
        .extracting(Alert::getSubject).containsOnly(straggler);
    // One FIRING per (rule, subject) while it lasts: no re-emission on every heartbeat.
    assertThat(alerts).filteredOn(is(AlertStatus.FIRING, "ARTIFACT_DRIFT", straggler)).hasSize(1);

    assertThat(printed).contains("query API", "metrics", "smars-8, the straggler, was flagged")
        .contains("NODE_MISSING").contains("final state");
  }

  private static Predicate<Alert> is(AlertStatus status, String rule, String subject) {
    return a -> a.getStatus() == status && a.getRule().equals(rule) && a.getSubject().equals(subject);
  }

  private static int index(List<Alert> alerts, Predicate<Alert> p) {
    for (int i = 0; i < alerts.size(); i++) {
      if (p.test(alerts.get(i))) {
        return i;
      }
    }
    return -1;
  }
}
