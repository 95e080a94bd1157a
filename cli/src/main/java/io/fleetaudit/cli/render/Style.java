package io.fleetaudit.cli.render;

/** ANSI styles used for states in tables; {@link #NONE} renders plain. */
public enum Style {
    NONE(""), GREEN("\u001b[32m"), RED("\u001b[31;1m"), YELLOW("\u001b[33m"), GREY("\u001b[90m"), BOLD("\u001b[1m");

    static final String RESET = "\u001b[0m";
    private final String code;

    Style(String code) {
        this.code = code;
    }

    /** {@code text} wrapped in this style's escape codes, or unchanged when {@code color} is off or style is NONE. */
    public String apply(String text, boolean color) {
        return !color || this == NONE ? text : code + text + RESET;
    }

    /** Colour of a node state (NodeState name) or alert status name; unknown names are plain. */
    public static Style forState(String state) {
        if (state == null) {
            return NONE;
        }
        return switch (state) {
            case "OK", "RESOLVED" -> GREEN;
            case "DRIFTED", "MISSING", "FIRING" -> RED;
            case "EXEMPT", "UNDECLARED" -> YELLOW;
            case "STOPPED", "UNKNOWN" -> GREY;
            default -> NONE;
        };
    }
}
