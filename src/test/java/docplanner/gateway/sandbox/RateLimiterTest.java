package docplanner.gateway.sandbox;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimiterTest {

  static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");

  @Test
  void countsRequestsInAnHourlyWindowAndRefusesBeyondTheQuotaWithoutCounting() {
    RateLimiter limiter = new RateLimiter(3, 100);
    for (int n = 1; n <= 3; n++) {
      RateLimiter.Decision d = limiter.check("c", false, T0.plusSeconds(n));
      assertThat(d.allowed()).isTrue();
      assertThat(d.used()).isEqualTo(n);
      assertThat(d.remaining()).isEqualTo(3 - n);
      assertThat(d.reset()).isEqualTo(T0.plusSeconds(1).plus(Duration.ofHours(1)));
    }
    RateLimiter.Decision refused = limiter.check("c", false, T0.plusSeconds(10));
    assertThat(refused.allowed()).isFalse();
    assertThat(refused.used()).isEqualTo(3);
    assertThat(refused.retryAfter()).isEqualTo(Duration.ofHours(1).minusSeconds(9));
    assertThat(limiter.check("other", false, T0.plusSeconds(10)).allowed()).as("per client").isTrue();
    assertThat(limiter.check("c", false, T0.plusSeconds(1).plus(Duration.ofHours(1))).used()).isEqualTo(1);
  }

  @Test
  void limitsWritesPerMinuteButNotReads() {
    RateLimiter limiter = new RateLimiter(100, 2);
    assertThat(limiter.check("c", true, T0).allowed()).isTrue();
    assertThat(limiter.check("c", true, T0.plusSeconds(1)).allowed()).isTrue();
    RateLimiter.Decision refused = limiter.check("c", true, T0.plusSeconds(20));
    assertThat(refused.allowed()).isFalse();
    assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(40));
    assertThat(limiter.check("c", false, T0.plusSeconds(20)).allowed()).isTrue();
    assertThat(limiter.check("c", true, T0.plusSeconds(60)).allowed()).isTrue();
  }
}
