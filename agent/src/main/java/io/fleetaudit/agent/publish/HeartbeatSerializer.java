package io.fleetaudit.agent.publish;

import io.fleetaudit.agent.model.Heartbeat;
import io.fleetaudit.agent.model.HeartbeatEncoder;
import io.fleetaudit.schemas.registry.SchemaRegistryClient;
import io.fleetaudit.schemas.registry.SchemaRegistryClients;
import io.fleetaudit.schemas.registry.SchemaRegistryException;
import io.fleetaudit.schemas.serde.AvroSerdeConfig;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka value serializer of the agent's {@link Heartbeat}s: the same bytes and the same registry calls as
 * {@code SpecificAvroSerializer<io.fleetaudit.contracts.Heartbeat>} with the same config
 * ({@code schema.registry.url}, {@code auto.register.schemas}, {@code use.latest.version}, auth, TLS,
 * {@code mock://}), without loading Avro's schema parser or Jackson databind. Input: a heartbeat and its
 * topic; output: Confluent wire-format bytes. The schema id is resolved once: registered
 * (auto.register.schemas=true, default) or looked up (false) under {@code <topic>-value}, with the schema
 * text the Java serializer registers. Only {@code use.latest.version=true} with auto-registration off needs
 * Avro's schema resolution; that rare setting delegates to {@code SpecificAvroSerializer} (see {@link AvroHeartbeats}).
 */
public final class HeartbeatSerializer implements Serializer<Heartbeat> {
  private static final String RECORD_CLASS = "io.fleetaudit.contracts.Heartbeat";

  private AvroSerdeConfig config;

  private SchemaRegistryClient client;
  private Serializer<Object> latestVersion;
  private volatile int schemaId = -1;
  private String idTopic;

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    if (isKey) {
      throw new IllegalArgumentException("HeartbeatSerializer serializes record values only");
    }

    this.config = new AvroSerdeConfig(configs);
    if (!config.autoRegisterSchemas() && config.useLatestVersion()) {
      latestVersion = AvroHeartbeats.latestVersionSerializer(configs);
    } else {
      this.client = SchemaRegistryClients.create(config);
    }
  }

  @Override
  public byte[] serialize(String topic, Heartbeat data) {
    if (data == null) {
      return null;
    }
    if (config == null) {
      throw new IllegalStateException("HeartbeatSerializer used before configure(...)");
    }
    if (latestVersion != null) {
      return latestVersion.serialize(topic, AvroHeartbeats.toAvro(data));
    }
    return HeartbeatEncoder.encode(schemaId(topic), data);
  }

  private synchronized int schemaId(String topic) {
    if (schemaId >= 0 && topic.equals(idTopic)) {
      return schemaId;
    }
    String subject = AvroSerdeConfig.subject(topic, false);
    try {
      int id = config.autoRegisterSchemas()
          ? client.registerText(subject, HeartbeatEncoder.SCHEMA_TEXT)
          : client.lookupIdText(subject, HeartbeatEncoder.SCHEMA_TEXT);
      idTopic = topic;
      schemaId = id;
      return id;
    } catch (SchemaRegistryException e) {
      String how = config.autoRegisterSchemas() ? "register" : "look up";
      String hint = e.isNotFound() && !config.autoRegisterSchemas()
          ? " (auto.register.schemas=false: register the schema first)" : "";
      throw new SerializationException("Could not " + how + " subject " + subject + " for " + RECORD_CLASS + hint + ": "
          + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    if (client != null) {
      client.close();
    }
    if (latestVersion != null) {
      latestVersion.close();
    }
  }
}
