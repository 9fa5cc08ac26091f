package docplanner.gateway.ops;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** A warning repeated per request becomes one line per interval, with the count of those left out. */
class ThrottledLogTest {

  private final ch.qos.logback.classic.Logger logger =
      (ch.qos.logback.classic.Logger) LoggerFactory.getLogger("docplanner.gateway.ThrottledLogTest");
  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

  @BeforeEach
  void capture() {
    lines.start();
    logger.addAppender(lines);
  }

  @AfterEach
  void release() {
    logger.detachAppender(lines);
  }

  @Test
  void repeatsWithinTheIntervalAreCountedNotWritten() throws InterruptedException {
    ThrottledLog log = new ThrottledLog(logger, Level.WARN, Duration.ofMillis(200));
    for (int i = 0; i < 50; i++) {
      log.log("answered 503 to a {} push", "slot-booked");
    }
    assertThat(lines.list).hasSize(1);
    assertThat(lines.list.get(0).getFormattedMessage()).isEqualTo("answered 503 to a slot-booked push");

    Thread.sleep(250); // past the interval
    log.log("answered 503 to a {} push", "booking-canceled");
    assertThat(lines.list).hasSize(2);
    assertThat(lines.list.get(1).getFormattedMessage())
        .isEqualTo("answered 503 to a booking-canceled push (and 49 more like it since the last such line)");
    assertThat(lines.list.get(1).getLevel()).isEqualTo(ch.qos.logback.classic.Level.WARN);
  }
}
