package io.fleetaudit.agent.confighash;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.Objects;

/**
 * What one {@code stat} says about a file: size, mtime, ctime and identity (device + inode, the JDK's
 * fileKey). If all are equal, the content is taken as unchanged and not re-read. ctime is included
 * because it cannot be set back by {@code touch -r} or {@code cp -p}, unlike mtime.
 */
public record FileStamp(long size, long mtimeNanos, long ctimeNanos, Object fileKey) {

  private static final boolean UNIX_VIEW = supportsUnixView();

  /** Reads the stamp with one stat call (following symlinks, like the content read does). */
  public static FileStamp of(Path file) throws IOException {
    if (UNIX_VIEW) {
      Map<String, Object> a = Files.readAttributes(file, "unix:size,lastModifiedTime,ctime,ino,dev,isRegularFile");
      if (!(Boolean) a.get("isRegularFile")) {
        throw new IOException("not a regular file");
      }
      return new FileStamp((Long) a.get("size"), nanos((FileTime) a.get("lastModifiedTime")),
          nanos((FileTime) a.get("ctime")), a.get("dev") + ":" + a.get("ino"));
    }
    BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
    if (!a.isRegularFile()) {
      throw new IOException("not a regular file");
    }
    return new FileStamp(a.size(), nanos(a.lastModifiedTime()), nanos(a.lastModifiedTime()), a.fileKey());
  }

  private static long nanos(FileTime t) {
    return t.to(java.util.concurrent.TimeUnit.NANOSECONDS);
  }

  private static boolean supportsUnixView() {
    return java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("unix");
  }

  public boolean sameAs(FileStamp other) {
    return other != null && size == other.size && mtimeNanos == other.mtimeNanos
        && ctimeNanos == other.ctimeNanos && Objects.equals(fileKey, other.fileKey);
  }
}
