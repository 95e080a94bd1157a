package io.fleetaudit.agent.confighash;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetaudit.agent.model.ConfigFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigHasherTest {
  @TempDir Path dir;

  private void write(String rel, String content) throws IOException {
    Path p = dir.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
  }

  private ConfigSnapshot scan(List<String> excludes, int max) {
    return new ConfigHasher(List.of(dir.toString()), excludes, max).scan();
  }

  @Test
  void shouldMatchTheDocumentedByteEncoding() throws IOException {
    write("b.conf", "b=2\n");
    write("a.yaml", "a: 1\n");
    // Recomputed here from the definition in ConfigHasher's Javadoc (path NUL digest LF, sorted by bytes).
    StringBuilder in = new StringBuilder();
    for (String name : List.of("a.yaml", "b.conf")) {
      Path p = dir.resolve(name);
      in.append(p).append('\0').append(Digests.of(Files.readAllBytes(p))).append('\n');
    }
    assertThat(scan(List.of(), 100).configHash())
        .isEqualTo(Digests.of(in.toString().getBytes(StandardCharsets.UTF_8)))
        .startsWith("sha256:").hasSize(7 + 64);
  }

  @Test
  void shouldMatchAKnownVectorComputedWithCoreutils() throws IOException {
    // printf '%s\0sha256:%s\n' /x/a "$(printf 'a: 1\n' | sha256sum | cut -c1-64)" | sha256sum
    Path root = dir.resolve("x");
    Files.createDirectories(root);
    Files.writeString(root.resolve("a"), "a: 1\n");
    String pathPart = root.resolve("a").toString();
    String line = pathPart + "\0" + "sha256:37b128c59f1f5097f73f82691cb519f1f568667faab5ced1b4ab979d36837eae\n";
    ConfigSnapshot s = new ConfigHasher(List.of(root.toString()), List.of(), 10).scan();
    assertThat(s.reported().get(0).getSha256())
        .isEqualTo("sha256:37b128c59f1f5097f73f82691cb519f1f568667faab5ced1b4ab979d36837eae");
    assertThat(s.configHash()).isEqualTo(Digests.of(line));
  }

  @Test
  void shouldNotDependOnCreationOrWatchOrder() throws IOException {
    write("one/x.conf", "x");
    write("two/y.conf", "y");
    String h1 = new ConfigHasher(List.of(dir.resolve("one").toString(), dir.resolve("two").toString()), List.of(), 10)
        .scan().configHash();
    String h2 = new ConfigHasher(List.of(dir.resolve("two").toString(), dir.resolve("one").toString()), List.of(), 10)
        .scan().configHash();
    assertThat(h1).isEqualTo(h2);
  }

  @Test
  void shouldChangeWhenContentChanges() throws IOException {
    write("a.conf", "x=1");
    String before = scan(List.of(), 10).configHash();
    write("a.conf", "x=2");
    assertThat(scan(List.of(), 10).configHash()).isNotEqualTo(before);
  }

  @Test
  void shouldChangeWhenAFileIsRenamedWithSameContent() throws IOException {
    write("a.conf", "same");
    String before = scan(List.of(), 10).configHash();
    Files.move(dir.resolve("a.conf"), dir.resolve("b.conf"));
    assertThat(scan(List.of(), 10).configHash()).isNotEqualTo(before);
  }

  @Test
  void shouldBoundTheReportedFilesButHashThemAll() throws IOException {
    for (int i = 0; i < 5; i++) {
      write("f" + i + ".conf", "v" + i);
    }
    ConfigSnapshot bounded = scan(List.of(), 2);
    ConfigSnapshot full = scan(List.of(), 100);
    assertThat(bounded.reported()).extracting(ConfigFile::getPath)
        .containsExactly(dir.resolve("f0.conf").toString(), dir.resolve("f1.conf").toString());
    assertThat(bounded.omitted()).isEqualTo(3);
    assertThat(bounded.totalFiles()).isEqualTo(5);
    assertThat(bounded.configHash()).isEqualTo(full.configHash());
  }

  @Test
  void shouldApplyExcludesToNamesAndDirectories() throws IOException {
    write("app.conf", "x");
    write(".app.conf.swp", "junk");
    write("cache/big.bin", "junk");
    write("..data/app.conf", "k8s internals");
    ConfigSnapshot s = scan(List.of("*.swp", "cache"), 10);
    assertThat(s.reported()).extracting(ConfigFile::getPath).containsExactly(dir.resolve("app.conf").toString());
  }

  @Test
  void shouldSupportGlobs() throws IOException {
    write("a.yaml", "x");
    write("b.txt", "y");
    write("sub/c.yaml", "z");
    ConfigSnapshot s = new ConfigHasher(List.of(dir + "/*.yaml"), List.of(), 10).scan();
    assertThat(s.reported()).extracting(ConfigFile::getPath).containsExactly(dir.resolve("a.yaml").toString());
  }

  @Test
  void shouldReportUnreadableAndMissingFilesWithoutFailing() throws IOException {
    write("ok.conf", "x");
    write("secret.conf", "y");
    Files.createSymbolicLink(dir.resolve("dangling.conf"), dir.resolve("nowhere"));
    DigestCache cache = new DigestCache(p -> {
      if (p.getFileName().toString().equals("secret.conf")) {
        throw new AccessDeniedException(p.toString());
      }
      return Digests.ofFile(p);
    });
    Path missing = dir.resolve("absent.conf");
    ConfigSnapshot s = new ConfigHasher(List.of(dir.toString(), missing.toString()), List.of(), 10, cache).scan();
    assertThat(s.reported()).extracting(ConfigFile::getPath, ConfigFile::getError).containsExactly(
        org.assertj.core.groups.Tuple.tuple(missing.toString(), "missing: no such file or directory"),
        org.assertj.core.groups.Tuple.tuple(dir.resolve("dangling.conf").toString(), "missing: dangling symbolic link"),
        org.assertj.core.groups.Tuple.tuple(dir.resolve("ok.conf").toString(), null),
        org.assertj.core.groups.Tuple.tuple(dir.resolve("secret.conf").toString(), "permission denied"));
    assertThat(s.unreadable()).isEqualTo(3);
    assertThat(s.configHash()).startsWith("sha256:");
  }

  @Test
  void shouldListWatchDirectoriesIncludingSubdirectories() throws IOException {
    write("sub/deeper/a.conf", "x");
    assertThat(new ConfigHasher(List.of(dir.toString()), List.of(), 10).directoriesToWatch())
        .contains(dir, dir.resolve("sub"), dir.resolve("sub/deeper"));
  }

  @Test
  void shouldSeeADeletedFileOnAWarmScan() throws IOException {
    write("a.conf", "a");
    write("b.conf", "b");
    ConfigHasher hasher = new ConfigHasher(List.of(dir.toString()), List.of(), 10);
    ConfigSnapshot before = hasher.scan();
    assertThat(hasher.scan()).as("nothing changed: same snapshot").isSameAs(before);
    Files.delete(dir.resolve("b.conf"));
    ConfigSnapshot after = hasher.scan();
    assertThat(after.configHash()).isNotEqualTo(before.configHash());
    assertThat(after.totalFiles()).isEqualTo(1);
  }

  @Test
  void shouldCountAFileOnceWhenWatchedPathsOverlap() throws IOException {
    write("a.conf", "a");
    ConfigHasher hasher = new ConfigHasher(List.of(dir.toString(), dir.resolve("a.conf").toString()), List.of(), 10);
    ConfigSnapshot first = hasher.scan();
    assertThat(first.totalFiles()).isEqualTo(1);
    assertThat(hasher.scan().configHash()).isEqualTo(first.configHash());
    assertThat(first.configHash()).isEqualTo(scan(List.of(), 10).configHash());
  }
}
