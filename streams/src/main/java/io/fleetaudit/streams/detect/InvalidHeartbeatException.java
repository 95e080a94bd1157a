package io.fleetaudit.streams.detect;

/** A heartbeat that decoded fine but cannot be trusted or used; it goes to the dead-letter topic. */
public final class InvalidHeartbeatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidHeartbeatException(String message) {
        super(message);
    }
}
