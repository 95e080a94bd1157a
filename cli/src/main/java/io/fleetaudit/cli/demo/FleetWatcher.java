package io.fleetaudit.cli.demo;

import io.fleetaudit.contracts.Alert;
import io.fleetaudit.contracts.NodeStatus;
import io.fleetaudit.schemas.topics.TopicCatalogue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Follows what the streams app publishes, as incident tooling would: {@code fleet.alerts.v1} and
 * {@code fleet.node-status.v1}, {@code read_committed} (only what exactly-once committed). Input: the
 * topic catalogue and client settings. Output: every alert, in order, to a listener and to
 * {@link #alerts()}; the latest status per node in {@link #statuses()}. Runs on its own thread.
 */
public final class FleetWatcher implements AutoCloseable {

  private final KafkaConsumer<String, Object> consumer;
  private final String alertsTopic;
  private final String statusTopic;
  private final Consumer<Alert> onAlert;
  private final List<Alert> alerts = new CopyOnWriteArrayList<>();
  private final Map<String, NodeStatus> statuses = new ConcurrentHashMap<>();
  private final Thread thread;
  private volatile boolean running = true;

  public FleetWatcher(TopicCatalogue topics, Map<String, String> client, Consumer<Alert> onAlert) {
    this.alertsTopic = topics.alerts().name();
    this.statusTopic = topics.nodeStatus().name();
    this.onAlert = onAlert;
    Properties p = new Properties();
    p.putAll(client);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "fleet-audit-demo-watcher");
    Deserializer<Alert> alertValues = topics.alerts().valueSerde().deserializer();
    Deserializer<NodeStatus> statusValues = topics.nodeStatus().valueSerde().deserializer();
    // One consumer for both topics: the value deserializer is chosen by topic.
    Deserializer<Object> values = (topic, data) -> topic.equals(alertsTopic)
        ? alertValues.deserialize(topic, data) : statusValues.deserialize(topic, data);
    this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), values);
    List<TopicPartition> partitions = new ArrayList<>();
    for (String t : List.of(alertsTopic, statusTopic)) {
      for (PartitionInfo pi : consumer.partitionsFor(t, Duration.ofSeconds(30))) {
        partitions.add(new TopicPartition(t, pi.partition()));
      }
    }
    // No consumer group: no rebalance delay, and the demo reads everything from the start.
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    this.thread = new Thread(this::loop, "fleet-audit-demo-watcher");
    this.thread.setDaemon(true);
    this.thread.start();
  }

  private void loop() {
    try {
      while (running) {
        for (ConsumerRecord<String, Object> r : consumer.poll(Duration.ofMillis(100))) {
          if (r.value() instanceof Alert a) {
            alerts.add(a);
            onAlert.accept(a);
          } else if (r.value() instanceof NodeStatus s) {
            statuses.put(s.getNodeId(), s);
          } else if (r.value() == null && r.topic().equals(statusTopic) && r.key() != null) {
            statuses.remove(r.key());
          }
        }
      }
    } catch (WakeupException e) {
      // close() asked us to stop
    } finally {
      consumer.close(Duration.ofSeconds(2));
    }
  }

  public List<Alert> alerts() {
    return List.copyOf(alerts);
  }

  public Map<String, NodeStatus> statuses() {
    return Map.copyOf(statuses);
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
