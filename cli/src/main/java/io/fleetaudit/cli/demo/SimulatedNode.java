package io.fleetaudit.cli.demo;

import io.fleetaudit.agent.Agent;
import io.fleetaudit.agent.config.AgentConfig;
import io.fleetaudit.agent.config.ArtifactSpec;
import io.fleetaudit.contracts.Heartbeat;
import io.fleetaudit.schemas.serde.SpecificAvroSerializer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * One simulated host: a directory that plays the node's filesystem (image reference written by the
 * "orchestrator", a watched config file, a flag file, machine and boot ids) and the agent's real
 * collecting and publishing code running on it. Input: node id, directory, client settings, heartbeat
 * interval. Output: heartbeats on the real topic. {@link #replace} swaps in a new instance (immutable
 * infrastructure: replace, don't patch); {@link #kill} stops it without the final "stopping" heartbeat.
 */
public final class SimulatedNode {

  private final String nodeId;
  private final Path dir;
  private final Map<String, String> client;
  private final Duration interval;
  private Agent agent;
  private Producer<String, Heartbeat> producer;
  private int instances;
  private String release;

  public SimulatedNode(String nodeId, Path dir, Map<String, String> client, Duration interval) {
    this.nodeId = nodeId;
    this.dir = dir;
    this.client = Map.copyOf(client);
    this.interval = interval;
  }

  /** Boots a fresh instance running {@code imageRef} with {@code flags} (a JSON object). */
  public synchronized void boot(String imageRef, String release, String flagsJson) {
    boot(imageRef, release, flagsJson, newProducer(instances + 1));
  }

  private void boot(String imageRef, String release, String flagsJson, Producer<String, Heartbeat> producer) {
    if (agent != null) {
      throw new IllegalStateException(nodeId + " is already running");
    }
    instances++;
    this.release = release;
    String instanceId = "i-" + nodeId + "-" + instances;
    Path inst = dir.resolve("instances").resolve(instanceId);
    write(dir.resolve("image"), imageRef + "\n");
    write(dir.resolve("flags/flags.json"), flagsJson + "\n");
    write(dir.resolve("etc/smars/smars.conf"), "venue = NYSE\nmax_child_orders = 100\n");
    write(inst.resolve("machine-id"), UUID.nameUUIDFromBytes(instanceId.getBytes(StandardCharsets.UTF_8))
        .toString().replace("-", "") + "\n");
    write(inst.resolve("boot_id"), UUID.randomUUID() + "\n");
    write(inst.resolve("hostname"), nodeId + "\n");
    AgentConfig config = config(instanceId, inst);
    this.producer = producer;
    agent = new Agent(config, Map.of(), producer, new SimpleMeterRegistry(), Clock.systemUTC()).start();
  }

  /** A producer for instance number {@code n}, already holding the topic's metadata. */
  private Producer<String, Heartbeat> newProducer(int n) {
    String instanceId = "i-" + nodeId + "-" + n;
    AgentConfig config = config(instanceId, dir.resolve("instances").resolve(instanceId));
    // Each instance owns its producer, so killing it can cut it off the way a crash would.
    SpecificAvroSerializer<Heartbeat> values = new SpecificAvroSerializer<>(Heartbeat.class);
    values.configure(config.serde(), false);
    KafkaProducer<String, Heartbeat> p = new KafkaProducer<>(Agent.producerProperties(config, nodeId),
        new StringSerializer(), values);
    p.partitionsFor(config.topic());
    return p;
  }

  private AgentConfig config(String instanceId, Path inst) {
    return AgentConfig.builder()
        .nodeId(nodeId)
        .instanceId(instanceId)
        .machineIdFile(inst.resolve("machine-id"))
        .bootIdFile(inst.resolve("boot_id"))
        .hostnameFile(inst.resolve("hostname"))
        .service("smars")
        .environment("prod")
        .label("rack", "r" + ((nodeId.hashCode() & 0x7fffffff) % 4 + 1))
        .artifact(ArtifactSpec.imageFromFile("smars", dir.resolve("image")))
        .configPaths(List.of(dir.resolve("etc/smars").toString()))
        .flagFiles(List.of(dir.resolve("flags/flags.json")))
        .interval(interval)
        .jitter(0.0)
        .debounce(Duration.ofMillis(20))
        .checkPeriod(Duration.ofMillis(Math.max(50, interval.toMillis() / 4)))
        .stateFile(inst.resolve("agent.state"))
        .kafka(Map.of("bootstrap.servers", client.get("bootstrap.servers")))
        .serde(Map.of("schema.registry.url", client.get("schema.registry.url")))
        .build();
  }

  /** Changes the flag file in place; the agent notices and publishes at once. */
  public synchronized void setFlags(String flagsJson) {
    write(dir.resolve("flags/flags.json"), flagsJson + "\n");
  }

  /**
   * Terminates the current instance and boots a new one on {@code imageRef}. The new instance's
   * producer is connected before the old instance dies, so the node is gone for milliseconds, not for
   * a producer's start-up (which would look like a missing node on a busy machine).
   */
  public synchronized void replace(String imageRef, String release, String flagsJson) {
    Producer<String, Heartbeat> next = newProducer(instances + 1);
    kill();
    boot(imageRef, release, flagsJson, next);
  }

  /**
   * Stops the instance as a crash would: its producer is closed first, so the agent's final
   * "stopping" heartbeat never leaves (the node must be found MISSING, not STOPPED).
   */
  public synchronized void kill() {
    if (agent == null) {
      return;
    }
    producer.close(Duration.ZERO);
    agent.stop(Duration.ofMillis(500));
    agent = null;
    producer = null;
  }

  /** Planned shutdown: the final heartbeat says "stopping". */
  public synchronized void stop() {
    if (agent == null) {
      return;
    }
    agent.close();
    producer.close(Duration.ofSeconds(2));
    agent = null;
    producer = null;
  }

  public String nodeId() {
    return nodeId;
  }

  public synchronized String release() {
    return release;
  }

  public synchronized boolean running() {
    return agent != null;
  }

  /** Writes atomically (temp file + move) so the agent never hashes half a file. */
  static void write(Path file, String content) {
    try {
      Files.createDirectories(file.getParent());
      Path tmp = Files.createTempFile(file.getParent(), ".tmp-", "");
      Files.writeString(tmp, content, StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
