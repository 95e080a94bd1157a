package io.fleetaudit.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DemoCommandTest {

  @Test
  void shouldDefaultToTheKnightStoryAtNormalSpeed() {
    DemoCommand cmd = new DemoCommand();
    new CommandLine(cmd).parseArgs();
    assertThat(cmd.nodes).isEqualTo(8);
    assertThat(cmd.speed).isEqualTo(1.0);
    assertThat(cmd.keepRunning).isFalse();
    assertThat(cmd.dataDir).isEqualTo(Path.of(".fleet-audit"));
  }

  @Test
  void shouldParseEveryOption() {
    DemoCommand cmd = new DemoCommand();
    new CommandLine(cmd).parseArgs("--nodes", "20", "--speed", "2.5", "--keep-running", "--data-dir", "/tmp/x",
        "-f", "fleet.yaml");
    assertThat(cmd.nodes).isEqualTo(20);
    assertThat(cmd.speed).isEqualTo(2.5);
    assertThat(cmd.keepRunning).isTrue();
    assertThat(cmd.dataDir).isEqualTo(Path.of("/tmp/x"));
    assertThat(cmd.fleetFile).isEqualTo(Path.of("fleet.yaml"));
  }

  @Test
  void shouldRefuseOptionsOutsideTheirRangeNamingThem() {
    Path f = Path.of("fleet.yaml");
    assertThatThrownBy(() -> new DemoOptions(2, 1.0, false, Path.of("d"), f)).hasMessageContaining("--nodes");
    assertThatThrownBy(() -> new DemoOptions(8, 0.0, false, Path.of("d"), f)).hasMessageContaining("--speed");
    assertThatThrownBy(() -> new DemoOptions(8, 500, false, Path.of("d"), f)).hasMessageContaining("--speed");
  }

  @Test
  void shouldExitTwoWhenTheFleetFileIsMissing() {
    int code = new CommandLine(new DemoCommand()).execute("--fleet-file", "/nonexistent/fleet.yaml",
        "--data-dir", System.getProperty("java.io.tmpdir") + "/fleet-audit-demo-test");
    assertThat(code).isEqualTo(2);
  }

  @Test
  void shouldDefaultDevStackToTheWellKnownPorts() {
    DevStackCommand cmd = new DevStackCommand();
    new CommandLine(cmd).parseArgs();
    assertThat(cmd.port).isEqualTo(9092);
    assertThat(cmd.registryPort).isEqualTo(8081);
    assertThat(cmd.dataDir).isEqualTo(Path.of(".fleet-audit/dev-stack"));
  }
}
