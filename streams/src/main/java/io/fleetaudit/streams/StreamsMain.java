package io.fleetaudit.streams;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.common.config.ConfigException;

/**
 * Thin entry point: {@code fleet-audit streams --config streams.properties [--set key=value ...]}. Loads the
 * properties, starts FleetAuditStreamsApp and blocks until SIGTERM/Ctrl-C. Exit codes: 0 clean stop, 2 bad
 * usage or configuration (the message names the key), 1 start-up failure.
 */
public final class StreamsMain {
    private StreamsMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String[] args) {
        Map<String, Object> props;
        try {
            props = parse(args);
        } catch (IllegalArgumentException | IOException e) {
            System.err.println("fleet-audit streams: " + e.getMessage());
            System.err.println("usage: fleet-audit streams --config streams.properties [--set key=value ...]");
            return 2;
        }
        FleetAuditStreamsApp app;
        try {
            app = new FleetAuditStreamsApp(props);
        } catch (ConfigException e) {
            System.err.println("fleet-audit streams: invalid configuration: " + e.getMessage());
            return 2;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            app.close();
            stopped.countDown();
        }, "fleet-audit-streams-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            app.start();
            stopped.await();
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            app.close();
            return 0;
        } catch (RuntimeException e) {
            System.err.println("fleet-audit streams: failed to start: " + e);
            app.close();
            return 1;
        }
    }

    static Map<String, Object> parse(String[] args) throws IOException {
        Map<String, Object> props = new HashMap<>();
        Map<String, Object> overrides = new HashMap<>();
        boolean haveConfig = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--config") || a.equals("-c")) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("--config needs a file");
                }
                Properties p = new Properties();
                try (Reader r = Files.newBufferedReader(Path.of(args[++i]))) {
                    p.load(r);
                }
                p.forEach((k, v) -> props.put(k.toString(), v.toString().trim()));
                haveConfig = true;
            } else if (a.equals("--set")) {
                if (i + 1 >= args.length || !args[i + 1].contains("=")) {
                    throw new IllegalArgumentException("--set needs key=value");
                }
                String kv = args[++i];
                overrides.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
            } else {
                throw new IllegalArgumentException("unknown argument '" + a + "'");
            }
        }
        if (!haveConfig) {
            throw new IllegalArgumentException("--config is required");
        }
        props.putAll(overrides);
        return props;
    }
}
