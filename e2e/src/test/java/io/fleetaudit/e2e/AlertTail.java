package io.fleetaudit.e2e;

import io.fleetaudit.contracts.Alert;
import io.fleetaudit.contracts.AlertStatus;
import io.fleetaudit.schemas.topics.TopicCatalogue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads fleet.alerts.v1 as incident tooling would ({@code read_committed}, from the beginning), keeping
 * the alerts of one environment so tests sharing a broker do not see each other's. Poll it from
 * Awaitility: {@link #poll()} returns everything seen so far.
 */
final class AlertTail implements AutoCloseable {

  private final KafkaConsumer<String, Alert> consumer;
  private final String environment;
  private final List<Alert> seen = new ArrayList<>();

  AlertTail(String bootstrap, String registryUrl, String environment) {
    this.environment = environment;
    Map<String, String> client = Map.of("bootstrap.servers", bootstrap, "schema.registry.url", registryUrl);
    TopicCatalogue topics = TopicCatalogue.from(client);
    Properties p = new Properties();
    p.putAll(client);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    consumer = new KafkaConsumer<>(p, new StringDeserializer(), topics.alerts().valueSerde().deserializer());
    List<TopicPartition> parts = consumer.partitionsFor(topics.alerts().name(), Duration.ofSeconds(30)).stream()
        .map(pi -> new TopicPartition(pi.topic(), pi.partition())).toList();
    consumer.assign(parts);
    consumer.seekToBeginning(parts);
  }

  synchronized List<Alert> poll() {
    for (ConsumerRecord<String, Alert> r : consumer.poll(Duration.ofMillis(200))) {
      if (r.value() != null && environment.equals(r.value().getEnvironment())) {
        seen.add(r.value());
      }
    }
    return List.copyOf(seen);
  }

  /** Rule/subject pairs currently FIRING (the latest event per fingerprint is FIRING). */
  synchronized List<String> firing() {
    Map<String, Alert> latest = new java.util.LinkedHashMap<>();
    for (Alert a : poll()) {
      latest.put(a.getFingerprint(), a);
    }
    return latest.values().stream().filter(a -> a.getStatus() == AlertStatus.FIRING)
        .map(a -> a.getRule() + " " + a.getSubject()).sorted().toList();
  }

  @Override
  public synchronized void close() {
    consumer.close(Duration.ofSeconds(2));
  }
}
