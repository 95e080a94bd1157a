package io.fleetaudit.cli.render;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetaudit.cli.time.TimeParser;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/** Small renderers shared by the table verbs: short digests, artifact lists, ages. Inputs are JSON or records. */
public final class Fmt {
    private Fmt() {
    }

    /** {@code sha256:7fb498e92dc7…}: enough to tell digests apart. */
    public static String shortDigest(String d) {
        if (d == null || d.isEmpty()) {
            return "-";
        }
        int colon = d.lastIndexOf(':');
        return colon >= 0 && d.length() > colon + 13 ? d.substring(0, colon + 13) + "…" : d;
    }

    /** {@code smars 2012.08.01} per artifact (digest when there is no version), comma separated. */
    public static String artifacts(JsonNode array) {
        List<String> parts = new ArrayList<>();
        for (JsonNode a : array) {
            String version = text(a.get("version"));
            parts.add(a.path("name").asText() + " " + (version != null ? version : shortDigest(text(a.get("digest")))));
        }
        return parts.isEmpty() ? "-" : String.join(", ", parts);
    }

    /** How long ago {@code iso} was, e.g. {@code 12m}; "-" when absent. */
    public static String age(String iso, Instant now) {
        if (iso == null) {
            return "-";
        }
        try {
            Duration d = Duration.between(Instant.parse(iso), now);
            if (d.isNegative()) {
                return "0s";
            }
            d = d.withNanos(0);
            if (d.toHours() >= 1) {
                d = d.withSeconds(d.toMinutes() * 60);
            }
            return TimeParser.format(d);
        } catch (DateTimeParseException e) {
            return iso;
        }
    }

    public static String text(JsonNode n) {
        return n == null || n.isNull() || n.isMissingNode() ? null : n.asText();
    }

    public static String orDash(String s) {
        return s == null || s.isEmpty() ? "-" : s;
    }
}
