package io.fleetaudit.cli.time;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the time arguments operators type: durations like {@code 90s}, {@code 15m}, {@code 2h}, {@code 1d},
 * {@code 1h30m} (input: text, output: {@link Duration}) and instants as ISO-8601 ({@code 2012-08-01T13:31:00Z}
 * or with an offset), or a duration meaning "that long ago" / "that long from now" relative to a given now.
 * Invalid text throws {@link IllegalArgumentException} with a message that shows the accepted forms.
 */
public final class TimeParser {
    public static final String FORMS = "a duration like 90s, 15m, 2h, 1d or 1h30m, or an ISO-8601 instant like 2012-08-01T13:31:00Z";

    private static final Pattern DURATION = Pattern.compile("(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?(?:(\\d+)ms)?");

    private TimeParser() {
    }

    /** Parses a positive duration such as {@code 2h} or {@code 1h30m}; ISO-8601 {@code PT2H} is accepted too. */
    public static Duration parseDuration(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(java.util.Locale.ROOT);
        if (t.startsWith("pt") || t.startsWith("p")) {
            try {
                return positive(Duration.parse(t.toUpperCase(java.util.Locale.ROOT)), text);
            } catch (DateTimeParseException e) {
                throw invalidDuration(text);
            }
        }
        Matcher m = DURATION.matcher(t);
        if (t.isEmpty() || !m.matches()) {
            throw invalidDuration(text);
        }
        Duration d = Duration.ZERO;
        d = d.plusDays(num(m.group(1)));
        d = d.plusHours(num(m.group(2)));
        d = d.plusMinutes(num(m.group(3)));
        d = d.plusSeconds(num(m.group(4)));
        d = d.plusMillis(num(m.group(5)));
        return positive(d, text);
    }

    /** Parses an ISO-8601 instant ({@code Z} or an offset); {@code now} is the given clock value. */
    public static Instant parseInstant(String text, Instant now) {
        String t = text == null ? "" : text.trim();
        if (t.equalsIgnoreCase("now")) {
            return now;
        }
        try {
            return Instant.parse(t);
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(t).toInstant();
            } catch (DateTimeParseException e2) {
                throw new IllegalArgumentException("'" + text + "' is not an instant: use " + FORMS);
            }
        }
    }

    /** An instant or a duration before {@code now} ({@code --since 2h} = two hours ago). */
    public static Instant parsePast(String text, Instant now) {
        return looksLikeInstant(text) ? parseInstant(text, now) : now.minus(parseDuration(text));
    }

    /** An instant or a duration after {@code now} ({@code --until 2h} = two hours from now). */
    public static Instant parseFuture(String text, Instant now) {
        return looksLikeInstant(text) ? parseInstant(text, now) : now.plus(parseDuration(text));
    }

    /** Renders a duration the way operators type it: {@code 1h30m}, {@code 45s}. */
    public static String format(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        StringBuilder sb = new StringBuilder();
        if (d.isNegative()) {
            sb.append('-');
            d = d.negated();
        }
        long days = d.toDays();
        if (days > 0) {
            sb.append(days).append('d');
        }
        if (d.toHoursPart() > 0) {
            sb.append(d.toHoursPart()).append('h');
        }
        if (d.toMinutesPart() > 0) {
            sb.append(d.toMinutesPart()).append('m');
        }
        if (d.toSecondsPart() > 0 || sb.length() == 0 || (sb.length() == 1 && sb.charAt(0) == '-')) {
            sb.append(d.toSecondsPart()).append('s');
        }
        return sb.toString();
    }

    private static boolean looksLikeInstant(String text) {
        String t = text == null ? "" : text.trim();
        return t.equalsIgnoreCase("now") || (t.length() >= 10 && t.charAt(4) == '-' && Character.isDigit(t.charAt(0)));
    }

    private static long num(String g) {
        return g == null ? 0 : Long.parseLong(g);
    }

    private static Duration positive(Duration d, String text) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("'" + text + "' must be a positive duration: use " + FORMS);
        }
        return d;
    }

    private static IllegalArgumentException invalidDuration(String text) {
        return new IllegalArgumentException("'" + text + "' is not a duration or instant: use " + FORMS);
    }
}
