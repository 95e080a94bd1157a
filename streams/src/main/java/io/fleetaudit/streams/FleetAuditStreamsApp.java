package io.fleetaudit.streams;

import io.fleetaudit.schemas.topics.TopicCatalogue;
import io.fleetaudit.streams.detect.DeclarationSnapshot;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import io.fleetaudit.streams.query.QueryConfig;
import io.fleetaudit.streams.query.QueryServer;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.CloseOptions.GroupMembershipOperation;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The detection app as a reusable, in-process component (used by StreamsMain, the demo and the query API).
 * Input: a StreamsAppConfig. start() creates the missing topics (the fleet's, and the detection's repartition topic:
 * see RepartitionTopic), builds the topology and starts Kafka Streams,
 * binds Kafka Streams' own metrics and serves Prometheus /metrics; close() stops everything.
 */
public final class FleetAuditStreamsApp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FleetAuditStreamsApp.class);

    private final StreamsAppConfig config;
    private final Clock clock;
    private final PrometheusMeterRegistry registry;
    private final StreamsMetrics metrics;
    private final TopicCatalogue topics;
    private KafkaStreams streams;
    private KafkaStreamsMetrics streamsMetrics;
    private MetricsHttpServer http;
    private QueryServer query;
    private DeclarationSnapshot declarationsAtStart = DeclarationSnapshot.empty();

    public FleetAuditStreamsApp(StreamsAppConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        this.metrics = new StreamsMetrics(registry);
        this.topics = TopicCatalogue.from(config.clientProperties());
    }

    public FleetAuditStreamsApp(Map<String, ?> props) {
        this(new StreamsAppConfig(props), Clock.systemUTC());
    }

    public synchronized FleetAuditStreamsApp start() {
        Properties connection = clientConnectionProps();
        Map<String, Object> streamsProperties = config.streamsProperties();
        FleetAuditTopology.InputPartitions partitions;
        try (Admin admin = Admin.create(connection)) {
            topics.ensureTopics(admin);
            Map<String, Integer> counts = topics.partitionCounts(admin, topics.heartbeats().name(),
                    topics.declarations().name());
            partitions = new FleetAuditTopology.InputPartitions(counts.get(topics.heartbeats().name()),
                    counts.get(topics.declarations().name()));
            RepartitionTopic.ensure(admin, RepartitionTopic.newTopic(config.applicationId(), config.detectPartitions(),
                    streamsProperties), topics.adminTimeoutMs());
        }
        if (partitions.heartbeats() != config.detectPartitions() || partitions.declarations() != config.detectPartitions()) {
            LOG.warn("{} has {} partitions, {} has {} and {} is {}: every heartbeat goes through the repartition topic "
                            + "(1.3-1.7 x the CPU per heartbeat in the throughput benchmark); give all three the same count to detect heartbeats "
                            + "where they land", topics.heartbeats().name(), partitions.heartbeats(),
                    topics.declarations().name(), partitions.declarations(), StreamsAppConfig.DETECT_PARTITIONS,
                    config.detectPartitions());
        }
        declarationsAtStart = DeclarationSnapshot.read(connection, topics.declarations(), clock, Duration.ofSeconds(30));
        Topology topology = FleetAuditTopology.buildTopology(topics, clock, config, metrics, declarationsAtStart,
                partitions);
        Properties props = new Properties();
        props.putAll(streamsProperties);
        props.put(StreamsAppConfig.INTERNAL_METRICS, metrics);
        streams = new KafkaStreams(topology, props);
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("Stream thread died, replacing it", e);
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(registry);
        streams.start();
        if (config.queryPort() >= 0) {
            Map<String, Object> q = new HashMap<>(config.originals());
            q.put(QueryConfig.APPLICATION_SERVER, streamsProperties.getOrDefault(StreamsConfig.APPLICATION_SERVER_CONFIG, ""));
            try {
                query = new QueryServer(streams, new QueryConfig(q)).start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot bind the query API on " + config.httpHost() + ":" + config.queryPort(), e);
            }
        }
        if (config.metricsPort() >= 0) {
            http = new MetricsHttpServer(registry, config.httpHost(), config.metricsPort());
            LOG.info("Prometheus metrics on http://{}:{}/metrics", config.httpHost(), http.port());
        }
        return this;
    }

    /** Connection and security settings for the app's own admin client and the declaration snapshot's consumer. */
    private Properties clientConnectionProps() {
        Properties p = new Properties();
        config.clientProperties().forEach((k, v) -> {
            // Only client/security keys matter to them; the rest would only log "unknown config" warnings.
            if (k.startsWith("bootstrap.") || k.startsWith("security.") || k.startsWith("ssl.") || k.startsWith("sasl.")
                    || k.startsWith("client.")) {
                p.put(k, v);
            }
        });
        return p;
    }

    /** Waits until Kafka Streams is RUNNING (all tasks assigned and restored). */
    public void awaitRunning(Duration timeout) throws InterruptedException {
        Instant end = Instant.now().plus(timeout);
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (Instant.now().isAfter(end) || !streams.state().isRunningOrRebalancing()
                    && streams.state() != KafkaStreams.State.CREATED) {
                throw new IllegalStateException("Kafka Streams is " + streams.state() + " after " + timeout);
            }
            synchronized (this) {
                wait(50);
            }
        }
    }

    public KafkaStreams streams() {
        return streams;
    }

    public MeterRegistry meterRegistry() {
        return registry;
    }

    public PrometheusMeterRegistry prometheusRegistry() {
        return registry;
    }

    public StreamsMetrics metrics() {
        return metrics;
    }

    /** The declarations read from fleet.declarations.v1 at start-up (DeclarationSnapshot); empty before start(). */
    public DeclarationSnapshot declarationsAtStart() {
        return declarationsAtStart;
    }

    public TopicCatalogue topics() {
        return topics;
    }

    public StreamsAppConfig config() {
        return config;
    }

    /** Port of the /metrics endpoint, or -1 when disabled. */
    public int metricsPort() {
        return http == null ? -1 : http.port();
    }

    /** Port of the query API, or -1 when disabled. */
    public int queryPort() {
        return query == null ? -1 : query.port();
    }

    @Override
    public synchronized void close() {
        if (query != null) {
            query.close();
        }
        if (http != null) {
            http.close();
        }
        if (streams != null) {
            // Leave the consumer group: the services this instance detected are taken over at once (by the other
            // instances, or by this one restarted) instead of going unwatched for session.timeout.ms (45 s).
            streams.close(CloseOptions.groupMembershipOperation(GroupMembershipOperation.LEAVE_GROUP)
                    .withTimeout(Duration.ofSeconds(30)));
        }
        if (streamsMetrics != null) {
            streamsMetrics.close();
        }
    }
}
