package io.fleetaudit.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.sun.net.httpserver.HttpServer;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * A local, Confluent-compatible schema registry for development and tests: the REST subset serializers and
 * common tools use, on the JDK's HTTP server, stored in a compacted Kafka topic ({@code _schemas}) so several
 * processes share one registry and it survives restarts. Input: a Kafka cluster and a host/port (port 0 = free
 * port); output: {@link #url()}, e.g. {@code http://127.0.0.1:34567}, to use as {@code schema.registry.url}.
 * Production points {@code schema.registry.url} at Confluent Schema Registry or another compatible one.
 */
public final class LocalSchemaRegistry implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalSchemaRegistry.class);
    private static final String NODELAY_PROPERTY = "sun.net.httpserver.nodelay";

    private final RegistryConfig config;
    private final RegistryMetrics metrics;
    private final KafkaStore store;
    private final HttpServer server;
    private final ExecutorService executor;
    private final String url;
    private final AtomicBoolean closed = new AtomicBoolean();

    private LocalSchemaRegistry(RegistryConfig config, RegistryMetrics metrics, KafkaStore store, HttpServer server,
                                ExecutorService executor) {
        this.config = config;
        this.metrics = metrics;
        this.store = store;
        this.server = server;
        this.executor = executor;
        String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
        this.url = "http://" + host + ":" + server.getAddress().getPort();
    }

    /** Starts a registry on {@code host:port} storing in topic {@code _schemas} of {@code bootstrapServers}. */
    public static LocalSchemaRegistry start(String bootstrapServers, String host, int port) {
        return start(RegistryConfig.of(bootstrapServers, host, port));
    }

    public static LocalSchemaRegistry start(RegistryConfig config) {
        return start(config, new SimpleMeterRegistry());
    }

    /**
     * Creates the store topic if needed, reads it to its end, then binds the HTTP listener. Fails with a
     * {@link RegistryException} (store) or {@link UncheckedIOException} (bind) and leaves nothing running.
     */
    public static LocalSchemaRegistry start(RegistryConfig config, MeterRegistry meterRegistry) {
        RegistryMetrics metrics = new RegistryMetrics(meterRegistry);
        RegistryState state = new RegistryState(config.defaultCompatibility());
        KafkaStore store = new KafkaStore(config, state);
        ExecutorService executor = null;
        try {
            store.start();
            SchemaRegistryService service = new SchemaRegistryService(state, store, metrics);
            metrics.bindState(config.topic(), state::schemaCount, store::healthy);
            // Without TCP_NODELAY the JDK server's separate header/body writes meet delayed ACKs: ~40 ms per request
            // instead of ~1 ms. Read once when the JDK's server classes initialise; an explicit -D setting wins.
            if (System.getProperty(NODELAY_PROPERTY) == null) {
                System.setProperty(NODELAY_PROPERTY, "true");
            }
            HttpServer server = HttpServer.create(new InetSocketAddress(config.host(), config.port()), 64);
            executor = Executors.newFixedThreadPool(config.httpThreads(), daemonThreads());
            server.setExecutor(executor);
            server.createContext("/", new RestHandler(service, metrics));
            server.start();
            LocalSchemaRegistry registry = new LocalSchemaRegistry(config, metrics, store, server, executor);
            LOG.info("Local schema registry listening on {} (store: topic {} on {}, {} schemas)", registry.url,
                    config.topic(), config.bootstrapServers(), state.schemaCount());
            return registry;
        } catch (IOException e) {
            metrics.unbindState();
            closeQuietly(store, executor);
            throw new UncheckedIOException("Cannot listen on " + config.host() + ":" + config.port(), e);
        } catch (RuntimeException e) {
            metrics.unbindState();
            closeQuietly(store, executor);
            throw e;
        }
    }

    /** Base URL, e.g. {@code http://127.0.0.1:34567}. */
    public String url() {
        return url;
    }

    /** The bound port (useful with port 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    /** The store topic. */
    public String topic() {
        return config.topic();
    }

    /** Stops the HTTP listener (in-flight requests get a moment to finish), then the store. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        server.stop(0); // in-flight exchanges finish on the executor, awaited below
        executor.shutdown();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        store.close();
        metrics.unbindState();
        LOG.info("Local schema registry {} stopped", url);
    }

    private static void closeQuietly(KafkaStore store, ExecutorService executor) {
        if (executor != null) {
            executor.shutdownNow();
        }
        try {
            store.close();
        } catch (RuntimeException e) {
            LOG.debug("Ignored while cleaning up a failed start", e);
        }
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "fleet-audit-registry-http-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
