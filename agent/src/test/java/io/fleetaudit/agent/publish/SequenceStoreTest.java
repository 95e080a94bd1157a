package io.fleetaudit.agent.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SequenceStoreTest {
  @TempDir Path dir;

  @Test
  void shouldContinueAfterACleanRestart() {
    Path f = dir.resolve("state/agent.state");
    SequenceStore s = new SequenceStore(f);
    assertThat(s.next()).isEqualTo(1);
    assertThat(s.next()).isEqualTo(2);
    s.close();
    assertThat(new SequenceStore(f).next()).isEqualTo(3);
  }

  @Test
  void shouldNeverGoBackAfterACrash() {
    Path f = dir.resolve("agent.state");
    SequenceStore s = new SequenceStore(f);
    long last = 0;
    for (int i = 0; i < 250; i++) {
      last = s.next();
    }
    // no close(): simulated crash
    assertThat(new SequenceStore(f).next()).isGreaterThan(last);
  }

  @Test
  void shouldWriteOnlyOncePerBlock() throws IOException {
    Path f = dir.resolve("agent.state");
    SequenceStore s = new SequenceStore(f);
    s.next();
    long modified = Files.getLastModifiedTime(f).toMillis();
    String content = Files.readString(f);
    for (int i = 0; i < SequenceStore.BLOCK - 2; i++) {
      s.next();
    }
    assertThat(Files.readString(f)).isEqualTo(content).contains("sequence=" + SequenceStore.BLOCK);
    assertThat(Files.getLastModifiedTime(f).toMillis()).isEqualTo(modified);
    assertThat(Files.list(dir)).containsExactly(f);
  }

  @Test
  void shouldFallBackToTheClockWhenTheFileCannotBeWritten() throws IOException {
    Path notADir = Files.writeString(dir.resolve("file"), "x");
    SequenceStore s = new SequenceStore(notADir.resolve("agent.state"));
    long first = s.next();
    assertThat(first).isGreaterThan(1_600_000_000_000L);
    assertThat(s.next()).isEqualTo(first + 1);
  }

  @Test
  void shouldPeekWithoutWriting() {
    Path f = dir.resolve("agent.state");
    assertThat(SequenceStore.peekNext(f)).isEqualTo(1);
    assertThat(Files.exists(f)).isFalse();
  }
}
