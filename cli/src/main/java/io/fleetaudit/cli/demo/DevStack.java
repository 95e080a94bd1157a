package io.fleetaudit.cli.demo;

import io.fleetaudit.registry.LocalSchemaRegistry;
import io.fleetaudit.schemas.topics.TopicCatalogue;
import io.fleetaudit.testkit.EmbeddedKafka;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * A local broker and schema registry for running real agent and streams processes beside them. Input:
 * a data directory (kept across restarts) and ports (0 = free). Output: {@link #bootstrapServers()},
 * {@link #registryUrl()}, the fleet topics created with their catalogue settings, and a
 * {@code client.properties} in the data directory for other processes.
 */
public final class DevStack implements AutoCloseable {

  private final EmbeddedKafka kafka;
  private final LocalSchemaRegistry registry;
  private final List<String> createdTopics;
  private final Path clientProperties;

  private DevStack(EmbeddedKafka kafka, LocalSchemaRegistry registry, List<String> createdTopics, Path clientProperties) {
    this.kafka = kafka;
    this.registry = registry;
    this.createdTopics = createdTopics;
    this.clientProperties = clientProperties;
  }

  public static DevStack start(Path dataDir, int brokerPort, int registryPort) throws IOException {
    Files.createDirectories(dataDir);
    EmbeddedKafka kafka = DemoStack.quietly(() -> EmbeddedKafka.start(dataDir.resolve("kafka"), brokerPort));
    LocalSchemaRegistry registry = null;
    try {
      registry = LocalSchemaRegistry.start(kafka.bootstrapServers(), "127.0.0.1", registryPort);
      Map<String, String> client = Map.of("bootstrap.servers", kafka.bootstrapServers(),
          "schema.registry.url", registry.url());
      List<String> created;
      try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
        created = TopicCatalogue.from(client).ensureTopics(admin);
      }
      Path props = dataDir.resolve("client.properties");
      Files.writeString(props, "bootstrap.servers=" + kafka.bootstrapServers() + "\nschema.registry.url="
          + registry.url() + "\n");
      return new DevStack(kafka, registry, created, props);
    } catch (IOException | RuntimeException e) {
      if (registry != null) {
        registry.close();
      }
      kafka.close();
      throw e;
    }
  }

  public String bootstrapServers() {
    return kafka.bootstrapServers();
  }

  public String registryUrl() {
    return registry.url();
  }

  public List<String> createdTopics() {
    return createdTopics;
  }

  public Path clientProperties() {
    return clientProperties;
  }

  @Override
  public void close() {
    registry.close();
    kafka.close();
  }
}
