package io.fleetaudit.cli;

/**
 * The exit codes of every {@code fleet-audit} verb, documented in docs/CLI.md so scripts can rely on them:
 * 0 success, 1 runtime failure (broker or API unreachable, timeout), 2 usage or validation error
 * (bad option, invalid fleet file, refused exemption), 3 "difference found" (status saw drifted/missing
 * nodes, {@code declare --dry-run} has changes to publish).
 */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int FAILURE = 1;
    public static final int USAGE = 2;
    public static final int DIFFERENCE = 3;

    private ExitCodes() {
    }
}
