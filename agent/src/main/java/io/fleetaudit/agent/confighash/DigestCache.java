package io.fleetaudit.agent.confighash;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Content digests keyed by path and validated by {@link FileStamp} (size, mtime, inode): a file whose
 * stamp is unchanged is not read again, so a tick over thousands of unchanged files costs one stat
 * each. Input: paths; output: {@code sha256:<hex>} digests. Scans are bracketed by
 * {@link #beginScan()} / {@link #endScan()}, which evicts paths not seen and says whether anything
 * differed from the previous scan. Not thread-safe (one collector thread).
 */
public final class DigestCache {

  /** Reads a file's content digest; a seam so tests can count reads. */
  @FunctionalInterface
  public interface Reader {
    String digest(Path file) throws IOException;
  }

  private static final class Entry {
    final FileStamp stamp;
    final String digest;
    long seen;

    Entry(FileStamp stamp, String digest, long seen) {
      this.stamp = stamp;
      this.digest = digest;
      this.seen = seen;
    }
  }

  private final Map<Path, Entry> entries = new HashMap<>();
  private final Reader reader;
  private long reads;
  private long generation;
  private long readsAtBegin;
  private boolean duplicateSeen;

  public DigestCache() {
    this(Digests::ofFile);
  }

  public DigestCache(Reader reader) {
    this.reader = reader;
  }

  public String digest(Path file) throws IOException {
    return digest(file, FileStamp.of(file));
  }

  /** As {@link #digest(Path)} with a stamp the caller already has (from a directory walk). */
  public String digest(Path file, FileStamp stamp) throws IOException {
    Entry e = entries.get(file);
    if (e != null && e.stamp.sameAs(stamp)) {
      if (e.seen == generation) {
        duplicateSeen = true;
      }
      e.seen = generation;
      return e.digest;
    }
    String digest = reader.digest(file);
    reads++;
    // Re-stat after reading: if the file changed while being read, don't trust this digest next time.
    FileStamp after = FileStamp.of(file);
    if (after.sameAs(stamp)) {
      entries.put(file, new Entry(stamp, digest, generation));
    } else {
      entries.remove(file);
    }
    return digest;
  }

  /** Starts a scan: entries not looked up before {@link #endScan()} are evicted then. */
  public void beginScan() {
    generation++;
    readsAtBegin = reads;
    duplicateSeen = false;
  }

  /**
   * Ends a scan, evicting entries not seen in it. Returns true when the set of files and their stamps
   * is exactly the previous scan's (no reads, nothing evicted, no path visited twice).
   */
  public boolean endScan() {
    int before = entries.size();
    entries.values().removeIf(e -> e.seen != generation);
    return reads == readsAtBegin && entries.size() == before && !duplicateSeen;
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
