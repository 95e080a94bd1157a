package io.fleetaudit.streams.query;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The query string of one request, validated against the parameters its endpoint accepts: an unknown or repeated
 * parameter, or a value of the wrong form, is a 400 naming the parameter and what is allowed (a typo such as
 * {@code ?serivce=} must not silently return the whole fleet).
 */
final class QueryParams {
    /** Internal parameter: answer from this instance's stores only (used when instances fan out to each other). */
    static final String SCOPE = "scope";

    private final Map<String, String> values;

    private QueryParams(Map<String, String> values) {
        this.values = values;
    }

    static QueryParams parse(String rawQuery, Set<String> allowed) {
        Map<String, String> values = new LinkedHashMap<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String k = decode(eq < 0 ? pair : pair.substring(0, eq));
                String v = eq < 0 ? "" : decode(pair.substring(eq + 1));
                if (!allowed.contains(k) && !k.equals(SCOPE)) {
                    throw ApiException.badRequest("unknown parameter '" + k + "'; allowed: " + String.join(", ", new TreeSet<>(allowed)));
                }
                if (values.put(k, v) != null) {
                    throw ApiException.badRequest("parameter '" + k + "' is given twice");
                }
            }
        }
        String scope = values.get(SCOPE);
        if (scope != null && !scope.equals("local")) {
            throw ApiException.badRequest("parameter 'scope' must be 'local'");
        }
        return new QueryParams(values);
    }

    /** The value, or null when absent or empty. */
    String get(String name) {
        String v = values.get(name);
        return v == null || v.isEmpty() ? null : v;
    }

    boolean localOnly() {
        return "local".equals(values.get(SCOPE));
    }

    int limit(int defaultValue, int max) {
        String v = get("limit");
        if (v == null) {
            return Math.min(defaultValue, max);
        }
        try {
            int n = Integer.parseInt(v);
            if (n >= 1 && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiException.badRequest("parameter 'limit' must be a whole number from 1 to " + max + ", got '" + v + "'");
    }

    /** The value upper-cased and checked against {@code allowed}, or null when absent. */
    String oneOf(String name, List<String> allowed, boolean upperCase) {
        String v = get(name);
        if (v == null) {
            return null;
        }
        String norm = upperCase ? v.toUpperCase(java.util.Locale.ROOT) : v.toLowerCase(java.util.Locale.ROOT);
        if (!allowed.contains(norm)) {
            throw ApiException.badRequest("parameter '" + name + "' must be one of " + allowed + ", got '" + v + "'");
        }
        return norm;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("malformed query string: " + e.getMessage());
        }
    }
}
