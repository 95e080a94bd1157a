package io.fleetaudit.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real child JVM ({@code java -jar ...}) whose combined output is drained into memory on a thread,
 * so a chatty process never blocks and a failing test can show what it printed. {@link #close()}
 * stops it: SIGTERM, then SIGKILL after a grace period.
 */
final class ChildProcess implements AutoCloseable {

  private final String name;
  private final Process process;
  private final StringBuffer output = new StringBuffer();

  private ChildProcess(String name, Process process) {
    this.name = name;
    this.process = process;
    Thread drain = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          output.append(line).append('\n');
        }
      } catch (IOException e) {
        output.append("[output closed: ").append(e.getMessage()).append("]\n");
      }
    }, "drain-" + name);
    drain.setDaemon(true);
    drain.start();
  }

  static ChildProcess javaJar(String name, Path workDir, List<String> jvmArgs, Path jar, String... args) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> cmd = new ArrayList<>();
    cmd.add(java);
    cmd.addAll(jvmArgs);
    cmd.add("-jar");
    cmd.add(jar.toString());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true);
    // The children read their settings from files and flags, not from whatever the build exported.
    pb.environment().keySet().removeIf(k -> k.startsWith("FLEET_AUDIT_"));
    return new ChildProcess(name, pb.start());
  }

  String output() {
    return output.toString();
  }

  /** The value of the first output line {@code key=value}, or null. */
  String valueOf(String key) {
    for (String line : output().split("\n")) {
      if (line.startsWith(key + "=")) {
        return line.substring(key.length() + 1).trim();
      }
    }
    return null;
  }

  boolean alive() {
    return process.isAlive();
  }

  String describe() {
    String out = output();
    return "--- " + name + (process.isAlive() ? " (running)" : " (exited " + process.exitValue() + ")") + " ---\n"
        + (out.length() > 6000 ? "…" + out.substring(out.length() - 6000) : out);
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
