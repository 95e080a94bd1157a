package io.fleetaudit.agent.flags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetaudit.agent.config.AgentConfig.DisabledFlags;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlagReadersTest {
  @TempDir Path dir;

  private static final String FLAGD = """
      {
        "$schema": "https://flagd.dev/schema/v0/flags.json",
        "flags": {
          "new-order-router": { "state": "ENABLED", "variants": { "on": true, "off": false }, "defaultVariant": "on" },
          "power-peg": { "state": "DISABLED", "variants": { "on": true, "off": false }, "defaultVariant": "on" },
          "route-mode": { "state": "ENABLED", "variants": { "a": "smart", "b": "legacy" }, "defaultVariant": "b",
                          "targeting": { "if": [ { "==": [ { "var": "region" }, "eu" ] }, "a", null ] } },
          "max-orders": { "state": "ENABLED", "variants": { "low": 10, "high": 1000.5 }, "defaultVariant": "high" },
          "limits": { "state": "ENABLED", "variants": { "x": { "burst": 5 } }, "defaultVariant": "x" },
          "broken": { "state": "ENABLED", "variants": { "on": true }, "defaultVariant": "missing" }
        }
      }
      """;

  @Test
  void shouldReportTheDefaultVariantValueOfEachFlag() throws IOException {
    Path f = Files.writeString(dir.resolve("flags.flagd.json"), FLAGD);
    Map<String, String> flags = new FlagdReader(DisabledFlags.REPORT).read(f);
    assertThat(flags)
        .containsEntry("new-order-router", "true")
        .containsEntry("power-peg", "disabled")
        .containsEntry("route-mode", "legacy")
        .containsEntry("max-orders", "1000.5")
        .containsEntry("limits", "{\"burst\":5}")
        .containsEntry("broken", "invalid: defaultVariant 'missing' is not among the variants");
  }

  @Test
  void shouldSkipDisabledFlagsWhenConfigured() throws IOException {
    Path f = Files.writeString(dir.resolve("flags.flagd.json"), FLAGD);
    assertThat(new FlagdReader(DisabledFlags.SKIP).read(f)).doesNotContainKey("power-peg").containsKey("route-mode");
  }

  @Test
  void shouldRejectAFileWithoutFlags() throws IOException {
    Path f = Files.writeString(dir.resolve("x.json"), "{\"foo\": 1}");
    assertThatThrownBy(() -> new FlagdReader(DisabledFlags.REPORT).read(f)).isInstanceOf(IOException.class)
        .hasMessageContaining("not a flagd file");
  }

  @Test
  void shouldRejectInvalidJson() throws IOException {
    Path f = Files.writeString(dir.resolve("x.json"), "{\"flags\": ");
    assertThatThrownBy(() -> new FlagdReader(DisabledFlags.REPORT).read(f)).hasMessageContaining("not valid JSON");
  }

  @Test
  void shouldReadPropertiesMaps() throws IOException {
    Path f = Files.writeString(dir.resolve("flags.properties"), "power-peg=false\nroute.mode = smart \n");
    assertThat(new PlainFlagReader().read(f)).containsExactlyInAnyOrderEntriesOf(
        Map.of("power-peg", "false", "route.mode", "smart"));
  }

  @Test
  void shouldFlattenNestedJsonMaps() throws IOException {
    Path f = Files.writeString(dir.resolve("flags.json"), "{\"a\": true, \"b\": {\"c\": 3, \"d\": \"x\"}, \"e\": [1,2]}");
    assertThat(new PlainFlagReader().read(f)).containsExactlyInAnyOrderEntriesOf(
        Map.of("a", "true", "b.c", "3", "b.d", "x", "e", "[1,2]"));
  }

  @Test
  void shouldMergeSourcesAndSurviveAMissingFile() throws IOException {
    Path flagd = Files.writeString(dir.resolve("flags.flagd.json"), FLAGD);
    Path plain = Files.writeString(dir.resolve("over.properties"), "route-mode=smart\n");
    FlagsCollector c = new FlagsCollector(List.of(flagd, dir.resolve("gone.json")), List.of(plain), DisabledFlags.REPORT);
    Map<String, String> flags = c.collect();
    assertThat(flags).containsEntry("route-mode", "smart").containsEntry("power-peg", "disabled");
    assertThat(c.errors()).containsOnlyKeys(dir.resolve("gone.json"));
  }
}
