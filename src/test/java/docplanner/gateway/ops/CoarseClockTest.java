package docplanner.gateway.ops;

import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The metrics clock: a wall time that keeps up with the system's within a tick, an exact monotonic time. */
class CoarseClockTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  @Test
  void theWallTimeFollowsTheSystemClockWithinATick() {
    CoarseClock clock = new CoarseClock();
    clock.tickOn(vertx);
    long seen = clock.wallTime();
    await().atMost(Duration.ofSeconds(10)).until(() -> clock.wallTime() > seen);
    for (int i = 0; i < 5; i++) {
      long before = System.currentTimeMillis();
      long wall = clock.wallTime();
      assertThat(wall).isLessThanOrEqualTo(System.currentTimeMillis());
      // A tick late at most, with room for a loaded machine delaying the timer.
      assertThat(before - wall).isLessThan(CoarseClock.TICK_MS + 2_000);
    }
    long monotonic = clock.monotonicTime();
    assertThat(clock.monotonicTime()).isGreaterThanOrEqualTo(monotonic);
  }

  @Test
  void timersOnItRecordAsOnTheSystemClock() {
    CoarseClock clock = new CoarseClock();
    clock.tickOn(vertx);
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT, new PrometheusRegistry(), clock);
    Timer timer = Timer.builder("test.latency").publishPercentileHistogram().register(registry);
    timer.record(3, TimeUnit.MILLISECONDS);
    timer.record(7, TimeUnit.MILLISECONDS);
    assertThat(timer.count()).isEqualTo(2);
    assertThat(timer.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(10.0);
    assertThat(timer.max(TimeUnit.MILLISECONDS)).isEqualTo(7.0);
    assertThat(registry.scrape()).contains("test_latency_seconds_count 2").contains("test_latency_seconds_max 0.007");
  }
}
