package docplanner.gateway.upstream;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Delays between retries: exponential from {@code initial} doubling to {@code max}, with "equal
 * jitter" (a random point in the upper half of the step) so that replicas failing together do not
 * retry together. A wait hint from Docplanner replaces the exponential step: the next call comes
 * after the hint, never before. Not thread-safe: one per loop.
 */
public final class Backoff {

  /** The most added on top of a hint, so that replicas told the same Retry-After spread out a little. */
  static final Duration MAX_HINT_JITTER = Duration.ofSeconds(1);

  private final long initialMs;
  private final long maxMs;
  private final RandomGenerator random;
  private int failures;

  public Backoff(Duration initial, Duration max, RandomGenerator random) {
    this.initialMs = Math.max(1, initial.toMillis());
    this.maxMs = Math.max(initialMs, max.toMillis());
    this.random = random;
  }

  /** The delay before the next try after one more failure. */
  public Duration next() {
    long step = initialMs << Math.min(failures, 40);
    if (step <= 0 || step > maxMs) {
      step = maxMs;
    }
    failures++;
    long half = step / 2;
    return Duration.ofMillis(step - half + (half == 0 ? 0 : random.nextLong(half + 1)));
  }

  /** The delay after {@code failure}: its hint plus a little jitter when Docplanner gave one, else {@link #next()}. */
  public Duration after(UpstreamFailure failure) {
    Duration hint = failure.retryAfter();
    if (hint == null) {
      return next();
    }
    failures++;
    return hint.plus(jitterFor(hint));
  }

  /** Up to a tenth of {@code wait}, at most a second; never negative. */
  Duration jitterFor(Duration wait) {
    long bound = Math.min(MAX_HINT_JITTER.toMillis(), wait.toMillis() / 10);
    return Duration.ofMillis(bound <= 0 ? 0 : random.nextLong(bound + 1));
  }

  /** After a success: the next failure starts from {@code initial} again. */
  public void reset() {
    failures = 0;
  }

  /** Consecutive failures since the last success. */
  public int failures() {
    return failures;
  }
}
