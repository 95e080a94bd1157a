package io.fleetaudit.agent.confighash;

import io.fleetaudit.agent.model.ConfigFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * Hashes the watched config files. Input: watched paths (files, directories walked recursively, or
 * globs such as {@code /etc/app/*.yaml}), exclude globs, a per-file reporting limit. Output: a
 * {@link ConfigSnapshot}.
 *
 * <p>The config hash is defined byte-exactly so anyone can recompute it: take every watched regular
 * file (absolute path as walked, symlinks followed), sort by the path's UTF-8 bytes (unsigned, i.e.
 * {@code LC_ALL=C sort}), and feed SHA-256 for each file the bytes
 * {@code path (UTF-8) || 0x00 || digest || 0x0A}, where digest is the file's content digest in ASCII
 * ({@code sha256:<64 lowercase hex>}) or the literal {@code unreadable} when the file could not be
 * read. The result is rendered {@code sha256:<hex>}. A path cannot contain NUL and the digest has no
 * newline, so the encoding is unambiguous. With no files at all it is the SHA-256 of empty input.
 * Equivalent shell: {@code for f in $(find ... | LC_ALL=C sort); do printf '%s\0sha256:%s\n' "$f"
 * "$(sha256sum < "$f" | cut -c1-64)"; done | sha256sum}.
 *
 * <p>Excludes: a pattern without '/' is matched against each file or directory name (a matching
 * directory is skipped whole); a pattern with '/' against the absolute path. Entries whose name starts
 * with {@code ..} (Kubernetes' atomic-writer internals such as {@code ..data}) are skipped so
 * ConfigMap volumes are hashed once, through their visible symlinks. A watched path that does not exist
 * is reported as an unreadable entry, because a missing config file is itself drift.
 */
public final class ConfigHasher {
  public static final String UNREADABLE = "unreadable";

  private record Root(Path base, PathMatcher glob) {
  }

  private final List<Root> roots = new ArrayList<>();
  private final List<PathMatcher> nameExcludes = new ArrayList<>();
  private final List<PathMatcher> pathExcludes = new ArrayList<>();
  private final int maxReported;
  private final DigestCache cache;
  private ConfigSnapshot previous;

  public ConfigHasher(List<String> paths, List<String> excludes, int maxReported) {
    this(paths, excludes, maxReported, new DigestCache());
  }

  public ConfigHasher(List<String> paths, List<String> excludes, int maxReported, DigestCache cache) {
    for (String p : paths) {
      roots.add(root(p));
    }
    for (String e : excludes) {
      PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + e);
      (e.contains("/") ? pathExcludes : nameExcludes).add(m);
    }
    this.maxReported = maxReported;
    this.cache = cache;
  }

  private static Root root(String p) {
    int firstGlob = indexOfGlob(p);
    if (firstGlob < 0) {
      return new Root(Path.of(p).toAbsolutePath().normalize(), null);
    }
    int slash = p.lastIndexOf('/', firstGlob);
    String base = slash <= 0 ? "/" : p.substring(0, slash);
    String pattern = p.startsWith("/") ? p : Path.of(p).toAbsolutePath().toString();
    return new Root(Path.of(base).toAbsolutePath().normalize(),
        FileSystems.getDefault().getPathMatcher("glob:" + pattern));
  }

  private static int indexOfGlob(String p) {
    for (int i = 0; i < p.length(); i++) {
      if ("*?[{".indexOf(p.charAt(i)) >= 0) {
        return i;
      }
    }
    return -1;
  }

  /** The directories a watcher should observe to notice changes under the watched paths. */
  public List<Path> directoriesToWatch() {
    Set<Path> dirs = new HashSet<>();
    for (Root r : roots) {
      if (Files.isDirectory(r.base)) {
        try {
          Files.walkFileTree(r.base, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE,
              new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                  if (!dir.equals(r.base) && excludedName(dir)) {
                    return FileVisitResult.SKIP_SUBTREE;
                  }
                  dirs.add(dir);
                  return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) {
                  return FileVisitResult.CONTINUE;
                }
              });
        } catch (IOException ignored) {
          // unreadable trees are reported by scan(); the watcher just has fewer directories
        }
      } else if (r.base.getParent() != null) {
        dirs.add(r.base.getParent());
      }
    }
    List<Path> out = new ArrayList<>(dirs);
    out.sort(null);
    return out;
  }

  public boolean isEmpty() {
    return roots.isEmpty();
  }

  /**
   * Walks, stats and (for changed files only) reads the watched files. When every file is unchanged and
   * none appeared or vanished, the previous snapshot is returned as is: a warm tick costs the walk only.
   */
  public ConfigSnapshot scan() {
    if (roots.isEmpty()) {
      return ConfigSnapshot.NONE;
    }
    cache.beginScan();
    List<ConfigFile> files = new ArrayList<>(previous == null ? 64 : previous.totalFiles());
    for (Root r : roots) {
      collect(r, files);
    }
    boolean unchanged = cache.endScan();
    boolean clean = true;
    for (ConfigFile f : files) {
      if (f.getSha256() == null) {
        clean = false;
        break;
      }
    }
    if (unchanged && clean && previous != null && previous.unreadable() == 0 && previous.totalFiles() == files.size()) {
      return previous;
    }
    previous = hash(files);
    return previous;
  }

  private ConfigSnapshot hash(List<ConfigFile> files) {
    // Sorted by UTF-8 bytes, unsigned: the order the hash definition fixes. Duplicates (overlapping
    // watched paths) collapse into one entry.
    TreeMap<byte[], ConfigFile> sorted = new TreeMap<>(Arrays::compareUnsigned);
    for (ConfigFile f : files) {
      sorted.put(f.getPath().getBytes(StandardCharsets.UTF_8), f);
    }
    MessageDigest md = Digests.sha256();
    List<ConfigFile> reported = new ArrayList<>(Math.min(sorted.size(), maxReported));
    int unreadable = 0;
    for (var e : sorted.entrySet()) {
      ConfigFile f = e.getValue();
      if (f.getSha256() == null) {
        unreadable++;
      }
      md.update(e.getKey());
      md.update((byte) 0);
      md.update((f.getSha256() == null ? UNREADABLE : f.getSha256()).getBytes(StandardCharsets.US_ASCII));
      md.update((byte) '\n');
      if (reported.size() < maxReported) {
        reported.add(f);
      }
    }
    return new ConfigSnapshot(Digests.render(md.digest()), List.copyOf(reported),
        sorted.size() - reported.size(), sorted.size(), unreadable);
  }

  private void collect(Root r, List<ConfigFile> out) {
    if (!Files.exists(r.base)) {
      if (r.glob == null) {
        add(out, r.base, null, "missing: no such file or directory");
      }
      return;
    }
    if (!Files.isDirectory(r.base)) {
      if (!excluded(r.base)) {
        hash(r.base, null, out);
      }
      return;
    }
    try {
      Files.walkFileTree(r.base, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
          if (!dir.equals(r.base) && excluded(dir)) {
            return FileVisitResult.SKIP_SUBTREE;
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
          if (excluded(file) || (r.glob != null && !r.glob.matches(file))) {
            return FileVisitResult.CONTINUE;
          }
          if (attrs.isRegularFile()) {
            hash(file, attrs, out);
          } else if (attrs.isSymbolicLink()) {
            // FOLLOW_LINKS hands us the link itself only when its target cannot be reached.
            add(out, file, null, "missing: dangling symbolic link");
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException exc) {
          if (!excluded(file) && (r.glob == null || r.glob.matches(file))) {
            add(out, file, null, describe(exc));
          }
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      add(out, r.base, null, describe(e));
    }
  }

  private void hash(Path file, BasicFileAttributes attrs, List<ConfigFile> out) {
    try {
      String digest = attrs == null ? cache.digest(file) : cache.digest(file, FileStamp.of(attrs));
      add(out, file, digest, null);
    } catch (IOException e) {
      add(out, file, null, describe(e));
    }
  }

  private static void add(List<ConfigFile> out, Path file, String digest, String error) {
    out.add(new ConfigFile(file.toString(), digest, error));
  }

  private boolean excluded(Path p) {
    if (excludedName(p)) {
      return true;
    }
    for (PathMatcher m : pathExcludes) {
      if (m.matches(p)) {
        return true;
      }
    }
    return false;
  }

  private boolean excludedName(Path p) {
    Path name = p.getFileName();
    if (name == null) {
      return false;
    }
    if (name.toString().startsWith("..")) {
      return true;
    }
    for (PathMatcher m : nameExcludes) {
      if (m.matches(name)) {
        return true;
      }
    }
    return false;
  }

  static String describe(IOException e) {
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof NoSuchFileException) {
      return "missing: no such file or directory";
    }
    String m = e.getMessage();
    return m == null ? e.getClass().getSimpleName() : m;
  }

  /** Files actually read since start (cache misses): the "files hashed" metric. */
  public long filesRead() {
    return cache.reads();
  }
}
