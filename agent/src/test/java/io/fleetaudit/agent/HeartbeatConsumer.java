package io.fleetaudit.agent;

import io.fleetaudit.contracts.Heartbeat;
import io.fleetaudit.schemas.serde.SpecificAvroDeserializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Test helper: reads heartbeats from a topic (from the beginning) in a background thread. */
final class HeartbeatConsumer implements AutoCloseable {
  private final List<Heartbeat> received = new CopyOnWriteArrayList<>();
  private final Map<String, Set<Integer>> partitionsByNode = new ConcurrentHashMap<>();
  private final KafkaConsumer<String, Heartbeat> consumer;
  private final Thread thread;
  private volatile boolean running = true;

  HeartbeatConsumer(String bootstrap, String registryUrl, String topic) {
    SpecificAvroDeserializer<Heartbeat> values = new SpecificAvroDeserializer<>(Heartbeat.class);
    values.configure(Map.of("schema.registry.url", registryUrl), false);
    consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.GROUP_ID_CONFIG, "agent-it-" + UUID.randomUUID(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "1000"), new StringDeserializer(), values);
    consumer.subscribe(List.of(topic));
    thread = new Thread(() -> {
      while (running) {
        try {
          for (ConsumerRecord<String, Heartbeat> r : consumer.poll(Duration.ofMillis(100))) {
            received.add(r.value());
            partitionsByNode.computeIfAbsent(r.key(), k -> ConcurrentHashMap.newKeySet()).add(r.partition());
          }
        } catch (org.apache.kafka.common.errors.WakeupException e) {
          return;
        }
      }
    }, "heartbeat-consumer");
    thread.setDaemon(true);
    thread.start();
  }

  List<Heartbeat> received() {
    return new ArrayList<>(received);
  }

  /** The partitions a node's heartbeats (by record key) were read from. */
  Set<Integer> partitionsOf(String nodeId) {
    return Set.copyOf(partitionsByNode.getOrDefault(nodeId, Set.of()));
  }

  Heartbeat last() {
    List<Heartbeat> all = received();
    return all.isEmpty() ? null : all.get(all.size() - 1);
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    consumer.wakeup();
    thread.join(5000);
    consumer.close(Duration.ofSeconds(2));
  }
}
