package io.fleetaudit.cli.kafka;

import io.fleetaudit.cli.CliException;
import io.fleetaudit.schemas.topics.TopicCatalogue;
import io.fleetaudit.schemas.topics.TopicSpec;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigException;

/**
 * Builds the Kafka clients a verb needs from one client property map (see KafkaOptions): the topic catalogue
 * (names and serdes), an idempotent acks=all producer, an assign-only read_committed consumer (no group, no
 * commits: the CLI never moves anyone's offsets) and an admin client. A bad property is a usage error (exit 2).
 */
public final class KafkaClients {
    private final Map<String, Object> config;
    private TopicCatalogue catalogue;

    public KafkaClients(Map<String, Object> config) {
        this.config = Map.copyOf(config);
    }

    public Map<String, Object> config() {
        return config;
    }

    public TopicCatalogue topics() {
        if (catalogue == null) {
            try {
                catalogue = TopicCatalogue.from(config);
            } catch (ConfigException e) {
                throw CliException.usage("invalid client configuration: " + e.getMessage());
            }
        }
        return catalogue;
    }

    public <V> KafkaProducer<String, V> producer(TopicSpec<String, V> spec) {
        Map<String, Object> p = kafkaOnly();
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "fleet-audit-cli-" + UUID.randomUUID().toString().substring(0, 8));
        try {
            return new KafkaProducer<>(p, spec.keySerde().serializer(), spec.valueSerde().serializer());
        } catch (org.apache.kafka.common.KafkaException e) {
            throw CliException.usage("cannot create a producer: " + rootMessage(e));
        }
    }

    public <V> KafkaConsumer<String, V> consumer(TopicSpec<String, V> spec) {
        Map<String, Object> c = kafkaOnly();
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // Reading must never create a topic with broker defaults (a non-compacted declarations topic, say).
        c.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        c.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        c.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "fleet-audit-cli-" + UUID.randomUUID().toString().substring(0, 8));
        c.remove(ConsumerConfig.GROUP_ID_CONFIG);
        try {
            return new KafkaConsumer<>(c, spec.keySerde().deserializer(), spec.valueSerde().deserializer());
        } catch (org.apache.kafka.common.KafkaException e) {
            throw CliException.usage("cannot create a consumer: " + rootMessage(e));
        }
    }

    public Admin admin() {
        try {
            return Admin.create(kafkaOnly());
        } catch (org.apache.kafka.common.KafkaException e) {
            throw CliException.usage("cannot create an admin client: " + rootMessage(e));
        }
    }

    /** Creates the fleet-audit topics the cluster lacks (publishing verbs need them; idempotent). */
    public void ensureTopics() {
        try (Admin admin = admin()) {
            topics().ensureTopics(admin);
        } catch (org.apache.kafka.common.KafkaException e) {
            throw unreachable(e);
        }
    }

    public CliException unreachable(Exception e) {
        return CliException.failure("Kafka at " + config.get("bootstrap.servers") + " did not answer: " + rootMessage(e)
                + " (check --bootstrap-server / --command-config)", e);
    }

    /** Producer/consumer/admin keys only: serde and topic keys would only be logged as unused. */
    private Map<String, Object> kafkaOnly() {
        Map<String, Object> out = new HashMap<>();
        config.forEach((k, v) -> {
            if (!k.startsWith("schema.registry.") && !k.startsWith("basic.auth.") && !k.startsWith("topics.")
                    && !k.equals("auto.register.schemas") && !k.equals("use.latest.version") && !k.startsWith("specific.avro.")) {
                out.put(k, v);
            }
        });
        return out;
    }

    public static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m;
    }
}
