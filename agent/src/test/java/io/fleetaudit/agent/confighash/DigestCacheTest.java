package io.fleetaudit.agent.confighash;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DigestCacheTest {
  @TempDir Path dir;
  private final List<Path> reads = new ArrayList<>();
  private final DigestCache cache = new DigestCache(p -> {
    reads.add(p);
    return Digests.ofFile(p);
  });

  @Test
  void shouldNotReReadUnchangedFiles() throws IOException {
    for (int i = 0; i < 50; i++) {
      Files.writeString(dir.resolve("f" + i), "content " + i);
    }
    ConfigHasher hasher = new ConfigHasher(List.of(dir.toString()), List.of(), 10, cache);
    String first = hasher.scan().configHash();
    assertThat(reads).hasSize(50);
    String second = hasher.scan().configHash();
    assertThat(second).isEqualTo(first);
    assertThat(reads).hasSize(50);
    assertThat(hasher.filesRead()).isEqualTo(50);
  }

  @Test
  void shouldReReadOnlyTheChangedFile() throws IOException {
    Path a = Files.writeString(dir.resolve("a"), "1");
    Path b = Files.writeString(dir.resolve("b"), "2");
    cache.digest(a);
    cache.digest(b);
    Files.writeString(b, "22");
    String digest = cache.digest(b);
    cache.digest(a);
    assertThat(reads).containsExactly(a, b, b);
    assertThat(digest).isEqualTo(Digests.of("22"));
  }

  @Test
  void shouldNoticeAReplacedFileEvenWithSameSizeAndMtime() throws IOException {
    Path a = Files.writeString(dir.resolve("a"), "one");
    FileTime mtime = Files.getLastModifiedTime(a);
    cache.digest(a);
    Path tmp = Files.writeString(dir.resolve("a.tmp"), "two");
    Files.setLastModifiedTime(tmp, mtime);
    Files.move(tmp, a, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    assertThat(cache.digest(a)).isEqualTo(Digests.of("two"));
    assertThat(reads).hasSize(2);
  }

  @Test
  void shouldForgetFilesNoLongerWatched() throws IOException {
    Path a = Files.writeString(dir.resolve("a"), "1");
    cache.digest(a);
    cache.retainOnly(java.util.Set.of());
    assertThat(cache.size()).isZero();
  }
}
