package io.fleetaudit.testkit;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Decides where shared test brokers come from. Input: the process environment. Output: the external
 * bootstrap servers from {@value #ENV} ({@code host:port[,host:port...]}), or empty for the embedded broker.
 * A malformed value fails fast, naming the variable and the expected form.
 */
public final class BrokerSource {

    /** Environment variable that points every broker test at an existing cluster instead of an embedded one. */
    public static final String ENV = "FLEET_AUDIT_TEST_BOOTSTRAP";

    private static final Pattern HOST_PORT = Pattern.compile("([A-Za-z0-9._-]+|\\[[0-9A-Fa-f:.]+\\]):\\d{1,5}");

    private BrokerSource() {
    }

    /** The external cluster's bootstrap servers if {@value #ENV} is set and non-blank. */
    public static Optional<String> external(Map<String, String> env) {
        String value = env.get(ENV);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String trimmed = value.trim();
        for (String server : trimmed.split(",")) {
            String s = server.trim();
            if (!HOST_PORT.matcher(s).matches() || !validPort(s.substring(s.lastIndexOf(':') + 1))) {
                throw new IllegalArgumentException(ENV + " must be host:port[,host:port...], got '" + value + "'");
            }
        }
        return Optional.of(trimmed.replace(" ", ""));
    }

    private static boolean validPort(String port) {
        int p = Integer.parseInt(port);
        return p > 0 && p <= 65535;
    }
}
