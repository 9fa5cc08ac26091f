package docplanner.gateway.bench;

import java.time.Instant;

/**
 * The clock of the fan-out measurement: nanoseconds since the Unix epoch, read from the monotonic
 * clock anchored once to the wall clock. Within this JVM (the Java subscriber and the publisher)
 * it is as steady as {@link System#nanoTime()}; across processes (the Node subscriber, which anchors
 * its own monotonic clock the same way: {@code performance.timeOrigin + performance.now()}) both
 * read the same CLOCK_REALTIME at their start, and Linux slews CLOCK_MONOTONIC and CLOCK_REALTIME
 * alike, so the two agree to a few microseconds unless the wall clock is stepped during a run.
 * {@code process.hrtime()} would not do: its origin is arbitrary per process.
 */
final class SendTime {

  private static final long EPOCH_AT_ORIGIN = epochNanos(Instant.now());
  private static final long ORIGIN = System.nanoTime();

  private SendTime() {
  }

  static long now() {
    return EPOCH_AT_ORIGIN + (System.nanoTime() - ORIGIN);
  }

  /** {@link #now()} in whole microseconds since the epoch (what the Node subscriber is told). */
  static long nowMicros() {
    return now() / 1_000;
  }

  private static long epochNanos(Instant instant) {
    return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
  }
}
