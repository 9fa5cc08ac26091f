package docplanner.gateway.sandbox;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class ReleaseLimiterTest {

  static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");

  @Test
  void oneReleasePerHourAndARefusalDoesNotMoveTheWindow() {
    ReleaseLimiter limiter = new ReleaseLimiter(Duration.ofHours(1));
    assertThat(limiter.tryRelease(T0)).isZero();
    assertThat(limiter.tryRelease(T0.plusSeconds(1))).isEqualTo(Duration.ofSeconds(3599));
    assertThat(limiter.tryRelease(T0.plusSeconds(3599))).isEqualTo(Duration.ofSeconds(1));
    assertThat(limiter.tryRelease(T0.plusSeconds(3600))).isZero();
    assertThat(limiter.tryRelease(T0.plusSeconds(3601))).isEqualTo(Duration.ofSeconds(3599));
  }

  @Test
  void retryAfterIsWholeSecondsRoundedUpAndAtLeastOne() {
    assertThat(ReleaseLimiter.retryAfterSeconds(Duration.ofMillis(1))).isEqualTo(1);
    assertThat(ReleaseLimiter.retryAfterSeconds(Duration.ofMillis(1001))).isEqualTo(2);
    assertThat(ReleaseLimiter.retryAfterSeconds(Duration.ofSeconds(3600))).isEqualTo(3600);
    assertThat(ReleaseLimiter.retryAfterSeconds(Duration.ZERO)).isEqualTo(1);
  }
}
