package io.fleetaudit.cli.options;

import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Where the streams app's query API is and how to authenticate: {@code --api URL} (default $FLEET_AUDIT_API, else
 * http://127.0.0.1:8088) and {@code --token} (default $FLEET_AUDIT_API_TOKEN; prefer the variable, a token on the
 * command line shows up in process listings).
 */
public final class ApiOptions {
    public static final String DEFAULT_API = "http://127.0.0.1:8088";

    @Option(names = "--api", paramLabel = "URL", description = "Query API of the streams app (default: $FLEET_AUDIT_API, else " + DEFAULT_API + ").")
    String api;

    @Option(names = "--token", paramLabel = "TOKEN", description = "Bearer token of the query API (default: $FLEET_AUDIT_API_TOKEN).")
    String token;

    public String api(Map<String, String> env) {
        String v = api != null ? api : env.getOrDefault("FLEET_AUDIT_API", DEFAULT_API);
        return v.endsWith("/") ? v.substring(0, v.length() - 1) : v;
    }

    public String token(Map<String, String> env) {
        String t = token != null ? token : env.get("FLEET_AUDIT_API_TOKEN");
        return t == null || t.isBlank() ? null : t.trim();
    }
}
