package dev.ampsync.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that stands still until a test moves it, for deterministic tests of throttling holds and
 * retry budgets. Thread-safe.
 */
public final class MutableClock extends Clock {
  private volatile Instant now;

  /**
   * Creates a clock standing at the given instant.
   *
   * @param start the instant
   * @throws NullPointerException if {@code start} is null
   */
  public MutableClock(Instant start) {
    this.now = Required.value(start, "start", "pass the instant the clock stands at, e.g. Instant.parse(\"2024-01-01T00:00:00Z\")");
  }

  /**
   * Moves the clock forward.
   *
   * @param duration how far
   * @throws NullPointerException if {@code duration} is null
   */
  public synchronized void advance(Duration duration) {
    now = now.plus(Required.value(duration, "duration", "pass how far to move the clock, e.g. Duration.ofSeconds(30)"));
  }

  @Override
  public Instant instant() {
    return now;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("MutableClock is always UTC");
  }
}
