package docplanner.gateway.ops;

import docplanner.gateway.support.CapturedLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.event.Level;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** A warning repeated per request becomes one line per interval, with the count of those left out. */
class ThrottledLogTest {

  @RegisterExtension
  final CapturedLog log = new CapturedLog("docplanner.gateway.ThrottledLogTest");

  @Test
  void repeatsWithinTheIntervalAreCountedNotWritten() {
    AtomicLong nanos = new AtomicLong(System.nanoTime());
    ThrottledLog throttled = new ThrottledLog(log.logger(), Level.WARN, Duration.ofMillis(200), nanos::get);
    for (int i = 0; i < 50; i++) {
      throttled.log("answered 503 to a {} push", "slot-booked");
    }
    assertThat(log.lines()).hasSize(1);
    assertThat(log.lines().get(0).getFormattedMessage()).isEqualTo("answered 503 to a slot-booked push");

    nanos.addAndGet(Duration.ofMillis(199).toNanos()); // still within the interval: counted, not written
    throttled.log("answered 503 to a {} push", "slot-booked");
    assertThat(log.lines()).hasSize(1);

    nanos.addAndGet(Duration.ofMillis(51).toNanos()); // past the interval
    throttled.log("answered 503 to a {} push", "booking-canceled");
    assertThat(log.lines()).hasSize(2);
    assertThat(log.lines().get(1).getFormattedMessage())
        .isEqualTo("answered 503 to a booking-canceled push (and 50 more like it since the last such line)");
    assertThat(log.lines().get(1).getLevel()).isEqualTo(ch.qos.logback.classic.Level.WARN);
  }
}
