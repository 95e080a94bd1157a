package io.fleetaudit.agent.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetaudit.agent.config.AgentConfig;
import io.fleetaudit.agent.config.InvalidConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdentityResolverTest {
  @TempDir Path dir;
  private AgentConfig.Builder base;

  @BeforeEach
  void files() throws IOException {
    Files.writeString(dir.resolve("machine-id"), "0123456789abcdef0123456789abcdef\n");
    Files.writeString(dir.resolve("boot_id"), "b00t-1\n");
    Files.writeString(dir.resolve("hostname"), "smars-7\n");
    base = AgentConfig.builder().service("smars").environment("prod").label("region", "us-east-1")
        .machineIdFile(dir.resolve("machine-id")).bootIdFile(dir.resolve("boot_id")).hostnameFile(dir.resolve("hostname"));
  }

  @Test
  void shouldDeriveNodeIdFromHostnameAndMachineId() {
    NodeIdentity id = new IdentityResolver(Map.of()).resolve(base.build());
    assertThat(id.nodeId()).isEqualTo("smars-7-0123456789ab");
    assertThat(id.instanceId()).isEqualTo("0123456789abcdef0123456789abcdef");
    assertThat(id.bootId()).isEqualTo("b00t-1");
    assertThat(id.hostname()).isEqualTo("smars-7");
    assertThat(id.labels()).containsEntry("region", "us-east-1");
  }

  @Test
  void shouldPreferConfiguredIds() {
    NodeIdentity id = new IdentityResolver(Map.of()).resolve(base.nodeId("n1").instanceId("i-123").build());
    assertThat(id.nodeId()).isEqualTo("n1");
    assertThat(id.instanceId()).isEqualTo("i-123");
  }

  @Test
  void shouldReadInstanceIdFromFileOrEnv() throws IOException {
    Path f = Files.writeString(dir.resolve("instance-id"), "i-0abc\n");
    assertThat(new IdentityResolver(Map.of()).resolve(base.instanceIdFile(f).build()).instanceId()).isEqualTo("i-0abc");
    assertThat(new IdentityResolver(Map.of("POD_UID", "pod-42")).resolve(
        base.instanceIdFile(null).instanceIdEnv("POD_UID").build()).instanceId()).isEqualTo("pod-42");
  }

  @Test
  void shouldFailWhenTheInstanceIdVariableIsUnset() {
    assertThatThrownBy(() -> new IdentityResolver(Map.of()).resolve(base.instanceIdEnv("POD_UID").build()))
        .isInstanceOf(InvalidConfigException.class).hasMessageContaining("node.instance-id-env")
        .hasMessageContaining("POD_UID");
  }

  @Test
  void shouldFailWithoutNodeIdAndMachineId() {
    assertThatThrownBy(() -> new IdentityResolver(Map.of()).resolve(base.machineIdFile(dir.resolve("none")).build()))
        .isInstanceOf(InvalidConfigException.class).hasMessageStartingWith("node.id:");
  }

  @Test
  void shouldReportUnknownBootId() {
    assertThat(new IdentityResolver(Map.of()).resolve(base.bootIdFile(dir.resolve("none")).build()).bootId())
        .isEqualTo("unknown");
  }
}
