package io.fleetaudit.schemas.registry;

/**
 * A schema registry request that failed. Input: what the registry answered (HTTP status, Confluent
 * {@code error_code} and {@code message}) or, when no registry answered at all, every URL tried and why.
 * Output: an unchecked exception whose message a user can act on, e.g. {@code Schema registry
 * http://registry:8081 answered 404 (error_code 40401): Subject 'x-value' not found. [GET /subjects/x-value/versions/latest]}.
 * {@link #status()} is {@link #NO_RESPONSE} when no registry could be reached.
 */
public class SchemaRegistryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Status used when no registry answered (connection refused, timeouts, ...). */
    public static final int NO_RESPONSE = -1;

    // Confluent's error codes (https://docs.confluent.io/platform/current/schema-registry/develop/api.html).
    public static final int SUBJECT_NOT_FOUND = 40401;
    public static final int VERSION_NOT_FOUND = 40402;
    public static final int SCHEMA_NOT_FOUND = 40403;
    public static final int SUBJECT_LEVEL_COMPATIBILITY_NOT_CONFIGURED = 40408;
    public static final int INCOMPATIBLE_SCHEMA = 409;
    public static final int INVALID_SCHEMA = 42201;
    public static final int INVALID_VERSION = 42202;
    public static final int INVALID_COMPATIBILITY_LEVEL = 42203;

    private final int status;
    private final int errorCode;
    private final String registryMessage;

    public SchemaRegistryException(String message, int status, int errorCode, String registryMessage, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.errorCode = errorCode;
        this.registryMessage = registryMessage;
    }

    /** An error answer of one registry, in the standard message form. */
    static SchemaRegistryException answered(String url, int status, int errorCode, String registryMessage,
            String request, int attempts) {
        String code = errorCode < 0 ? "no error_code" : "error_code " + errorCode;
        String tries = attempts > 1 ? " after " + attempts + " attempts" : "";
        return new SchemaRegistryException("Schema registry " + url + " answered " + status + " (" + code + "): "
                + registryMessage + " [" + request + "]" + tries, status, errorCode, registryMessage, null);
    }

    /** HTTP status of the answer, or {@link #NO_RESPONSE}. */
    public int status() {
        return status;
    }

    /** Confluent {@code error_code} of the answer, or -1 when there was none. */
    public int errorCode() {
        return errorCode;
    }

    /** The registry's own {@code message}, or the I/O failure text when nothing answered. */
    public String registryMessage() {
        return registryMessage;
    }

    public boolean isNotFound() {
        return status == 404;
    }
}
