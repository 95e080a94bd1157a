package io.fleetaudit.cli.fleetfile;

/**
 * One finding of fleet file validation: where (file, line, column), what is wrong and how to fix it.
 * Rendered by {@link #toString()} in the compiler style {@code fleet.yaml:12:7: error: ...} plus a hint line.
 */
public record Problem(Severity severity, String file, int line, int column, String message, String hint) {

    /** Errors block {@code declare} (exit 2); warnings are printed and publishing goes on. */
    public enum Severity { ERROR, WARNING }

    @Override
    public String toString() {
        String where = file + ":" + line + (column > 0 ? ":" + column : "");
        String s = where + ": " + severity.name().toLowerCase(java.util.Locale.ROOT) + ": " + message;
        return hint == null || hint.isBlank() ? s : s + System.lineSeparator() + "    fix: " + hint;
    }
}
