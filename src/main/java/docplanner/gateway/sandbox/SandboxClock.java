package docplanner.gateway.sandbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The sandbox's time: a base clock plus an offset that only grows. Everything time-bound in the
 * simulator (token expiry, the 72 h queue expiry, the 5 and 10 minute push retries, the 14 day
 * retention of failed events, the hourly release limit, rate-limit windows) reads this clock, so a
 * test moves it forward by hours in a call instead of waiting. Thread-safe: a test may hold it.
 */
public final class SandboxClock {

  private final Clock base;
  private final AtomicLong offsetMillis = new AtomicLong();

  public SandboxClock(Clock base) {
    this.base = base;
  }

  /** Real time, until advanced. */
  public static SandboxClock system() {
    return new SandboxClock(Clock.systemUTC());
  }

  /** Time that stands still at {@code instant} until advanced (for unit tests). */
  public static SandboxClock fixedAt(Instant instant) {
    return new SandboxClock(Clock.fixed(instant, java.time.ZoneOffset.UTC));
  }

  public Instant now() {
    return base.instant().plusMillis(offsetMillis.get());
  }

  /** Moves time forward by {@code by} (never backwards: expiries already passed stay passed). */
  public Instant advance(Duration by) {
    if (by.isNegative()) {
      throw new IllegalArgumentException("the sandbox clock only moves forward; got " + by);
    }
    offsetMillis.addAndGet(by.toMillis());
    return now();
  }

  /** How far ahead of its base clock this clock is. */
  public Duration offset() {
    return Duration.ofMillis(offsetMillis.get());
  }
}
