package io.fleetaudit.cli.render;

import java.util.Map;

/**
 * Decides whether output may carry ANSI colours: only when stdout is a terminal, {@code NO_COLOR} is unset
 * (https://no-color.org) and {@code TERM} is not {@code dumb}. Pure function of the environment so it is testable.
 */
public final class Terminal {
    private Terminal() {
    }

    public static boolean colorEnabled(Map<String, String> env, boolean stdoutIsTerminal) {
        if (!stdoutIsTerminal) {
            return false;
        }
        String noColor = env.get("NO_COLOR");
        if (noColor != null && !noColor.isEmpty()) {
            return false;
        }
        return !"dumb".equals(env.get("TERM"));
    }

    /** The real process: Java 17 returns a console only when stdin and stdout are both terminals. */
    public static boolean colorEnabled() {
        return colorEnabled(System.getenv(), System.console() != null);
    }
}
