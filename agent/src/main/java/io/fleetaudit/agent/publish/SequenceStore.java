package io.fleetaudit.agent.publish;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Heartbeat sequence numbers that increase across process restarts and crashes. Input: a small state
 * file ({@code sequence=<n>}, written atomically: temp file, fsync, rename); output: {@link #next()}.
 * To avoid a disk write per heartbeat the store reserves blocks: the file holds an upper bound of every
 * number handed out, raised by {@value #BLOCK} at a time, so after a crash numbers jump ahead but never
 * go back. {@link #close()} writes the exact last number. If the file cannot be written the store logs
 * once and falls back to wall-clock milliseconds as the base, still monotonic across restarts as long as
 * fewer than 1,000 heartbeats a second are sent.
 */
public final class SequenceStore implements AutoCloseable {
  static final long BLOCK = 100;
  private static final Logger LOG = LoggerFactory.getLogger(SequenceStore.class);

  private final Path file;
  private long last;
  private long reserved;
  private boolean persistent = true;

  public SequenceStore(Path file) {
    this.file = file;
    long stored = read(file);
    last = stored;
    reserved = stored;
  }

  /** The next sequence number, strictly greater than any handed out before by this node's agent. */
  public synchronized long next() {
    long n = last + 1;
    if (n > reserved) {
      reserve(n + BLOCK - 1);
      n = Math.max(n, last + 1);
    }
    last = n;
    return n;
  }

  public synchronized long last() {
    return last;
  }

  private void reserve(long upTo) {
    if (persistent) {
      try {
        write(file, upTo);
        reserved = upTo;
        return;
      } catch (IOException e) {
        persistent = false;
        LOG.error("cannot write state file {} ({}); sequence numbers continue from the wall clock", file, e.toString());
        long base = Math.max(last, System.currentTimeMillis());
        last = base;
      }
    }
    reserved = Long.MAX_VALUE;
  }

  @Override
  public synchronized void close() {
    if (persistent && last < reserved) {
      try {
        write(file, last);
        reserved = last;
      } catch (IOException e) {
        LOG.warn("cannot write state file {}: {}", file, e.toString());
      }
    }
  }

  /** The number the next heartbeat would get, without reserving it (for --print). */
  public static long peekNext(Path file) {
    return read(file) + 1;
  }

  static long read(Path file) {
    try {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (line.startsWith("sequence=")) {
          return Long.parseLong(line.substring("sequence=".length()).trim());
        }
      }
      LOG.warn("state file {} has no sequence= line; starting at 0", file);
      return 0;
    } catch (NoSuchFileException e) {
      return 0;
    } catch (IOException | NumberFormatException e) {
      LOG.warn("cannot read state file {} ({}); starting from the wall clock", file, e.toString());
      return System.currentTimeMillis();
    }
  }

  static void write(Path file, long value) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = dir.resolve(file.getFileName() + ".tmp");
    byte[] bytes = ("# fleet-audit agent state; do not edit\nsequence=" + value + "\n").getBytes(StandardCharsets.UTF_8);
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      ch.write(ByteBuffer.wrap(bytes));
      ch.force(true);
    }
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
