package io.fleetaudit.agent.confighash;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 helpers; every digest the agent reports is rendered {@code sha256:<64 lowercase hex>}. */
public final class Digests {
  public static final String PREFIX = "sha256:";
  private static final HexFormat HEX = HexFormat.of();

  private Digests() {
  }

  public static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  public static String render(byte[] digest) {
    return PREFIX + HEX.formatHex(digest);
  }

  public static String of(byte[] bytes) {
    return render(sha256().digest(bytes));
  }

  public static String of(String text) {
    return of(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Streams the file through SHA-256 with a small reused buffer (no mapping, no whole-file reads). */
  public static String ofFile(Path file) throws IOException {
    MessageDigest md = sha256();
    ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      while (ch.read(buf) >= 0) {
        buf.flip();
        md.update(buf);
        buf.clear();
      }
    }
    return render(md.digest());
  }

  public static String ofStream(InputStream in) throws IOException {
    MessageDigest md = sha256();
    byte[] buf = new byte[64 * 1024];
    int n;
    while ((n = in.read(buf)) >= 0) {
      md.update(buf, 0, n);
    }
    return render(md.digest());
  }
}
