package docplanner.feed.client;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Reconnect delays: doubling from {@code initial} up to {@code max}, each drawn at random in
 * [half, all] of that value, so that the subscribers of a restarted gateway do not all come back
 * in the same millisecond. A connection that opened starts the sequence again.
 */
final class Backoff {

  private final long initialMillis;
  private final long maxMillis;
  private int failures;

  Backoff(Duration initial, Duration max) {
    if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException("backoff needs 0 < initial <= max, got " + initial + " and " + max);
    }
    this.initialMillis = initial.toMillis();
    this.maxMillis = max.toMillis();
  }

  /** The delay before the next attempt. */
  Duration next() {
    long ceiling = initialMillis << Math.min(failures, 30);
    ceiling = ceiling <= 0 || ceiling > maxMillis ? maxMillis : ceiling;
    failures++;
    long half = ceiling / 2;
    return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(ceiling - half + 1));
  }

  /** A connection opened: the next failure waits {@code initial} again. */
  void reset() {
    failures = 0;
  }
}
