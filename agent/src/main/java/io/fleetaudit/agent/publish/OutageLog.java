package io.fleetaudit.agent.publish;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the log quiet during a broker outage: the first failure is logged, then at most one line per
 * minute, then one line when delivery works again. Input: send outcomes; output: log lines.
 */
final class OutageLog {
  static final Duration EVERY = Duration.ofMinutes(1);
  private static final Logger LOG = LoggerFactory.getLogger("io.fleetaudit.agent.publish");

  private final Clock clock;
  private Instant since;
  private Instant lastLogged;
  private long failures;

  OutageLog(Clock clock) {
    this.clock = clock;
  }

  synchronized void failed(String what) {
    Instant now = clock.instant();
    failures++;
    if (since == null) {
      since = now;
      lastLogged = now;
      LOG.warn("cannot publish heartbeat: {}; keeping only the latest state pending and retrying", what);
    } else if (Duration.between(lastLogged, now).compareTo(EVERY) >= 0) {
      lastLogged = now;
      LOG.warn("still cannot publish heartbeats after {} s ({} failed attempts): {}",
          Duration.between(since, now).toSeconds(), failures, what);
    }
  }

  synchronized void succeeded() {
    if (since != null) {
      LOG.info("heartbeats delivered again after {} s of failures ({} failed attempts)",
          Duration.between(since, clock.instant()).toSeconds(), failures);
      since = null;
      failures = 0;
    }
  }

  synchronized boolean inOutage() {
    return since != null;
  }
}
