package io.fleetaudit.testkit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * JUnit 5 extension giving integration tests a real Kafka: one embedded broker per test JVM, started lazily on
 * first use and stopped when the test run ends (an AutoCloseable in the root {@link ExtensionContext} store).
 * Input: optionally {@value BrokerSource#ENV}{@code =host:port}, which points the same tests at an external
 * cluster instead. Output: {@link #bootstrapServers()}, {@link #uniqueName(String)} and {@link #adminClient()}.
 * Use: {@code @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();}.
 * Tests that must stop the broker own a private one: {@code EmbeddedKafka.start()} with stop()/restart().
 */
public final class KafkaBrokerExtension implements BeforeAllCallback {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaBrokerExtension.class);
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(KafkaBrokerExtension.class);
    private static final Pattern LEGAL_NAME = Pattern.compile("[a-zA-Z0-9._-]+");
    private static final AtomicLong SEQUENCE = new AtomicLong();
    private static final Object LOCK = new Object();
    /** The per-JVM embedded broker; shared by every extension instance. */
    private static SharedBroker shared;

    private final Optional<String> external;

    public KafkaBrokerExtension() {
        this(System.getenv());
    }

    KafkaBrokerExtension(Map<String, String> env) {
        this.external = BrokerSource.external(env);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (external.isEmpty()) {
            // The root store closes AutoCloseable values when the whole test run ends: one broker per JVM.
            context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(SharedBroker.class, k -> sharedBroker(),
                    SharedBroker.class);
        }
    }

    /** Bootstrap servers of the shared broker (starting it if no test has yet) or of the external cluster. */
    public String bootstrapServers() {
        return external.orElseGet(() -> sharedBroker().kafka().bootstrapServers());
    }

    /** True when {@value BrokerSource#ENV} points the tests at an external cluster. */
    public boolean isExternal() {
        return external.isPresent();
    }

    /**
     * A name no other test in this run (or an earlier run on the same external cluster) uses, for topics,
     * group ids, application ids and transactional ids: {@code prefix-<n>-<random>}.
     */
    public String uniqueName(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        if (!LEGAL_NAME.matcher(prefix).matches()) {
            throw new IllegalArgumentException("prefix must match " + LEGAL_NAME + " (legal in topic names), got '"
                    + prefix + "'");
        }
        String random = UUID.randomUUID().toString().substring(0, 8);
        return prefix + "-" + SEQUENCE.incrementAndGet() + "-" + random;
    }

    /** A new admin client for the test broker; the caller closes it (try-with-resources). */
    public Admin adminClient() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
    }

    /** Creates topics with {@code partitions} partitions (replication factor 1) and waits until they exist. */
    public void createTopics(int partitions, String... names) {
        List<NewTopic> topics = Arrays.stream(names).map(n -> new NewTopic(n, partitions, (short) 1)).toList();
        try (Admin admin = adminClient()) {
            admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create topics " + Arrays.toString(names) + " on "
                    + bootstrapServers() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }

    private static SharedBroker sharedBroker() {
        synchronized (LOCK) {
            if (shared == null || shared.closed) {
                EmbeddedKafka kafka = EmbeddedKafka.start();
                LOG.info("shared test broker on {} (started in {} ms)", kafka.bootstrapServers(),
                        kafka.lastStartupTime().toMillis());
                shared = new SharedBroker(kafka);
                // Safety net when a broker is started outside a JUnit run (the root store is the normal path).
                Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "fleet-audit-test-broker-stop"));
            }
            return shared;
        }
    }

    /** Holder closed by JUnit at the end of the run (or by the shutdown hook); closing twice is harmless. */
    static final class SharedBroker implements AutoCloseable {
        private final EmbeddedKafka kafka;
        private volatile boolean closed;

        SharedBroker(EmbeddedKafka kafka) {
            this.kafka = kafka;
        }

        EmbeddedKafka kafka() {
            return kafka;
        }

        @Override
        public void close() {
            synchronized (LOCK) {
                if (!closed) {
                    closed = true;
                    kafka.close();
                }
            }
        }
    }
}
