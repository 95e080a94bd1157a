package io.fleetaudit.agent.model;

/**
 * One artifact as the agent reports it (the fields of the Avro {@code Artifact} record, in its order).
 * Input: a collector's result; output: the value the heartbeat encoder writes. The agent uses this
 * instead of the generated {@code io.fleetaudit.contracts.Artifact}, whose static initialiser parses the
 * Avro schema with Jackson databind (about 12 MiB of RSS for the host agent).
 */
public record Artifact(String name, String version, String digest, String error) {

  public Artifact {
    java.util.Objects.requireNonNull(name, "name");
  }

  public String getName() {
    return name;
  }

  public String getVersion() {
    return version;
  }

  public String getDigest() {
    return digest;
  }

  public String getError() {
    return error;
  }
}
