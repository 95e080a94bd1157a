package io.fleetaudit.registry;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Confluent's compatibility levels. Input: a level name (case-insensitive); output: which direction(s) a new
 * schema is checked in, and whether against the latest version only or against every live version.
 */
public enum CompatibilityLevel {
    NONE(false, false, false),
    BACKWARD(true, false, false),
    BACKWARD_TRANSITIVE(true, false, true),
    FORWARD(false, true, false),
    FORWARD_TRANSITIVE(false, true, true),
    FULL(true, true, false),
    FULL_TRANSITIVE(true, true, true);

    private final boolean backward;
    private final boolean forward;
    private final boolean transitive;

    CompatibilityLevel(boolean backward, boolean forward, boolean transitive) {
        this.backward = backward;
        this.forward = forward;
        this.transitive = transitive;
    }

    /** New schema must read data written with the old ones. */
    public boolean backward() {
        return backward;
    }

    /** Old schemas must read data written with the new one. */
    public boolean forward() {
        return forward;
    }

    /** Checked against every live version instead of the latest only. */
    public boolean transitive() {
        return transitive;
    }

    public static Optional<CompatibilityLevel> parse(String name) {
        if (name == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(name.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    static String[] names() {
        return Arrays.stream(values()).map(Enum::name).toArray(String[]::new);
    }
}
