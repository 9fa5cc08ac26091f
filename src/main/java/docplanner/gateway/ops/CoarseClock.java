package docplanner.gateway.ops;

import io.micrometer.core.instrument.Clock;
import io.vertx.core.Vertx;

/**
 * Micrometer's clock with its wall time read from a field that a Vert.x timer refreshes every
 * {@value #TICK_MS} ms, instead of from the system clock on every record. Each Timer and
 * DistributionSummary reads the wall time on every record, only to see whether its max and
 * histogram windows (tens of seconds long) are due to rotate: a dozen clock reads per push, about
 * 0.2 µs of its CPU (docs/performance.md, thirteenth round). The monotonic time stays exact: timer
 * samples are measured with it.
 */
public final class CoarseClock implements Clock {

  /** How stale the wall time may be; nothing reads it at a finer grain than seconds. */
  static final long TICK_MS = 20;

  private volatile long wallTime = System.currentTimeMillis();

  @Override
  public long wallTime() {
    return wallTime;
  }

  @Override
  public long monotonicTime() {
    return System.nanoTime();
  }

  /** Refreshes the wall time on one of {@code vertx}'s event loops from now until it closes. */
  public void tickOn(Vertx vertx) {
    vertx.setPeriodic(TICK_MS, id -> wallTime = System.currentTimeMillis());
  }
}
