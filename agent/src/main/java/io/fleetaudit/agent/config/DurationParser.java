package io.fleetaudit.agent.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses human durations ({@code 500ms}, {@code 10s}, {@code 2m}, {@code 1h}) and ISO-8601 ({@code PT10S}). */
final class DurationParser {
  static final String ALLOWED = "a duration like 500ms, 10s, 2m, 1h or PT10S";
  private static final Pattern HUMAN = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");

  private DurationParser() {
  }

  /** Returns null when the text is not a duration. */
  static Duration parse(String text) {
    String t = text.trim().toLowerCase(java.util.Locale.ROOT);
    Matcher m = HUMAN.matcher(t);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        default -> Duration.ofHours(n);
      };
    }
    try {
      return Duration.parse(text.trim());
    } catch (RuntimeException e) {
      return null;
    }
  }
}
