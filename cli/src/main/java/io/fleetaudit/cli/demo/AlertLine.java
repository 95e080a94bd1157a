package io.fleetaudit.cli.demo;

import io.fleetaudit.contracts.Alert;
import io.fleetaudit.contracts.AlertStatus;
import java.time.Duration;
import java.util.Locale;

/**
 * Formats one alert lifecycle event as the demo prints it. Input: an {@link Alert} from
 * {@code fleet.alerts.v1} and its offset from the demo's start. Output: one line such as
 * {@code [+00:21.3] FIRING   ARTIFACT_DRIFT   smars-8  smars-8 runs smars:2012.07.15@... instead of ...}.
 */
public final class AlertLine {

  private static final java.util.regex.Pattern LONG_DIGEST =
      java.util.regex.Pattern.compile("(sha256:[0-9a-f]{12})[0-9a-f]{52}");

  private AlertLine() {
  }

  public static String format(Alert alert, Duration sinceStart) {
    // Digests are identities, not for reading: 12 hex digits tell them apart on a terminal.
    String summary = LONG_DIGEST.matcher(alert.getAnnotations().getOrDefault("summary", "")).replaceAll("$1…");
    String marker = alert.getStatus() == AlertStatus.FIRING ? "FIRING  " : "RESOLVED";
    return String.format(Locale.ROOT, "%s %s %-18s %-10s %s", clock(sinceStart), marker, alert.getRule(),
        alert.getSubject(), summary).stripTrailing();
  }

  /** {@code [+mm:ss.t]}: time since the demo started, as a stopwatch. */
  public static String clock(Duration sinceStart) {
    long ms = Math.max(0, sinceStart.toMillis());
    return String.format(Locale.ROOT, "[+%02d:%02d.%d]", ms / 60_000, (ms / 1000) % 60, (ms / 100) % 10);
  }
}
