package io.fleetaudit.cli.demo;

import io.fleetaudit.cli.fleetfile.DeclaredService;
import io.fleetaudit.contracts.Declaration;
import io.fleetaudit.schemas.topics.TopicSpec;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Publishes declarations the way {@code fleet-audit declare} does: to the compacted declarations topic,
 * keyed {@code environment/service}, acknowledged before returning. Input: the topic spec (serdes) and
 * client settings. Output: one record per {@link #publish} call.
 */
public final class DemoDeclarer implements AutoCloseable {

  private final TopicSpec<String, Declaration> topic;
  private final KafkaProducer<String, Declaration> producer;

  public DemoDeclarer(TopicSpec<String, Declaration> topic, Map<String, String> client) {
    this.topic = topic;
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, client.get("bootstrap.servers"));
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.CLIENT_ID_CONFIG, "fleet-audit-demo-declare");
    this.producer = new KafkaProducer<>(p, topic.keySerde().serializer(), topic.valueSerde().serializer());
  }

  public void publish(Declaration d) {
    String key = DeclaredService.key(d.getEnvironment(), d.getService());
    try {
      producer.send(new ProducerRecord<>(topic.name(), key, d)).get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while declaring " + key, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("could not declare " + key + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
