package io.fleetaudit.cli;

/**
 * A failure the CLI reports as one line on stderr with a chosen exit code ({@link ExitCodes}): usage and validation
 * errors are 2, runtime failures (broker, API, timeouts) 1. No stack trace: the message says what to do.
 */
public final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int exitCode;

    public CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public CliException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public static CliException usage(String message) {
        return new CliException(ExitCodes.USAGE, message);
    }

    public static CliException failure(String message, Throwable cause) {
        return new CliException(ExitCodes.FAILURE, message, cause);
    }

    public int exitCode() {
        return exitCode;
    }
}
