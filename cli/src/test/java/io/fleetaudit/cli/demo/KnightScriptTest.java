package io.fleetaudit.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class KnightScriptTest {


  /** Records what the script asks the world to do, with the step's offset. */
  static final class Recorder implements KnightActions {
    final List<String> calls = new ArrayList<>();
    Duration now = Duration.ZERO;

    @Override public void declareBaseline() { calls.add(now.toMillis() + " baseline"); }
    @Override public void declareRollout(Duration window) {
      calls.add(now.toMillis() + " rollout deadline=+" + now.plus(window).toMillis());
    }
    @Override public void startFleet() { calls.add(now.toMillis() + " start"); }
    @Override public void replaceWithNewRelease(String nodeId) { calls.add(now.toMillis() + " replace " + nodeId); }
    @Override public void enableRepurposedFlag() { calls.add(now.toMillis() + " flag"); }
    @Override public void kill(String nodeId) { calls.add(now.toMillis() + " kill " + nodeId); }
    @Override public void showTable() { calls.add(now.toMillis() + " table"); }
    @Override public void settle() { calls.add(now.toMillis() + " settle"); }
    @Override public void awaitReporting() { calls.add(now.toMillis() + " await"); }
  }

  private static List<String> play(KnightScript script) {
    Recorder r = new Recorder();
    for (KnightScript.Step s : script.steps()) {
      r.now = s.at();
      s.action().accept(r);
    }
    return r.calls;
  }

  @Test
  void shouldPlayTheKnightStoryInOrderAtSpeedOne() {
    KnightScript script = new KnightScript(8, 1.0, "smars");
    assertThat(play(script)).containsExactly(
        "0 baseline", "0 start", "4000 await", "4000 table", "5000 rollout deadline=+18000",
        "6000 replace smars-1", "7000 replace smars-2", "8000 replace smars-3", "9000 replace smars-4",
        "10000 replace smars-5", "11000 replace smars-6", "12000 replace smars-7", "17000 table",
        "20000 flag", "23500 table", "24000 kill smars-4", "35000 replace smars-8", "39000 settle", "39000 table");
    assertThat(script.straggler()).isEqualTo("smars-8");
    assertThat(script.victim()).isEqualTo("smars-4");
    assertThat(script.length()).isEqualTo(Duration.ofSeconds(39));
  }

  @Test
  void shouldKeepDetectionGapsWhenPlayedFast() {
    KnightScript script = new KnightScript(8, 10.0, "smars");
    List<KnightScript.Step> steps = script.steps();
    Duration lastUpgrade = steps.stream().filter(s -> s.narration().startsWith("smars-7 replaced")).findFirst()
        .orElseThrow().at();
    Duration kill = steps.stream().filter(s -> s.narration().contains("loses power")).findFirst().orElseThrow().at();
    Duration fix = steps.stream().filter(s -> s.narration().startsWith("smars-8 replaced")).findFirst().orElseThrow().at();
    assertThat(script.deadlineOffset().minus(lastUpgrade))
        .isGreaterThanOrEqualTo(Duration.ofMillis(KnightScript.MIN_DEADLINE_GAP_MS));
    // The killed node must have time to be found missing before the story ends.
    assertThat(fix.minus(kill)).isGreaterThanOrEqualTo(
        script.heartbeatInterval().multipliedBy(script.missedIntervals()).plusSeconds(6));
    assertThat(script.length()).isLessThan(Duration.ofSeconds(30));
    assertThat(steps).isSortedAccordingTo((a, b) -> a.at().compareTo(b.at()));
    assertThat(steps).filteredOn(KnightScript.Step::gate).extracting(KnightScript.Step::narration)
        .containsExactly("fleet before the release", "final state");
  }

  @Test
  void shouldScaleStoryNodesAndKeepTheStragglerLast() {
    KnightScript script = new KnightScript(20, 2.0, "web");
    List<String> calls = play(script);
    assertThat(calls).filteredOn(c -> c.contains(" replace ")).hasSize(20)
        .last().asString().endsWith("replace web-20");
    assertThat(script.victim()).isEqualTo("web-10");
  }

  @Test
  void shouldRefuseTooFewNodesOrNoSpeed() {
    assertThatThrownBy(() -> new KnightScript(2, 1.0, "smars")).hasMessageContaining("--nodes");
    assertThatThrownBy(() -> new KnightScript(8, 0, "smars")).hasMessageContaining("--speed");
  }
}
