package io.fleetaudit.bench.agent;

import io.fleetaudit.registry.LocalSchemaRegistry;
import io.fleetaudit.testkit.EmbeddedKafka;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Agent footprint: the real agent (launcher script + shaded jar, as installed) as its own process,
 * publishing to an embedded broker through the local schema registry, watching N config files at a
 * given interval. Reports peak RSS (VmHWM), CPU seconds (utime+stime from /proc/pid/stat) in total and
 * in steady state (after a warm-up), heartbeats received, CPU % of one core, and the CPU % extrapolated
 * to a 10 s interval (steady CPU per heartbeat / 10 s: an upper bound, as the idle cost is counted per tick).
 *
 * <p>Arguments (all optional): {@code --duration 5m} {@code --warmup 30s} {@code --files 1000}
 * {@code --interval 1s} {@code --launcher agent/bin/fleet-audit-agent} {@code --jar agent/target/fleet-audit-agent.jar}
 * {@code --java-opts "..."} (replaces the launcher's JVM flags, to compare settings)
 * {@code --extra-java-opts "..."} (appended to the launcher's flags, e.g. {@code -Xlog:class+load:file=/tmp/cl.txt})
 * {@code --java-home /usr/lib/jvm/...} (the JDK the launcher runs the agent on; default: the launcher's own choice)
 * {@code --registry mock://x} (the serializer's in-memory registry instead of the local HTTP one).
 */
public final class AgentFootprintBench {

  public static void main(String[] args) throws Exception {
    Map<String, String> a = Args.parse(args);
    Duration duration = Args.duration(a.getOrDefault("duration", "5m"));
    Duration warmup = Args.duration(a.getOrDefault("warmup", "30s"));
    int files = Integer.parseInt(a.getOrDefault("files", "1000"));
    String interval = a.getOrDefault("interval", "1s");
    Path launcher = Path.of(a.getOrDefault("launcher", "agent/bin/fleet-audit-agent")).toAbsolutePath();
    Path jar = Path.of(a.getOrDefault("jar", "agent/target/fleet-audit-agent.jar")).toAbsolutePath();
    if (!Files.isExecutable(launcher) || !Files.exists(jar)) {
      throw new IllegalStateException("need " + launcher + " and " + jar
          + " (run from the repository root after mvn -pl agent package)");
    }
    Path work = Files.createTempDirectory("fleet-audit-footprint-");
    Path etc = Files.createDirectories(work.resolve("etc"));
    writeConfigFiles(etc, files);
    String topic = "fleet.heartbeats.v1";

    try (EmbeddedKafka kafka = EmbeddedKafka.start();
         LocalSchemaRegistry registry = LocalSchemaRegistry.start(kafka.bootstrapServers(), "127.0.0.1", 0)) {
      try (Admin admin = kafka.createAdmin()) {
        admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
      }
      Path cfg = Files.writeString(work.resolve("agent.yaml"), """
          node: { id: bench-1, instance-id: i-bench-1 }
          service: bench
          environment: bench
          config: { paths: [ %s ] }
          heartbeat: { interval: %s }
          state: { file: %s }
          kafka: { bootstrap.servers: "%s" }
          schema.registry.url: %s
          """.formatted(etc, interval, work.resolve("agent.state"), kafka.bootstrapServers(),
          a.getOrDefault("registry", registry.url())));
      AtomicLong received = new AtomicLong();
      AtomicLong bytes = new AtomicLong();
      Thread consumer = startCounter(kafka.bootstrapServers(), topic, received, bytes);

      ProcessBuilder pb = new ProcessBuilder(launcher.toString(), "--config", cfg.toString())
          .redirectErrorStream(true).redirectOutput(work.resolve("agent.log").toFile());
      pb.environment().put("FLEET_AUDIT_AGENT_JAR", jar.toString());
      if (a.containsKey("java-opts")) {
        pb.environment().put("FLEET_AUDIT_AGENT_JVM_FLAGS", a.get("java-opts"));
      }
      if (a.containsKey("extra-java-opts")) {
        pb.environment().put("FLEET_AUDIT_AGENT_JAVA_OPTS", a.get("extra-java-opts"));
      }
      if (a.containsKey("java-home")) {
        pb.environment().put("JAVA_HOME", a.get("java-home"));
        pb.environment().remove("JAVA");
      }
      long t0 = System.nanoTime();
      Process p = pb.start();
      // Never leave the agent behind if the benchmark itself fails or is interrupted.
      Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly));
      long pid = p.pid();
      System.err.println("agent pid " + pid);
      long rssMaxSampled = 0;
      long rssMaxAt = 0;
      double cpuAtWarmup = -1;
      long receivedAtWarmup = 0;
      long end = t0 + duration.toNanos();
      long warm = t0 + warmup.toNanos();
      while (System.nanoTime() < end && p.isAlive()) {
        TimeUnit.SECONDS.sleep(1); // sampling cadence of the benchmark itself, not a test wait
        long rssNow = ProcStats.statusKb(pid, "VmRSS");
        long second = (System.nanoTime() - t0) / 1_000_000_000L;
        if (rssNow > rssMaxSampled) {
          rssMaxSampled = rssNow;
          rssMaxAt = second;
        }
        if (second % 10 == 0) {
          // RSS over time (stderr): shows whether the peak is a start-up transient or the steady state.
          System.err.printf(Locale.ROOT, "agent t=%ds rss=%.1f MiB anon=%.1f file=%.1f%n", second, rssNow / 1024.0,
              ProcStats.statusKb(pid, "RssAnon") / 1024.0, ProcStats.statusKb(pid, "RssFile") / 1024.0);
        }
        if (cpuAtWarmup < 0 && System.nanoTime() >= warm) {
          cpuAtWarmup = ProcStats.cpuSeconds(pid);
          receivedAtWarmup = received.get();
        }
      }
      if (!p.isAlive()) {
        throw new IllegalStateException("agent exited early; see " + work.resolve("agent.log"));
      }
      double cpu = ProcStats.cpuSeconds(pid);
      long hwm = ProcStats.statusKb(pid, "VmHWM");
      long rss = ProcStats.statusKb(pid, "VmRSS");
      long rssAnon = ProcStats.statusKb(pid, "RssAnon");
      long rssFile = ProcStats.statusKb(pid, "RssFile");
      long threads = ProcStats.statusKb(pid, "Threads");
      long totalReceived = received.get();
      double elapsed = (System.nanoTime() - t0) / 1e9;
      long stopStart = System.nanoTime();
      p.destroy();
      boolean exited = p.waitFor(10, TimeUnit.SECONDS);
      double stopSeconds = (System.nanoTime() - stopStart) / 1e9;
      consumer.interrupt();

      double steadyWindow = elapsed - warmup.toSeconds();
      double steadyCpu = cpu - Math.max(0, cpuAtWarmup);
      long steadyBeats = totalReceived - receivedAtWarmup;
      double perBeat = steadyBeats > 0 ? steadyCpu / steadyBeats : Double.NaN;
      System.out.println("## Agent footprint");
      System.out.printf(Locale.ROOT, "files watched        : %d%n", files);
      System.out.printf(Locale.ROOT, "interval             : %s%n", interval);
      System.out.printf(Locale.ROOT, "duration             : %.0f s (warm-up %d s)%n", elapsed, warmup.toSeconds());
      System.out.printf(Locale.ROOT, "JVM flags            : %s%s%n", a.getOrDefault("java-opts", "launcher defaults"),
          a.containsKey("extra-java-opts") ? " + " + a.get("extra-java-opts") : "");
      System.out.printf(Locale.ROOT, "java                 : %s%n", a.getOrDefault("java-home", "launcher default"));
      System.out.printf(Locale.ROOT, "load average         : %s%n", ProcStats.loadAverage());
      System.out.printf(Locale.ROOT, "heartbeats received  : %d (%d in steady state, %d bytes total)%n",
          totalReceived, steadyBeats, bytes.get());
      System.out.printf(Locale.ROOT, "peak RSS (VmHWM)     : %.1f MiB%n", hwm / 1024.0);
      System.out.printf(Locale.ROOT,
          "RSS at end (VmRSS)   : %.1f MiB (anon %.1f + file %.1f; max sampled %.1f MiB at %d s; %d threads)%n",
          rss / 1024.0, rssAnon / 1024.0, rssFile / 1024.0, rssMaxSampled / 1024.0, rssMaxAt, threads);
      System.out.printf(Locale.ROOT, "CPU seconds total    : %.2f s (%.2f%% of one core over the run)%n", cpu, 100 * cpu / elapsed);
      System.out.printf(Locale.ROOT, "CPU seconds steady   : %.2f s over %.0f s = %.3f%% of one core%n",
          steadyCpu, steadyWindow, 100 * steadyCpu / steadyWindow);
      System.out.printf(Locale.ROOT, "CPU per heartbeat    : %.2f ms%n", perBeat * 1000);
      System.out.printf(Locale.ROOT, "CPU %% at 10 s (est.) : %.3f%% of one core (CPU per heartbeat / 10 s)%n",
          100 * perBeat / 10.0);
      System.out.printf(Locale.ROOT, "SIGTERM to exit      : %.2f s (exited=%s, code=%s)%n", stopSeconds, exited,
          exited ? p.exitValue() : "-");
      System.out.println("log: " + work.resolve("agent.log"));
    }
  }

  static void writeConfigFiles(Path etc, int n) throws IOException {
    Random r = new Random(42);
    byte[] buf = new byte[1024];
    for (int i = 0; i < n; i++) {
      Path d = Files.createDirectories(etc.resolve("d" + (i / 100)));
      r.nextBytes(buf);
      String content = "key" + i + "=" + java.util.HexFormat.of().formatHex(buf, 0, 256) + "\n";
      Files.writeString(d.resolve("file-" + i + ".conf"), content, StandardCharsets.UTF_8);
    }
  }

  private static Thread startCounter(String bootstrap, String topic, AtomicLong count, AtomicLong bytes) {
    Thread t = new Thread(() -> {
      try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of(
          ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
          ConsumerConfig.GROUP_ID_CONFIG, "footprint-" + UUID.randomUUID(),
          ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
        c.subscribe(List.of(topic));
        while (!Thread.currentThread().isInterrupted()) {
          c.poll(Duration.ofMillis(200)).forEach(rec -> {
            count.incrementAndGet();
            bytes.addAndGet(rec.serializedValueSize());
          });
        }
      } catch (org.apache.kafka.common.errors.InterruptException e) {
        // benchmark over
      }
    }, "footprint-counter");
    t.setDaemon(true);
    t.start();
    return t;
  }

  /** Tiny {@code --key value} parser shared by the agent benchmarks. */
  static final class Args {
    private Args() {
    }

    static Map<String, String> parse(String[] args) {
      Map<String, String> m = new java.util.HashMap<>();
      List<String> rest = new ArrayList<>(List.of(args));
      for (int i = 0; i < rest.size(); i++) {
        String k = rest.get(i);
        if (!k.startsWith("--") || i + 1 >= rest.size()) {
          throw new IllegalArgumentException("expected --key value pairs, got " + k);
        }
        m.put(k.substring(2), rest.get(++i));
      }
      return m;
    }

    static Duration duration(String s) {
      String t = s.trim().toLowerCase(Locale.ROOT);
      if (t.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
      }
      long n = Long.parseLong(t.substring(0, t.length() - 1));
      return switch (t.charAt(t.length() - 1)) {
        case 's' -> Duration.ofSeconds(n);
        case 'm' -> Duration.ofMinutes(n);
        case 'h' -> Duration.ofHours(n);
        default -> throw new IllegalArgumentException("duration like 30s, 5m: " + s);
      };
    }
  }
}
