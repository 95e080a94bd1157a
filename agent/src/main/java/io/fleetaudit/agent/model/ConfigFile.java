package io.fleetaudit.agent.model;

/**
 * One watched config file and its content hash (the Avro {@code ConfigFile} record's fields, in order).
 * Input: the config hasher's result for one file; output: the value the heartbeat encoder writes.
 */
public record ConfigFile(String path, String sha256, String error) {

  public ConfigFile {
    java.util.Objects.requireNonNull(path, "path");
  }

  public String getPath() {
    return path;
  }

  public String getSha256() {
    return sha256;
  }

  public String getError() {
    return error;
  }
}
