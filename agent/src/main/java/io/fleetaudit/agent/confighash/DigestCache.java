package io.fleetaudit.agent.confighash;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Content digests keyed by path and validated by {@link FileStamp} (size, mtime, ctime, inode): a file
 * whose stamp is unchanged is not read again, so a tick over thousands of unchanged files costs one
 * stat each. Input: paths; output: {@code sha256:<hex>} digests. Not thread-safe (one collector thread).
 */
public final class DigestCache {

  /** Reads a file's content digest; a seam so tests can count reads. */
  @FunctionalInterface
  public interface Reader {
    String digest(Path file) throws IOException;
  }

  private record Entry(FileStamp stamp, String digest) {
  }

  private final Map<Path, Entry> entries = new HashMap<>();
  private final Reader reader;
  private long reads;

  public DigestCache() {
    this(Digests::ofFile);
  }

  public DigestCache(Reader reader) {
    this.reader = reader;
  }

  public String digest(Path file) throws IOException {
    FileStamp stamp = FileStamp.of(file);
    Entry e = entries.get(file);
    if (e != null && e.stamp.sameAs(stamp)) {
      return e.digest;
    }
    String digest = reader.digest(file);
    reads++;
    // Re-stat after reading: if the file changed while being read, don't trust this digest next time.
    FileStamp after = FileStamp.of(file);
    if (after.sameAs(stamp)) {
      entries.put(file, new Entry(stamp, digest));
    } else {
      entries.remove(file);
    }
    return digest;
  }

  /** Forgets entries for paths no longer watched, so the cache cannot grow without bound. */
  public void retainOnly(Set<Path> live) {
    entries.keySet().retainAll(live);
  }

  /** How many file contents were actually read (cache misses) since creation. */
  public long reads() {
    return reads;
  }

  public int size() {
    return entries.size();
  }
}
