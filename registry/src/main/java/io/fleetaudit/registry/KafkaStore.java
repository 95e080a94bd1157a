package io.fleetaudit.registry;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fleetaudit.registry.StoreRecords.ConfigKey;
import io.fleetaudit.registry.StoreRecords.Key;
import io.fleetaudit.registry.StoreRecords.ProposalKey;
import io.fleetaudit.registry.StoreRecords.SchemaKey;

/**
 * The registry's durable log: one compacted, single-partition Kafka topic. Input: records to write; output:
 * every record of the topic, from the beginning, applied to a {@link RegistryState} by a reader thread, so all
 * instances on the topic converge and a restart rebuilds the same state. {@link #write} returns only after the
 * reader has applied the written record (read-your-writes); {@link #sync} waits until everything already in
 * the topic is applied.
 */
final class KafkaStore implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaStore.class);

    private final RegistryConfig config;
    private final RegistryState state;
    private final TopicPartition partition;
    private final Admin admin;
    private final KafkaProducer<byte[], byte[]> producer;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread reader;
    private final Object progress = new Object();
    /** Next offset the reader will apply; every record below it is applied. Guarded by {@link #progress}. */
    private long appliedUpTo;
    private volatile boolean running = true;
    private volatile boolean started;
    private volatile RuntimeException readerFailure;

    KafkaStore(RegistryConfig config, RegistryState state) {
        this.config = config;
        this.state = state;
        this.partition = new TopicPartition(config.topic(), 0);
        Map<String, Object> client = config.kafkaClientProperties();
        String clientId = "fleet-audit-registry-" + config.topic();

        Map<String, Object> adminProps = new HashMap<>(client);
        adminProps.putIfAbsent("client.id", clientId + "-admin");
        this.admin = Admin.create(adminProps);

        Map<String, Object> producerProps = new HashMap<>(client);
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerProps.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        // send() must not block longer than a request may wait (default is 60 s on a missing broker).
        producerProps.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE, config.timeoutMs()));
        producerProps.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, clientId + "-writer");
        this.producer = new KafkaProducer<>(producerProps, new ByteArraySerializer(), new ByteArraySerializer());

        Map<String, Object> consumerProps = new HashMap<>(client);
        consumerProps.remove(ConsumerConfig.GROUP_ID_CONFIG); // assigned, not subscribed: no group, no commits
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerProps.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, clientId + "-reader");
        this.consumer = new KafkaConsumer<>(consumerProps, new ByteArrayDeserializer(), new ByteArrayDeserializer());

        this.reader = new Thread(this::readLoop, "fleet-audit-registry-reader-" + config.topic());
        this.reader.setDaemon(true);
    }

    /** Creates the topic if missing, starts the reader and waits until it has applied the whole topic. */
    void start() {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.initTimeoutMs());
        ensureTopic(deadline);
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        started = true;
        reader.start();
        awaitApplied(endOffset(deadline), deadline);
    }

    /** Writes one record (null value = tombstone); returns its offset once the reader has applied it. */
    long write(Key key, byte[] value) {
        long deadline = deadline();
        long offset;
        try {
            offset = producer.send(new ProducerRecord<>(partition.topic(), partition.partition(),
                            StoreRecords.key(key), value))
                    .get(remainingMs(deadline), TimeUnit.MILLISECONDS).offset();
        } catch (TimeoutException e) {
            throw RegistryException.storeTimeout("Write to the Kafka store topic '" + partition.topic()
                    + "' timed out after " + config.timeoutMs() + " ms", e);
        } catch (ExecutionException e) {
            throw RegistryException.storeError("Error while writing to the Kafka store topic '" + partition.topic()
                    + "': " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RegistryException.storeError("Interrupted while writing to the Kafka store", e);
        }
        awaitApplied(offset + 1, deadline);
        return offset;
    }

    /**
     * Writes a record nobody waits for (a proposal's tombstone): a failure is only logged, since the record
     * merely lets compaction drop what is already decided.
     */
    void writeAndForget(Key key, byte[] value) {
        producer.send(new ProducerRecord<>(partition.topic(), partition.partition(), StoreRecords.key(key), value),
                (metadata, error) -> {
                    if (error != null) {
                        LOG.warn("Could not write {} to {}: {}", key, partition.topic(), error.getMessage());
                    }
                });
    }

    /** Waits until every record written to the topic so far (by any instance) is applied. */
    void sync() {
        long deadline = deadline();
        awaitApplied(endOffset(deadline), deadline);
    }

    /** True while the reader runs and has not failed. */
    boolean healthy() {
        return running && readerFailure == null && reader.isAlive();
    }

    @Override
    public void close() {
        running = false;
        if (started) {
            consumer.wakeup();
            try {
                reader.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5))); // the reader thread owns it once started
        }
        producer.close(Duration.ofSeconds(5));
        admin.close(Duration.ofSeconds(5));
    }

    private void readLoop() {
        try {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(250))) {
                    apply(record);
                }
                long position = consumer.position(partition);
                synchronized (progress) {
                    appliedUpTo = position;
                    progress.notifyAll();
                }
            }
        } catch (WakeupException e) {
            if (running) {
                readerFailure = new IllegalStateException("reader woken up unexpectedly", e);
            }
        } catch (RuntimeException e) {
            readerFailure = e;
            LOG.error("Schema store reader for topic {} stopped", partition.topic(), e);
        } finally {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
            synchronized (progress) {
                progress.notifyAll();
            }
        }
    }

    private void apply(ConsumerRecord<byte[], byte[]> record) {
        try {
            Key key = StoreRecords.parseKey(record.key());
            if (key instanceof ProposalKey proposalKey) {
                state.applyProposal(proposalKey.proposal(),
                        record.value() == null ? null : StoreRecords.parseProposal(record.value()));
            } else if (key instanceof SchemaKey schemaKey) {
                var value = record.value() == null ? null : StoreRecords.parseSchemaValue(schemaKey, record.value());
                if (!state.applySchema(schemaKey, value)) {
                    LOG.warn("Ignored schema record at offset {} for {}: it contradicts the registered one",
                            record.offset(), schemaKey);
                }
            } else if (key instanceof ConfigKey configKey) {
                state.applyConfig(configKey.subject(),
                        record.value() == null ? null : StoreRecords.parseConfigValue(record.value()));
            }
        } catch (RuntimeException e) {
            // A record we cannot read must not stop the registry: skip it, say where it is.
            LOG.warn("Skipped unreadable record at {}-{} offset {}: {}", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
        }
    }

    private void awaitApplied(long target, long deadline) {
        synchronized (progress) {
            while (appliedUpTo < target) {
                if (readerFailure != null || !running) {
                    throw RegistryException.storeError("The Kafka store reader is not running"
                            + (readerFailure == null ? "" : ": " + readerFailure.getMessage()), readerFailure);
                }
                long waitMs = remainingMs(deadline);
                if (waitMs <= 0) {
                    throw RegistryException.storeTimeout("Timed out waiting for the Kafka store reader to reach offset "
                            + target + " of topic '" + partition.topic() + "' (at " + appliedUpTo + ")", null);
                }
                try {
                    progress.wait(waitMs);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw RegistryException.storeError("Interrupted while waiting for the Kafka store reader", e);
                }
            }
        }
    }

    private long endOffset(long deadline) {
        try {
            return admin.listOffsets(Map.of(partition, OffsetSpec.latest())).partitionResult(partition)
                    .get(remainingMs(deadline), TimeUnit.MILLISECONDS).offset();
        } catch (TimeoutException e) {
            throw RegistryException.storeTimeout("Timed out reading the end offset of '" + partition + "'", e);
        } catch (ExecutionException e) {
            throw RegistryException.storeError("Cannot read the end offset of '" + partition + "': "
                    + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RegistryException.storeError("Interrupted while reading the end offset", e);
        }
    }

    private void ensureTopic(long deadline) {
        String topic = partition.topic();
        try {
            Optional<TopicDescription> existing = describe(topic, deadline);
            if (existing.isEmpty()) {
                Optional<Short> rf = config.replicationFactor() < 0
                        ? Optional.empty() : Optional.of(config.replicationFactor());
                NewTopic newTopic = new NewTopic(topic, Optional.of(1), rf)
                        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
                try {
                    admin.createTopics(List.of(newTopic)).all().get(remainingMs(deadline), TimeUnit.MILLISECONDS);
                    LOG.info("Created schema store topic {} (1 partition, compacted)", topic);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e; // another instance creating it at the same moment is fine
                    }
                }
                existing = awaitVisible(topic, deadline);
            }
            int partitions = existing.map(d -> d.partitions().size()).orElse(1);
            if (partitions != 1) {
                throw new IllegalStateException("Schema store topic '" + topic + "' has " + partitions
                        + " partitions; it must have exactly 1 so every instance reads one total order");
            }
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            Config topicConfig = admin.describeConfigs(List.of(resource)).all()
                    .get(remainingMs(deadline), TimeUnit.MILLISECONDS).get(resource);
            String policy = topicConfig.get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
            if (!Set.of(policy.split(",")).contains(TopicConfig.CLEANUP_POLICY_COMPACT)
                    || policy.contains(TopicConfig.CLEANUP_POLICY_DELETE)) {
                throw new IllegalStateException("Schema store topic '" + topic + "' has cleanup.policy=" + policy
                        + "; it must be 'compact' or retention would delete registered schemas");
            }
        } catch (ExecutionException e) {
            throw RegistryException.storeError("Cannot prepare the schema store topic '" + topic + "': "
                    + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw RegistryException.storeTimeout("Timed out preparing the schema store topic '" + topic
                    + "' on " + config.bootstrapServers(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RegistryException.storeError("Interrupted while preparing the schema store topic", e);
        }
    }

    /** A just-created topic reaches every broker's metadata a moment later; describing it too soon fails. */
    private Optional<TopicDescription> awaitVisible(String topic, long deadline)
            throws ExecutionException, TimeoutException, InterruptedException {
        while (true) {
            Optional<TopicDescription> description = describe(topic, deadline);
            if (description.isPresent()) {
                return description;
            }
            if (remainingMs(deadline) <= 0) {
                throw new TimeoutException("topic " + topic + " not visible after creation");
            }
            TimeUnit.MILLISECONDS.sleep(50); // back-off between metadata polls, not a wait for a result
        }
    }

    private Optional<TopicDescription> describe(String topic, long deadline)
            throws ExecutionException, TimeoutException, InterruptedException {
        try {
            return Optional.of(admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(remainingMs(deadline), TimeUnit.MILLISECONDS).get(topic));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private long deadline() {
        return System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.timeoutMs());
    }

    private static long remainingMs(long deadline) {
        return Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    }
}
