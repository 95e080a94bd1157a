package io.fleetaudit.agent.confighash;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * What one {@code stat} says about a file: size, mtime (ns) and identity (the JDK's fileKey: device +
 * inode on Linux). If all are equal, the content is taken as unchanged and not re-read. The inode
 * catches the usual atomic replace (write temp, rename) even when size and mtime were preserved.
 */
public record FileStamp(long size, long mtimeNanos, Object fileKey) {

  /** Reads the stamp with one stat call (following symlinks, like the content read does). */
  public static FileStamp of(Path file) throws IOException {
    return of(Files.readAttributes(file, BasicFileAttributes.class));
  }

  /** The stamp from attributes already read (e.g. by a directory walk): no extra system call. */
  public static FileStamp of(BasicFileAttributes a) throws IOException {
    if (!a.isRegularFile()) {
      throw new IOException("not a regular file");
    }
    return new FileStamp(a.size(), a.lastModifiedTime().to(TimeUnit.NANOSECONDS), a.fileKey());
  }

  public boolean sameAs(FileStamp other) {
    return other != null && size == other.size && mtimeNanos == other.mtimeNanos
        && Objects.equals(fileKey, other.fileKey);
  }
}
