package io.fleetaudit.agent.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The agent's one typed configuration, immutable. Input: {@link AgentConfigLoader} (YAML file plus
 * environment overrides, validated) or {@link #builder()} for code that drives agents in-process (the
 * demo, tests). Output: every component reads its settings from here; nothing else reads the YAML.
 * Every setting and its default is documented in agent/README.md.
 */
public final class AgentConfig {

  /** Heartbeat topic used when {@code topic} is not set (same name as the topic catalogue). */
  public static final String DEFAULT_TOPIC = "fleet.heartbeats.v1";
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);
  public static final int DEFAULT_MAX_FILES_REPORTED = 100;
  public static final Path DEFAULT_STATE_FILE = Path.of("/var/lib/fleet-audit/agent.state");

  /** What to do with a flagd flag whose state is DISABLED. */
  public enum DisabledFlags { REPORT, SKIP }

  private final String nodeId;
  private final String instanceId;
  private final Path instanceIdFile;
  private final String instanceIdEnv;
  private final Path machineIdFile;
  private final Path bootIdFile;
  private final Path hostnameFile;
  private final String service;
  private final String environment;
  private final Map<String, String> labels;
  private final List<ArtifactSpec> artifacts;
  private final List<String> configPaths;
  private final List<String> configExclude;
  private final int maxFilesReported;
  private final List<Path> flagdFiles;
  private final List<Path> flagFiles;
  private final DisabledFlags disabledFlags;
  private final Duration interval;
  private final double jitter;
  private final Duration debounce;
  private final boolean watch;
  private final Duration checkPeriod;
  private final Path stateFile;
  private final String topic;
  private final Map<String, String> kafka;
  private final Map<String, String> serde;
  private final int metricsPort;
  private final String metricsHost;

  private AgentConfig(Builder b) {
    this.nodeId = b.nodeId;
    this.instanceId = b.instanceId;
    this.instanceIdFile = b.instanceIdFile;
    this.instanceIdEnv = b.instanceIdEnv;
    this.machineIdFile = Objects.requireNonNull(b.machineIdFile);
    this.bootIdFile = Objects.requireNonNull(b.bootIdFile);
    this.hostnameFile = Objects.requireNonNull(b.hostnameFile);
    this.service = Objects.requireNonNull(b.service, "service");
    this.environment = Objects.requireNonNull(b.environment, "environment");
    this.labels = Map.copyOf(b.labels);
    this.artifacts = List.copyOf(b.artifacts);
    this.configPaths = List.copyOf(b.configPaths);
    this.configExclude = List.copyOf(b.configExclude);
    this.maxFilesReported = b.maxFilesReported;
    this.flagdFiles = List.copyOf(b.flagdFiles);
    this.flagFiles = List.copyOf(b.flagFiles);
    this.disabledFlags = b.disabledFlags;
    this.interval = b.interval;
    this.jitter = b.jitter;
    this.debounce = b.debounce;
    this.watch = b.watch;
    this.checkPeriod = b.checkPeriod;
    this.stateFile = b.stateFile;
    this.topic = b.topic;
    this.kafka = Map.copyOf(b.kafka);
    this.serde = Map.copyOf(b.serde);
    this.metricsPort = b.metricsPort;
    this.metricsHost = b.metricsHost;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder pre-filled with this config, to derive variants (e.g. one per simulated node). */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.nodeId = nodeId;
    b.instanceId = instanceId;
    b.instanceIdFile = instanceIdFile;
    b.instanceIdEnv = instanceIdEnv;
    b.machineIdFile = machineIdFile;
    b.bootIdFile = bootIdFile;
    b.hostnameFile = hostnameFile;
    b.service = service;
    b.environment = environment;
    b.labels = new LinkedHashMap<>(labels);
    b.artifacts = new ArrayList<>(artifacts);
    b.configPaths = new ArrayList<>(configPaths);
    b.configExclude = new ArrayList<>(configExclude);
    b.maxFilesReported = maxFilesReported;
    b.flagdFiles = new ArrayList<>(flagdFiles);
    b.flagFiles = new ArrayList<>(flagFiles);
    b.disabledFlags = disabledFlags;
    b.interval = interval;
    b.jitter = jitter;
    b.debounce = debounce;
    b.watch = watch;
    b.checkPeriod = checkPeriod;
    b.stateFile = stateFile;
    b.topic = topic;
    b.kafka = new LinkedHashMap<>(kafka);
    b.serde = new LinkedHashMap<>(serde);
    b.metricsPort = metricsPort;
    b.metricsHost = metricsHost;
    return b;
  }

  public String nodeId() { return nodeId; }
  public String instanceId() { return instanceId; }
  public Path instanceIdFile() { return instanceIdFile; }
  public String instanceIdEnv() { return instanceIdEnv; }
  public Path machineIdFile() { return machineIdFile; }
  public Path bootIdFile() { return bootIdFile; }
  public Path hostnameFile() { return hostnameFile; }
  public String service() { return service; }
  public String environment() { return environment; }
  public Map<String, String> labels() { return labels; }
  public List<ArtifactSpec> artifacts() { return artifacts; }
  public List<String> configPaths() { return configPaths; }
  public List<String> configExclude() { return configExclude; }
  public int maxFilesReported() { return maxFilesReported; }
  public List<Path> flagdFiles() { return flagdFiles; }
  public List<Path> flagFiles() { return flagFiles; }
  public DisabledFlags disabledFlags() { return disabledFlags; }
  public Duration interval() { return interval; }
  public double jitter() { return jitter; }
  public Duration debounce() { return debounce; }
  public boolean watch() { return watch; }
  public Duration checkPeriod() { return checkPeriod; }
  public Path stateFile() { return stateFile; }
  public String topic() { return topic; }
  /** Kafka producer properties ({@code kafka.*} without the prefix). */
  public Map<String, String> kafka() { return kafka; }
  /** Serializer properties: {@code schema.registry.url}, {@code auto.register.schemas}, ... */
  public Map<String, String> serde() { return serde; }
  /** Prometheus endpoint port; 0 = off. */
  public int metricsPort() { return metricsPort; }
  public String metricsHost() { return metricsHost; }

  /** Mutable builder; defaults match the documented ones. */
  public static final class Builder {
    private String nodeId;
    private String instanceId;
    private Path instanceIdFile;
    private String instanceIdEnv;
    private Path machineIdFile = Path.of("/etc/machine-id");
    private Path bootIdFile = Path.of("/proc/sys/kernel/random/boot_id");
    private Path hostnameFile = Path.of("/proc/sys/kernel/hostname");
    private String service;
    private String environment;
    private Map<String, String> labels = new LinkedHashMap<>();
    private List<ArtifactSpec> artifacts = new ArrayList<>();
    private List<String> configPaths = new ArrayList<>();
    private List<String> configExclude = new ArrayList<>();
    private int maxFilesReported = DEFAULT_MAX_FILES_REPORTED;
    private List<Path> flagdFiles = new ArrayList<>();
    private List<Path> flagFiles = new ArrayList<>();
    private DisabledFlags disabledFlags = DisabledFlags.REPORT;
    private Duration interval = DEFAULT_INTERVAL;
    private double jitter = 0.1;
    private Duration debounce = Duration.ofMillis(200);
    private boolean watch = true;
    private Duration checkPeriod = Duration.ofSeconds(1);
    private Path stateFile = DEFAULT_STATE_FILE;
    private String topic = DEFAULT_TOPIC;
    private Map<String, String> kafka = new LinkedHashMap<>();
    private Map<String, String> serde = new LinkedHashMap<>();
    private int metricsPort;
    private String metricsHost = "127.0.0.1";

    private Builder() {
    }

    public Builder nodeId(String v) { nodeId = v; return this; }
    public Builder instanceId(String v) { instanceId = v; return this; }
    public Builder instanceIdFile(Path v) { instanceIdFile = v; return this; }
    public Builder instanceIdEnv(String v) { instanceIdEnv = v; return this; }
    public Builder machineIdFile(Path v) { machineIdFile = v; return this; }
    public Builder bootIdFile(Path v) { bootIdFile = v; return this; }
    public Builder hostnameFile(Path v) { hostnameFile = v; return this; }
    public Builder service(String v) { service = v; return this; }
    public Builder environment(String v) { environment = v; return this; }
    public Builder labels(Map<String, String> v) { labels = new LinkedHashMap<>(v); return this; }
    public Builder label(String k, String v) { labels.put(k, v); return this; }
    public Builder artifacts(List<ArtifactSpec> v) { artifacts = new ArrayList<>(v); return this; }
    public Builder artifact(ArtifactSpec v) { artifacts.add(v); return this; }
    public Builder configPaths(List<String> v) { configPaths = new ArrayList<>(v); return this; }
    public Builder configExclude(List<String> v) { configExclude = new ArrayList<>(v); return this; }
    public Builder maxFilesReported(int v) { maxFilesReported = v; return this; }
    public Builder flagdFiles(List<Path> v) { flagdFiles = new ArrayList<>(v); return this; }
    public Builder flagFiles(List<Path> v) { flagFiles = new ArrayList<>(v); return this; }
    public Builder disabledFlags(DisabledFlags v) { disabledFlags = v; return this; }
    public Builder interval(Duration v) { interval = v; return this; }
    public Builder jitter(double v) { jitter = v; return this; }
    public Builder debounce(Duration v) { debounce = v; return this; }
    public Builder watch(boolean v) { watch = v; return this; }
    public Builder checkPeriod(Duration v) { checkPeriod = v; return this; }
    public Builder stateFile(Path v) { stateFile = v; return this; }
    public Builder topic(String v) { topic = v; return this; }
    public Builder kafka(Map<String, String> v) { kafka = new LinkedHashMap<>(v); return this; }
    public Builder kafka(String k, String v) { kafka.put(k, v); return this; }
    public Builder serde(Map<String, String> v) { serde = new LinkedHashMap<>(v); return this; }
    public Builder serde(String k, String v) { serde.put(k, v); return this; }
    public Builder metricsPort(int v) { metricsPort = v; return this; }
    public Builder metricsHost(String v) { metricsHost = v; return this; }

    public AgentConfig build() {
      return new AgentConfig(this);
    }
  }
}
