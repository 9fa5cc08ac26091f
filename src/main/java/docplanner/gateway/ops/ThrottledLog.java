package docplanner.gateway.ops;

import org.slf4j.Logger;
import org.slf4j.event.Level;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A log line that could repeat once per request or per subscriber (a Redis outage answering every
 * push 503, a failing approver): written at most once per interval, with the number of similar
 * ones left out since, so an outage costs a few lines a minute instead of one per push.
 * Thread-safe: shared by every event loop.
 */
public final class ThrottledLog {

  private final Logger log;
  private final Level level;
  private final long intervalNanos;
  private final LongSupplier nanoTime;
  private final AtomicLong nextNanos;
  private final AtomicLong suppressed = new AtomicLong();

  public ThrottledLog(Logger log, Level level, Duration interval) {
    this(log, level, interval, System::nanoTime);
  }

  /** With its clock ({@link System#nanoTime()} semantics) given, so that a test moves time on instead of waiting. */
  ThrottledLog(Logger log, Level level, Duration interval, LongSupplier nanoTime) {
    this.log = log;
    this.level = level;
    this.intervalNanos = interval.toNanos();
    this.nanoTime = nanoTime;
    this.nextNanos = new AtomicLong(nanoTime.getAsLong());
  }

  /** At most one every ten seconds. */
  public static ThrottledLog warn(Logger log) {
    return new ThrottledLog(log, Level.WARN, Duration.ofSeconds(10));
  }

  public static ThrottledLog info(Logger log) {
    return new ThrottledLog(log, Level.INFO, Duration.ofSeconds(10));
  }

  /** The next line waits a full interval (the caller just wrote one of its own on the same subject). */
  public void hold() {
    nextNanos.set(System.nanoTime() + intervalNanos);
  }

  public void log(String format, Object... args) {
    if (!log.isEnabledForLevel(level)) {
      return;
    }
    long now = nanoTime.getAsLong();
    long next = nextNanos.get();
    if (now - next < 0 || !nextNanos.compareAndSet(next, now + intervalNanos)) {
      suppressed.incrementAndGet();
      return;
    }
    long skipped = suppressed.getAndSet(0);
    if (skipped == 0) {
      log.atLevel(level).log(format, args);
    } else {
      Object[] withCount = Arrays.copyOf(args, args.length + 1);
      withCount[args.length] = skipped;
      log.atLevel(level).log(format + " (and {} more like it since the last such line)", withCount);
    }
  }
}
