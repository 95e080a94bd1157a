package io.fleetaudit.agent;

import io.fleetaudit.agent.config.AgentConfig;
import io.fleetaudit.agent.config.AgentConfigLoader;
import io.fleetaudit.agent.config.InvalidConfigException;
import io.fleetaudit.agent.identity.IdentityResolver;
import io.fleetaudit.agent.identity.NodeIdentity;
import io.fleetaudit.agent.publish.SequenceStore;
import io.fleetaudit.agent.model.Heartbeat;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Command line of the host agent ({@code fleet-audit-agent} and {@code fleet-audit agent}). Input:
 * arguments and the process environment; output: an exit code. {@code --print} collects once and
 * prints the heartbeat as JSON without Kafka; otherwise the agent runs until SIGTERM/SIGINT, then sends
 * a final heartbeat marked stopping and exits within 5 s. Exit codes: 0 normal, 2 bad arguments or
 * configuration (the message names the key, the value and what is allowed), 1 unexpected failure.
 */
public final class AgentMain {
  public static final String DEFAULT_CONFIG = "/etc/fleet-audit/agent.yaml";
  static final String USAGE = """
      Usage: fleet-audit-agent [--config FILE] [--print] [--help] [--version]
        --config FILE  agent configuration (YAML); default $FLEET_AUDIT_CONFIG, else %s
        --print        collect once and print the heartbeat as JSON (no Kafka), then exit
        --version      print the agent version
        --help         this text
      Settings and their FLEET_AUDIT_* environment overrides: see agent/README.md.
      Exit codes: 0 ok, 1 unexpected error, 2 invalid arguments or configuration.
      """.formatted(DEFAULT_CONFIG);

  private AgentMain() {
  }

  public static void main(String[] args) {
    int code = run(args);
    if (code != 0) {
      System.exit(code);
    }
  }

  /** Entry point for the CLI; blocks while the agent runs (returns after --print/--help at once). */
  public static int run(String[] args) {
    return run(args, System.getenv(), System.out, System.err);
  }

  static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    String config = env.getOrDefault("FLEET_AUDIT_CONFIG", DEFAULT_CONFIG);
    boolean print = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--help", "-h" -> {
          out.print(USAGE);
          return 0;
        }
        case "--version" -> {
          out.println(HeartbeatCollector.agentVersion());
          return 0;
        }
        case "--print" -> print = true;
        case "--config", "-c" -> {
          if (i + 1 >= args.length) {
            err.println("fleet-audit-agent: --config needs a file argument");
            err.print(USAGE);
            return 2;
          }
          config = args[++i];
        }
        default -> {
          if (args[i].startsWith("--config=")) {
            config = args[i].substring("--config=".length());
          } else {
            err.println("fleet-audit-agent: unknown argument '" + args[i] + "'");
            err.print(USAGE);
            return 2;
          }
        }
      }
    }
    try {
      AgentConfig cfg = new AgentConfigLoader(env, !print).load(Path.of(config));
      return print ? print(cfg, env, out, err) : runAgent(cfg, env);
    } catch (InvalidConfigException e) {
      err.println("fleet-audit-agent: invalid configuration " + config + ": " + e.getMessage());
      return 2;
    } catch (org.apache.kafka.common.config.ConfigException e) {
      // Rejected by the Kafka producer or the serializer (kafka.* / schema.registry.* values).
      err.println("fleet-audit-agent: invalid configuration " + config + ": kafka/serde: " + e.getMessage());
      return 2;
    } catch (RuntimeException | IOException e) {
      err.println("fleet-audit-agent: " + e);
      return 1;
    }
  }

  private static int print(AgentConfig cfg, Map<String, String> env, PrintStream out, PrintStream err) {
    NodeIdentity id = new IdentityResolver(env).resolve(cfg);
    HeartbeatCollector collector = new HeartbeatCollector(cfg, id, env);
    Heartbeat state = collector.collect();
    // What the next real heartbeat would carry; the state file is only read, never written.
    Heartbeat shown = Heartbeat.newBuilder(state)
        .setSequence(SequenceStore.peekNext(cfg.stateFile()))
        .setSentAt(Instant.now().truncatedTo(ChronoUnit.MILLIS))
        .build();
    out.println(HeartbeatJson.render(shown));
    collector.flags().errors().forEach((f, why) -> err.println("warning: flag file " + f + ": " + why));
    return 0;
  }

  private static int runAgent(AgentConfig cfg, Map<String, String> env) throws IOException {
    // Before the producer exists: its AppInfoParser is the first to ask for the platform MBean server.
    AppInfoMBeanServer.install();
    MetricsEndpoint endpoint = cfg.metricsPort() > 0
        ? MetricsEndpoint.start(MetricsEndpoint.newRegistry(), cfg.metricsHost(), cfg.metricsPort()) : null;
    // Without the endpoint nobody can read meters, and a registry would load ~100 Micrometer classes: none then.
    MeterRegistry registry = endpoint == null ? null : endpoint.meterRegistry();
    Agent agent = new Agent(cfg, env, null, registry, Clock.systemUTC());
    CountDownLatch stopped = new CountDownLatch(1);
    MetricsEndpoint ep = endpoint;
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        agent.close();
      } finally {
        if (ep != null) {
          ep.close();
        }
        stopped.countDown();
      }
    }, "fleet-audit-agent-shutdown"));
    agent.start();
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }
}
