package docplanner.gateway.sandbox;

import java.time.Duration;
import java.time.Instant;

/** Lets {@code release} through at most once per {@code interval} (Docplanner: once per hour). */
final class ReleaseLimiter {

  private final Duration interval;
  private Instant last;

  ReleaseLimiter(Duration interval) {
    this.interval = interval;
  }

  /**
   * Records a release at {@code now} and answers {@link Duration#ZERO} when one is allowed;
   * otherwise records nothing and answers how long until the next one is.
   */
  Duration tryRelease(Instant now) {
    if (last != null) {
      Duration wait = Duration.between(now, last.plus(interval));
      if (wait.compareTo(Duration.ZERO) > 0) {
        return wait;
      }
    }
    last = now;
    return Duration.ZERO;
  }

  /** Whole seconds to wait, rounded up, at least 1: the {@code Retry-After} value. */
  static long retryAfterSeconds(Duration wait) {
    long millis = wait.toMillis();
    return Math.max(1, (millis + 999) / 1000);
  }

  void reset() {
    last = null;
  }
}
