package io.fleetaudit.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * Thin command-line entry point ({@code fleet-audit registry} calls {@link #run(String...)} or
 * {@link #run(Map)}). Input: {@code [--config file.properties] [key=value ...]} with the keys of
 * {@link RegistryConfig}; output: the URL on stdout once the registry serves, then it runs until SIGTERM/SIGINT
 * and stops cleanly. Exit codes: 0 stopped normally, 1 could not start, 2 bad arguments or configuration.
 */
public final class LocalSchemaRegistryMain {

    public static final int OK = 0;
    public static final int START_FAILED = 1;
    public static final int USAGE = 2;

    private LocalSchemaRegistryMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Parses the arguments and runs until the JVM is asked to stop. */
    public static int run(String... args) {
        Map<String, String> props;
        try {
            if (args.length == 1 && ("--help".equals(args[0]) || "-h".equals(args[0]))) {
                System.out.println(usage());
                return OK;
            }
            props = parseArgs(args);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            System.err.println("fleet-audit registry: " + e.getMessage());
            System.err.println(usage());
            return USAGE;
        }
        return run(props);
    }

    /** Runs with these properties until SIGTERM/SIGINT (a JVM shutdown hook stops the registry cleanly). */
    public static int run(Map<String, ?> props) {
        CompletableFuture<Void> stop = new CompletableFuture<>();
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.complete(null);
            try {
                stopped.await(15, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "fleet-audit-registry-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return run(props, System.out, System.err, stop);
        } finally {
            stopped.countDown();
            if (!stop.isDone()) {
                removeHook(hook);
            }
        }
    }

    /** Starts, prints the URL, waits for {@code stop}, closes. The seam tests drive. */
    static int run(Map<String, ?> props, PrintStream out, PrintStream err, Future<?> stop) {
        RegistryConfig config;
        try {
            config = new RegistryConfig(props);
        } catch (ConfigException e) {
            err.println("fleet-audit registry: invalid configuration: " + e.getMessage());
            return USAGE;
        }
        LocalSchemaRegistry registry;
        try {
            registry = LocalSchemaRegistry.start(config);
        } catch (RuntimeException e) {
            err.println("fleet-audit registry: cannot start: " + e.getMessage());
            return START_FAILED;
        }
        try (registry) {
            out.println("fleet-audit registry ready at " + registry.url() + " (schemas in topic '" + config.topic()
                    + "' on " + config.bootstrapServers() + ")");
            out.flush();
            stop.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // a failed stop signal still means stop
        }
        out.println("fleet-audit registry stopped");
        out.flush();
        return OK;
    }

    /** {@code --config file} loads a properties file; {@code key=value} pairs override it. */
    static Map<String, String> parseArgs(String... args) {
        Map<String, String> props = new LinkedHashMap<>();
        Map<String, String> overrides = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if ("--config".equals(arg)) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("--config needs a file");
                }
                props.putAll(load(Path.of(args[++i])));
            } else if (arg.startsWith("--config=")) {
                props.putAll(load(Path.of(arg.substring("--config=".length()))));
            } else if (arg.indexOf('=') > 0) {
                overrides.put(arg.substring(0, arg.indexOf('=')).trim(), arg.substring(arg.indexOf('=') + 1).trim());
            } else {
                throw new IllegalArgumentException("unexpected argument '" + arg + "' (expected key=value or --config FILE)");
            }
        }
        props.putAll(overrides);
        return props;
    }

    static String usage() {
        StringBuilder text = new StringBuilder("usage: fleet-audit registry [--config file.properties] [key=value ...]\n"
                + "Keys (Confluent Schema Registry names):\n");
        for (ConfigDef.ConfigKey key : RegistryConfig.CONFIG_DEF.configKeys().values()) {
            text.append("  ").append(key.name).append(key.hasDefault() ? " (default " + key.defaultValue + ")" : " (required)")
                    .append(": ").append(key.documentation).append('\n');
        }
        text.append("  kafkastore.<kafka client property>: passed to the store's Kafka clients (TLS, SASL, ...)");
        return text.toString();
    }

    private static Map<String, String> load(Path file) {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read config file " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> props = new LinkedHashMap<>();
        properties.stringPropertyNames().forEach(name -> props.put(name, properties.getProperty(name).trim()));
        return props;
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down
        }
    }
}
