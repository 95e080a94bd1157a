package io.fleetaudit.agent.collect;

import io.fleetaudit.agent.confighash.Digests;
import io.fleetaudit.agent.model.Artifact;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * {@code type: command}: runs an argv (ProcessBuilder, never a shell) with a timeout and reports its
 * stdout: the version is regex group 1 (or the first non-blank line), the digest the sha256 of the
 * whole stdout. A non-zero exit, a timeout (the process is killed) or a spawn failure become the
 * artifact's error. Output beyond 64 KiB is ignored; stderr is discarded.
 */
public final class CommandCollector implements ArtifactCollector {
  static final int MAX_OUTPUT = 64 * 1024;

  private final String name;
  private final List<String> argv;
  private final Duration timeout;
  private final Pattern regex;

  public CommandCollector(String name, List<String> argv, Duration timeout, String regex) {
    this.name = name;
    this.argv = List.copyOf(argv);
    this.timeout = timeout;
    this.regex = regex == null ? null : Pattern.compile(regex);
  }

  @Override
  public Artifact collect() {
    Process p;
    try {
      p = new ProcessBuilder(argv)
          .redirectError(ProcessBuilder.Redirect.DISCARD)
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
          .start();
    } catch (IOException | RuntimeException e) {
      return ArtifactCollector.failed(name, "cannot run " + argv.get(0) + ": " + ArtifactCollector.describe(e));
    }
    try {
      // Read stdout on this thread with a bounded buffer; the timeout is enforced by a watchdog kill.
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      Thread reader = new Thread(() -> copyBounded(p.getInputStream(), out), "fleet-audit-cmd-" + name);
      reader.setDaemon(true);
      reader.start();
      boolean done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (!done) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        reader.join(1000);
        return ArtifactCollector.failed(name, argv.get(0) + " timed out after " + timeout.toMillis() + " ms");
      }
      reader.join(timeout.toMillis());
      if (p.exitValue() != 0) {
        return ArtifactCollector.failed(name, argv.get(0) + " exited with " + p.exitValue());
      }
      byte[] bytes;
      synchronized (out) {
        bytes = out.toByteArray();
      }
      String text = new String(bytes, StandardCharsets.UTF_8);
      String version = VersionFileCollector.extract(regex, text);
      if (version == null) {
        return ArtifactCollector.failed(name, "no version in the output of " + argv.get(0)
            + (regex == null ? " (empty)" : " matching /" + regex.pattern() + "/"));
      }
      return ArtifactCollector.ok(name, version, Digests.of(bytes));
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      return ArtifactCollector.failed(name, "interrupted");
    }
  }

  private static void copyBounded(InputStream in, ByteArrayOutputStream out) {
    byte[] buf = new byte[8192];
    try (in) {
      int n;
      while ((n = in.read(buf)) >= 0) {
        synchronized (out) {
          int room = MAX_OUTPUT - out.size();
          if (room > 0) {
            out.write(buf, 0, Math.min(room, n));
          }
        }
      }
    } catch (IOException ignored) {
      // the process was killed or closed its stdout; what was read is what we have
    }
  }
}
