package io.fleetaudit.agent.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Reads the agent's YAML file, applies {@code FLEET_AUDIT_*} environment overrides and validates
 * every key. Input: YAML text (or a path) and an environment map; output: an {@link AgentConfig}, or
 * an {@link InvalidConfigException} naming the key, the bad value and what is allowed (unknown keys
 * get a "did you mean"). Environment names: {@code FLEET_AUDIT_} + the key upper-cased with '.' and
 * '-' as '_' (e.g. {@code FLEET_AUDIT_HEARTBEAT_INTERVAL}); {@code FLEET_AUDIT_KAFKA_<X>} sets
 * {@code kafka.<x>} with '_' read as '.' (e.g. {@code FLEET_AUDIT_KAFKA_BOOTSTRAP_SERVERS}).
 */
public final class AgentConfigLoader {

  static final List<String> TOP = List.of("node", "service", "environment", "labels", "artifacts", "config",
      "flags", "heartbeat", "state", "topic", "kafka", "metrics",
      "schema.registry.url", "auto.register.schemas", "use.latest.version",
      "basic.auth.credentials.source", "basic.auth.user.info");
  static final String SERDE_SSL_PREFIX = "schema.registry.ssl.";
  static final List<String> SERDE_KEYS = List.of("schema.registry.url", "auto.register.schemas",
      "use.latest.version", "basic.auth.credentials.source", "basic.auth.user.info");
  static final List<String> NODE = List.of("id", "instance-id", "instance-id-file", "instance-id-env",
      "machine-id-file", "boot-id-file", "hostname-file");
  static final List<String> CONFIG = List.of("paths", "exclude", "max-files-reported");
  static final List<String> FLAGS = List.of("flagd", "file", "disabled");
  static final List<String> HEARTBEAT = List.of("interval", "jitter", "debounce", "watch", "check-period");
  static final List<String> STATE = List.of("file");
  static final List<String> METRICS = List.of("port", "host");
  static final Map<String, List<String>> ARTIFACT_KEYS = Map.of(
      "file", List.of("type", "name", "path", "version"),
      "version-file", List.of("type", "name", "path", "regex"),
      "image", List.of("type", "name", "env", "path"),
      "manifest", List.of("type", "name", "path"),
      "command", List.of("type", "name", "command", "timeout", "regex"));
  /** Kafka settings the agent owns: a user value would break the wire format or the guarantees. */
  static final Set<String> KAFKA_RESERVED = Set.of("key.serializer", "value.serializer");

  /** Scalar settings that can be overridden from the environment (lists take comma-separated values). */
  static final List<String> ENV_KEYS = List.of("node.id", "node.instance-id", "node.instance-id-file",
      "node.instance-id-env", "node.machine-id-file", "node.boot-id-file", "node.hostname-file",
      "service", "environment", "config.paths", "config.exclude", "config.max-files-reported",
      "flags.flagd", "flags.file", "flags.disabled", "heartbeat.interval", "heartbeat.jitter",
      "heartbeat.debounce", "heartbeat.watch", "heartbeat.check-period", "state.file", "topic",
      "metrics.port", "metrics.host", "schema.registry.url", "auto.register.schemas",
      "use.latest.version", "basic.auth.credentials.source", "basic.auth.user.info");
  static final Set<String> LIST_KEYS = Set.of("config.paths", "config.exclude", "flags.flagd", "flags.file");
  public static final String ENV_PREFIX = "FLEET_AUDIT_";

  private final Map<String, String> env;
  private final boolean requireKafka;

  /**
   * @param env          environment variables (System.getenv() in production, a map in tests)
   * @param requireKafka true when publishing: then kafka.bootstrap.servers and schema.registry.url are required
   */
  public AgentConfigLoader(Map<String, String> env, boolean requireKafka) {
    this.env = Map.copyOf(env);
    this.requireKafka = requireKafka;
  }

