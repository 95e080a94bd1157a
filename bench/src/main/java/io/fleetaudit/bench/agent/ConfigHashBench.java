package io.fleetaudit.bench.agent;

import static io.fleetaudit.bench.Stats.median;

import io.fleetaudit.agent.confighash.ConfigHasher;
import io.fleetaudit.agent.confighash.ConfigSnapshot;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Config hashing cost: N files of S bytes (default 10,000 x 10,000 B = 100 MB) hashed cold (a new
 * hasher: every file read) and warm (the same hasher again, nothing changed: one stat per file), each
 * against plain {@code sha256sum} over the same files in the same run ({@code find -print0 | xargs -0
 * sha256sum}). Both tools see a warm OS page cache (the files were just written): "cold" means the
 * agent's digest cache is empty. Reports medians and ratios.
 *
 * <p>Arguments (optional): {@code --files 10000} {@code --size 10000} {@code --runs 5} {@code --dir /path}.
 */
public final class ConfigHashBench {

  public static void main(String[] args) throws Exception {
    Map<String, String> a = AgentFootprintBench.Args.parse(args);
    int files = Integer.parseInt(a.getOrDefault("files", "10000"));
    int size = Integer.parseInt(a.getOrDefault("size", "10000"));
    int runs = Integer.parseInt(a.getOrDefault("runs", "5"));
    Path dir = a.containsKey("dir") ? Path.of(a.get("dir")) : Files.createTempDirectory("fleet-audit-hashbench-");
    write(dir, files, size);
    List<String> paths = List.of(dir.toString());

    // JIT warm-up run, discarded: a long-running agent hashes with compiled code.
    new ConfigHasher(paths, List.of(), 100).scan();

    double[] cold = new double[runs];
    double[] coldCpu = new double[runs];
    java.lang.management.ThreadMXBean th = java.lang.management.ManagementFactory.getThreadMXBean();
    String hash = null;
    for (int i = 0; i < runs; i++) {
      ConfigHasher fresh = new ConfigHasher(paths, List.of(), 100);
      long cpu0 = th.getCurrentThreadCpuTime();
      long t = System.nanoTime();
      ConfigSnapshot s = fresh.scan();
      cold[i] = (System.nanoTime() - t) / 1e6;
      coldCpu[i] = (th.getCurrentThreadCpuTime() - cpu0) / 1e6;
      hash = s.configHash();
      if (s.totalFiles() != files || fresh.filesRead() != files) {
        throw new IllegalStateException("expected " + files + " files, got " + s.totalFiles());
      }
    }
    ConfigHasher warmHasher = new ConfigHasher(paths, List.of(), 100);
    warmHasher.scan();
    double[] warm = new double[runs * 4];
    double[] warmCpu = new double[warm.length];
    java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
    for (int i = 0; i < warm.length; i++) {
      long cpu0 = threads.getCurrentThreadCpuTime();
      long t = System.nanoTime();
      ConfigSnapshot s = warmHasher.scan();
      warm[i] = (System.nanoTime() - t) / 1e6;
      warmCpu[i] = (threads.getCurrentThreadCpuTime() - cpu0) / 1e6;
      if (!s.configHash().equals(hash)) {
        throw new IllegalStateException("warm hash differs");
      }
    }
    if (warmHasher.filesRead() != files) {
      throw new IllegalStateException("warm scans re-read files: " + warmHasher.filesRead());
    }
    double[] shell = new double[runs];
    double[] shellCpu = new double[runs];
    for (int i = 0; i < runs; i++) {
      double[] r = sha256sum(dir);
      shell[i] = r[0];
      shellCpu[i] = r[1];
    }
    double c = median(cold);
    double w = median(warm);
    double s = median(shell);
    System.out.println("## Config hashing");
    System.out.printf(Locale.ROOT, "files                : %d x %d B = %.1f MB in %s%n", files, size, files * (double) size / 1e6, dir);
    double cc = median(coldCpu);
    double wc = median(warmCpu);
    double sc = median(shellCpu);
    System.out.println("(wall = elapsed; cpu = CPU time of the hashing thread / of find+xargs+sha256sum children)");
    System.out.printf(Locale.ROOT, "agent cold  median   : wall %.1f ms, cpu %.1f ms   (wall runs: %s)%n", c, cc, fmt(cold));
    System.out.printf(Locale.ROOT, "agent warm  median   : wall %.1f ms, cpu %.1f ms   (wall runs: %s)%n", w, wc, fmt(warm));
    System.out.printf(Locale.ROOT, "sha256sum   median   : wall %.1f ms, cpu %.1f ms   (wall runs: %s)%n", s, sc, fmt(shell));
    System.out.printf(Locale.ROOT, "cold / sha256sum     : wall %.2f, cpu %.2f%n", c / s, cc / sc);
    System.out.printf(Locale.ROOT, "warm / sha256sum     : wall %.4f, cpu %.4f (a warm tick is %.0fx cheaper in CPU)%n",
        w / s, wc / sc, sc / wc);
    System.out.printf(Locale.ROOT, "config hash          : %s%n", hash);
  }

  static void write(Path dir, int files, int size) throws IOException {
    Random r = new Random(7);
    byte[] buf = new byte[size];
    for (int i = 0; i < files; i++) {
      Path d = Files.createDirectories(dir.resolve("d" + (i / 500)));
      Path f = d.resolve("f" + i + ".conf");
      if (Files.exists(f) && Files.size(f) == size) {
        continue;
      }
      r.nextBytes(buf);
      try (OutputStream os = Files.newOutputStream(f)) {
        os.write(buf);
      }
    }
  }

  /** Wall and CPU (user+sys of the pipeline, from bash's `times`) in ms. */
  static double[] sha256sum(Path dir) throws IOException, InterruptedException {
    long t = System.nanoTime();
    Process p = new ProcessBuilder("bash", "-c",
        "find \"$0\" -type f -print0 | xargs -0 sha256sum > /dev/null; times", dir.toString())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes()).trim();
    if (p.waitFor() != 0) {
      throw new IllegalStateException("sha256sum failed: " + out);
    }
    double wall = (System.nanoTime() - t) / 1e6;
    // `times` second line: children's user and system time, e.g. "0m0.412s 0m0.101s"
    String[] lines = out.split("\n");
    String[] parts = lines[lines.length - 1].trim().split("\\s+");
    return new double[] {wall, (seconds(parts[0]) + seconds(parts[1])) * 1000};
  }

  private static double seconds(String t) {
    int m = t.indexOf('m');
    return Double.parseDouble(t.substring(0, m)) * 60 + Double.parseDouble(t.substring(m + 1, t.length() - 1));
  }

  static String fmt(double[] xs) {
    List<String> out = new ArrayList<>();
    for (double x : xs) {
      out.add(String.format(Locale.ROOT, "%.1f", x));
    }
    return String.join(" ", out);
  }
}
