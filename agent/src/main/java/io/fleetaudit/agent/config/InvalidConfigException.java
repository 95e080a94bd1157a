package io.fleetaudit.agent.config;

/**
 * A configuration problem the operator must fix: names the key, the bad value and what is allowed.
 * Input: raised by {@link AgentConfigLoader}; output: {@code AgentMain} prints the message and exits
 * with code 2 (never a stack trace).
 */
public final class InvalidConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String key;

  public InvalidConfigException(String key, String message) {
    super(key + ": " + message);
    this.key = key;
  }

  /** The offending key as a path, e.g. {@code heartbeat.interval} or {@code artifacts[1].type}. */
  public String key() {
    return key;
  }
}