  public AgentConfig load(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new InvalidConfigException("--config", "file '" + file + "' does not exist");
    } catch (IOException e) {
      throw new InvalidConfigException("--config", "cannot read '" + file + "': " + e.getMessage());
    }
    return parse(text);
  }

  public AgentConfig parse(String yaml) {
    ConfNode root;
    try {
      root = yaml.isBlank() ? ConfNode.object() : ConfNode.parseYaml(yaml);
    } catch (org.yaml.snakeyaml.error.MarkedYAMLException e) {
      throw new InvalidConfigException("(file)", "not valid YAML: " + e.getMessage()
          + (e.getProblemMark() == null ? "" : " at line " + (e.getProblemMark().getLine() + 1)));
    } catch (org.yaml.snakeyaml.error.YAMLException e) {
      throw new InvalidConfigException("(file)", "not valid YAML: " + e.getMessage());
    }
    if (root == null || root.isNull()) {
      root = ConfNode.object();
    }
    if (!root.isObject()) {
      throw new InvalidConfigException("(file)", "expected a mapping of settings at the top level, got " + kind(root));
    }
    ConfNode obj = root;
    applyEnv(obj);
    return validate(obj);
  }

  private void applyEnv(ConfNode root) {
    for (String key : ENV_KEYS) {
      String value = env.get(envName(key));
      if (value == null) {
        continue;
      }
      if (LIST_KEYS.contains(key)) {
        ConfNode arr = ConfNode.array();
        for (String part : value.split(",")) {
          if (!part.isBlank()) {
            arr.add(part.trim());
          }
        }
        set(root, key, arr);
      } else {
        set(root, key, ConfNode.text(value));
      }
    }
    String kafkaPrefix = ENV_PREFIX + "KAFKA_";
    for (Map.Entry<String, String> e : new TreeMap<>(env).entrySet()) {
      if (e.getKey().startsWith(kafkaPrefix) && e.getKey().length() > kafkaPrefix.length()) {
        String prop = e.getKey().substring(kafkaPrefix.length()).toLowerCase(Locale.ROOT).replace('_', '.');
        ConfNode kafka = root.get("kafka");
        if (kafka == null || !kafka.isObject()) {
          kafka = root.putObject("kafka");
        }
        kafka.put(prop, e.getValue());
      }
    }
  }

  /** The environment variable that overrides {@code key}. */
  public static String envName(String key) {
    return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  private static void set(ConfNode root, String key, ConfNode value) {
    // Keys without a section (service, topic, schema.registry.url...) live at the top level.
    int dot = key.indexOf('.');
    String section = dot < 0 ? null : key.substring(0, dot);
    if (section == null || SERDE_KEYS.contains(key) || !List.of("node", "config", "flags", "heartbeat", "state",
        "metrics").contains(section)) {
      root.set(key, value);
      return;
    }
    ConfNode sec = root.get(section);
    if (sec == null || !sec.isObject()) {
      sec = root.putObject(section);
    }
    sec.set(key.substring(dot + 1), value);
  }

  private AgentConfig validate(ConfNode root) {
    AgentConfig.Builder b = AgentConfig.builder();
    checkKeys(root, "", TOP, SERDE_SSL_PREFIX);

    ConfNode node = section(root, "node", NODE);
    if (node != null) {
      b.nodeId(optText(node, "node.id", "id"));
      b.instanceId(optText(node, "node.instance-id", "instance-id"));
      String idFile = optText(node, "node.instance-id-file", "instance-id-file");
      b.instanceIdFile(idFile == null ? null : Path.of(idFile));
      b.instanceIdEnv(optText(node, "node.instance-id-env", "instance-id-env"));
      String mid = optText(node, "node.machine-id-file", "machine-id-file");
      if (mid != null) {
        b.machineIdFile(Path.of(mid));
      }
      String bid = optText(node, "node.boot-id-file", "boot-id-file");
      if (bid != null) {
        b.bootIdFile(Path.of(bid));
      }
      String hn = optText(node, "node.hostname-file", "hostname-file");
      if (hn != null) {
        b.hostnameFile(Path.of(hn));
      }
    }
    b.service(requiredName(root, "service"));
    b.environment(requiredName(root, "environment"));
    ConfNode labels = root.get("labels");
    if (labels != null && !labels.isNull()) {
      b.labels(stringMap(labels, "labels"));
    }
    ConfNode artifacts = root.get("artifacts");
    if (artifacts != null && !artifacts.isNull()) {
      if (!artifacts.isArray()) {
        throw new InvalidConfigException("artifacts", "expected a list of collectors, got " + kind(artifacts));
      }
      List<ArtifactSpec> specs = new ArrayList<>();
      for (int i = 0; i < artifacts.size(); i++) {
        specs.add(artifact(artifacts.get(i), "artifacts[" + i + "]"));
      }
      b.artifacts(specs);
    }
    ConfNode config = section(root, "config", CONFIG);
    if (config != null) {
      b.configPaths(stringList(config.get("paths"), "config.paths"));
      b.configExclude(stringList(config.get("exclude"), "config.exclude"));
      b.maxFilesReported(optInt(config, "config.max-files-reported", "max-files-reported", 0, 100_000,
          AgentConfig.DEFAULT_MAX_FILES_REPORTED));
    }
    ConfNode flags = section(root, "flags", FLAGS);
    if (flags != null) {
      b.flagdFiles(stringList(flags.get("flagd"), "flags.flagd").stream().map(Path::of).toList());
      b.flagFiles(stringList(flags.get("file"), "flags.file").stream().map(Path::of).toList());
      String disabled = optText(flags, "flags.disabled", "disabled");
      if (disabled != null) {
        switch (disabled.toLowerCase(Locale.ROOT)) {
          case "report" -> b.disabledFlags(AgentConfig.DisabledFlags.REPORT);
          case "skip" -> b.disabledFlags(AgentConfig.DisabledFlags.SKIP);
          default -> throw bad("flags.disabled", disabled, "report or skip");
        }
      }
    }
    ConfNode hb = section(root, "heartbeat", HEARTBEAT);
    if (hb != null) {
      Duration interval = optDuration(hb, "heartbeat.interval", "interval", Duration.ofMillis(100), Duration.ofHours(1));
      if (interval != null) {
        b.interval(interval);
      }
      String jitter = optText(hb, "heartbeat.jitter", "jitter");
      if (jitter != null) {
        b.jitter(parseDouble("heartbeat.jitter", jitter, 0.0, 0.5));
      }
      Duration debounce = optDuration(hb, "heartbeat.debounce", "debounce", Duration.ZERO, Duration.ofSeconds(10));
      if (debounce != null) {
        b.debounce(debounce);
      }
      String watch = optText(hb, "heartbeat.watch", "watch");
      if (watch != null) {
        b.watch(parseBool("heartbeat.watch", watch));
      }
      Duration check = optDuration(hb, "heartbeat.check-period", "check-period", Duration.ofMillis(50), Duration.ofMinutes(10));
      if (check != null) {
        b.checkPeriod(check);
      }
    }
    ConfNode state = section(root, "state", STATE);
    if (state != null) {
      String file = optText(state, "state.file", "file");
      if (file != null) {
        b.stateFile(Path.of(file));
      }
    }
    String topic = optText(root, "topic", "topic");
    if (topic != null) {
      if (!topic.matches("[a-zA-Z0-9._-]{1,249}")) {
        throw bad("topic", topic, "a Kafka topic name: 1-249 of [a-zA-Z0-9._-]");
      }
      b.topic(topic);
    }
    ConfNode kafka = root.get("kafka");
    Map<String, String> kafkaProps = kafka == null || kafka.isNull() ? Map.of() : stringMap(kafka, "kafka");
    Set<String> producerKeys = ProducerConfig.configNames();
    for (String k : kafkaProps.keySet()) {
      if (KAFKA_RESERVED.contains(k)) {
        throw new InvalidConfigException("kafka." + k, "is set by the agent (String keys, Avro values) and cannot be"
            + " configured; remove it");
      }
      if (k.equals(ProducerConfig.ENABLE_METRICS_PUSH_CONFIG) && !"false".equalsIgnoreCase(kafkaProps.get(k).trim())) {
        // The agent's jar leaves out the shaded OpenTelemetry/protobuf classes that only client telemetry uses.
        throw bad("kafka." + k, kafkaProps.get(k), "false (client metrics push, KIP-714, is not packaged in the"
            + " agent; the agent publishes its own metrics, see metrics.port)");
      }
      if (!producerKeys.contains(k)) {
        // Plugins (login modules, interceptors) may read their own keys: only near-misses are typos.
        String hint = Suggest.closest(k, producerKeys);
        if (hint != null) {
          throw new InvalidConfigException("kafka." + k, "unknown Kafka producer property (did you mean 'kafka."
              + hint + "'?); allowed: any producer property (see Kafka's ProducerConfig)");
        }
      }
    }
    b.kafka(kafkaProps);
    Map<String, String> serde = new LinkedHashMap<>();
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (SERDE_KEYS.contains(k) || k.startsWith(SERDE_SSL_PREFIX)) {
        serde.put(k, scalar(root.get(k), k));
      }
    }
    for (String boolKey : List.of("auto.register.schemas", "use.latest.version")) {
      if (serde.containsKey(boolKey)) {
        parseBool(boolKey, serde.get(boolKey));
      }
    }
    if (serde.containsKey("basic.auth.credentials.source")
        && !List.of("USER_INFO", "URL").contains(serde.get("basic.auth.credentials.source"))) {
      throw bad("basic.auth.credentials.source", serde.get("basic.auth.credentials.source"), "USER_INFO or URL");
    }
    if (serde.containsKey("schema.registry.url")) {
      for (String url : serde.get("schema.registry.url").split(",")) {
        String u = url.trim();
        if (!(u.startsWith("http://") || u.startsWith("https://") || u.startsWith("mock://"))) {
          throw bad("schema.registry.url", serde.get("schema.registry.url"),
              "a comma-separated list of http://, https:// or mock:// URLs");
        }
      }
    }
    b.serde(serde);
    if (requireKafka) {
      String bootstrap = kafkaProps.get("bootstrap.servers");
      if (bootstrap == null || bootstrap.isBlank()) {
        throw new InvalidConfigException("kafka.bootstrap.servers", "is required (host:port[,host:port...]),"
            + " set it in the file or with " + ENV_PREFIX + "KAFKA_BOOTSTRAP_SERVERS");
      }
      if (!serde.containsKey("schema.registry.url")) {
        throw new InvalidConfigException("schema.registry.url", "is required (http://host:port or mock://scope),"
            + " set it in the file or with " + envName("schema.registry.url"));
      }
    }
    ConfNode metrics = section(root, "metrics", METRICS);
    if (metrics != null) {
      b.metricsPort(optInt(metrics, "metrics.port", "port", 0, 65535, 0));
      String host = optText(metrics, "metrics.host", "host");
      if (host != null) {
        b.metricsHost(host);
      }
    }
    return b.build();
  }

  private ArtifactSpec artifact(ConfNode entry, String where) {
    if (entry == null || !entry.isObject()) {
      throw new InvalidConfigException(where, "expected a mapping like { type: file, name: app, path: /opt/app },"
          + " got " + kind(entry));
    }
    String type = optText(entry, where + ".type", "type");
    if (type == null) {
      throw new InvalidConfigException(where + ".type", "is required; allowed: " + String.join(", ", ArtifactSpec.TYPES));
    }
    List<String> allowed = ARTIFACT_KEYS.get(type);
    if (allowed == null) {
      String hint = Suggest.closest(type, ArtifactSpec.TYPES);
      throw new InvalidConfigException(where + ".type", "unknown collector type '" + type + "'"
          + (hint == null ? "" : " (did you mean '" + hint + "'?)") + "; allowed: " + String.join(", ", ArtifactSpec.TYPES));
    }
    checkKeys(entry, where + ".", allowed, null);
    String name = optText(entry, where + ".name", "name");
    if (name == null || name.isBlank()) {
      throw new InvalidConfigException(where + ".name", "is required (the artifact name declarations refer to)");
    }
    String path = optText(entry, where + ".path", "path");
    String env = optText(entry, where + ".env", "env");
    String regex = optText(entry, where + ".regex", "regex");
    if (regex != null) {
      try {
        Pattern.compile(regex);
      } catch (PatternSyntaxException e) {
        throw bad(where + ".regex", regex, "a Java regular expression (" + e.getDescription() + ")");
      }
    }
    switch (type) {
      case "file", "version-file", "manifest" -> {
        if (path == null) {
          throw new InvalidConfigException(where + ".path", "is required for type " + type);
        }
      }
      case "image" -> {
        if ((path == null) == (env == null)) {
          throw new InvalidConfigException(where + ".env", "type image needs exactly one of env (variable name)"
              + " or path (file holding the image reference)");
        }
      }
      default -> { }
    }
    List<String> argv = null;
    Duration timeout = null;
    if ("command".equals(type)) {
      ConfNode cmd = entry.get("command");
      if (cmd == null || cmd.isNull()) {
        throw new InvalidConfigException(where + ".command", "is required: the argv list, e.g. [/opt/app/bin/app, --version]");
      }
      if (cmd.isTextual()) {
        // A single string is split on spaces, never passed to a shell.
        argv = List.of(cmd.asText().trim().split("\\s+"));
      } else {
        argv = stringList(cmd, where + ".command");
      }
      if (argv.isEmpty() || argv.get(0).isBlank()) {
        throw bad(where + ".command", cmd.toString(), "a non-empty argv list");
      }
      timeout = optDuration(entry, where + ".timeout", "timeout", Duration.ofMillis(10), Duration.ofMinutes(5));
    }
    String version = optText(entry, where + ".version", "version");
    return new ArtifactSpec(type, name, path == null ? null : Path.of(path), env, regex, argv, timeout, version);
  }

  private static void checkKeys(ConfNode obj, String prefix, List<String> allowed, String allowedPrefix) {
    for (Iterator<String> it = obj.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (allowed.contains(k) || (allowedPrefix != null && k.startsWith(allowedPrefix))) {
        continue;
      }
      String hint = Suggest.closest(k, allowed);
      throw new InvalidConfigException(prefix + k, "unknown key"
          + (hint == null ? "" : " (did you mean '" + prefix + hint + "'?)")
          + "; allowed: " + String.join(", ", allowed)
          + (allowedPrefix == null ? "" : ", " + allowedPrefix + "*"));
    }
  }

  private static ConfNode section(ConfNode root, String name, List<String> allowed) {
    ConfNode sec = root.get(name);
    if (sec == null || sec.isNull()) {
      return null;
    }
    if (!sec.isObject()) {
      throw new InvalidConfigException(name, "expected a mapping with keys " + String.join(", ", allowed)
          + ", got " + kind(sec));
    }
    checkKeys(sec, name + ".", allowed, null);
    return sec;
  }

  private static String requiredName(ConfNode root, String key) {
    String v = optText(root, key, key);
    if (v == null || v.isBlank()) {
      throw new InvalidConfigException(key, "is required (a name like 'smars' or 'prod'; or set " + envName(key) + ")");
    }
    if (!v.matches("[A-Za-z0-9._-]{1,128}")) {
      throw bad(key, v, "1-128 of [A-Za-z0-9._-] (it becomes part of the declaration key environment/service)");
    }
    return v;
  }

  private static String optText(ConfNode obj, String key, String field) {
    ConfNode v = obj.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    return scalar(v, key);
  }

  private static String scalar(ConfNode v, String key) {
    if (v.isContainerNode()) {
      throw new InvalidConfigException(key, "expected a single value, got " + kind(v) + " " + v);
    }
    return v.asText();
  }

  private static int optInt(ConfNode obj, String key, String field, int min, int max, int dflt) {
    String v = optText(obj, key, field);
    if (v == null) {
      return dflt;
    }
    try {
      int n = Integer.parseInt(v.trim());
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException ignored) {
      // reported below with the allowed range
    }
    throw bad(key, v, "an integer from " + min + " to " + max);
  }

  private static Duration optDuration(ConfNode obj, String key, String field, Duration min, Duration max) {
    String v = optText(obj, key, field);
    if (v == null) {
      return null;
    }
    Duration d = DurationParser.parse(v);
    if (d == null) {
      throw bad(key, v, DurationParser.ALLOWED);
    }
    if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
      throw bad(key, v, "a duration from " + human(min) + " to " + human(max));
    }
    return d;
  }

  private static double parseDouble(String key, String v, double min, double max) {
    try {
      double d = Double.parseDouble(v.trim());
      if (d >= min && d <= max) {
        return d;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw bad(key, v, "a fraction from " + min + " to " + max + " (0.1 = ±10%)");
  }

  private static boolean parseBool(String key, String v) {
    return switch (v.trim().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw bad(key, v, "true or false");
    };
  }

  private static List<String> stringList(ConfNode v, String key) {
    if (v == null || v.isNull()) {
      return List.of();
    }
    if (v.isTextual()) {
      return List.of(v.asText());
    }
    if (!v.isArray()) {
      throw new InvalidConfigException(key, "expected a list of strings, got " + kind(v) + " " + v);
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      out.add(scalar(v.get(i), key + "[" + i + "]"));
    }
    return out;
  }

  private static Map<String, String> stringMap(ConfNode v, String key) {
    if (!v.isObject()) {
      throw new InvalidConfigException(key, "expected a mapping of name: value, got " + kind(v) + " " + v);
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, ConfNode>> it = v.fields(); it.hasNext(); ) {
      Map.Entry<String, ConfNode> e = it.next();
      out.put(e.getKey(), scalar(e.getValue(), key + "." + e.getKey()));
    }
    return out;
  }

  private static InvalidConfigException bad(String key, String value, String allowed) {
    return new InvalidConfigException(key, "invalid value '" + value + "'; allowed: " + allowed);
  }

  private static String kind(ConfNode n) {
    if (n == null || n.isNull()) {
      return "nothing";
    }
    if (n.isArray()) {
      return "a list";
    }
    if (n.isObject()) {
      return "a mapping";
    }
    return "'" + n.asText() + "'";
  }

  private static String human(Duration d) {
    return d.toMillis() < 1000 ? d.toMillis() + "ms" : d.toSeconds() + "s";
  }
}
