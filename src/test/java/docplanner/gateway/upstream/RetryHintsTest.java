package docplanner.gateway.upstream;

import io.vertx.core.MultiMap;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class RetryHintsTest {

  private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");

  private static MultiMap headers(String... pairs) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i < pairs.length; i += 2) {
      headers.add(pairs[i], pairs[i + 1]);
    }
    return headers;
  }

  @Test
  void retryAfterInSecondsIsTheWait() {
    assertThat(RetryHints.afterRefusal(headers("Retry-After", "120"), NOW)).isEqualTo(Duration.ofSeconds(120));
    assertThat(RetryHints.afterRefusal(headers("retry-after", " 0 "), NOW)).isEqualTo(Duration.ZERO);
  }

  @Test
  void retryAfterAsAnHttpDateIsTheTimeUntilThen() {
    assertThat(RetryHints.afterRefusal(headers("Retry-After", "Sat, 28 Nov 2026 10:01:30 GMT"), NOW))
        .isEqualTo(Duration.ofSeconds(90));
  }

  @Test
  void aDateInThePastMeansNoWait() {
    assertThat(RetryHints.afterRefusal(headers("Retry-After", "Sat, 28 Nov 2026 09:00:00 GMT"), NOW)).isEqualTo(Duration.ZERO);
    assertThat(RetryHints.afterRefusal(headers("X-RateLimit-Reset", "2026-11-28T09:00:00Z"), NOW)).isEqualTo(Duration.ZERO);
  }

  @Test
  void withoutRetryAfterTheRateLimitResetIsUsed() {
    assertThat(RetryHints.afterRefusal(headers("X-RateLimit-Reset", "2026-11-28T11:00:30+01:00"), NOW))
        .isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void retryAfterWinsOverTheRateLimitReset() {
    assertThat(RetryHints.afterRefusal(headers("Retry-After", "5", "X-RateLimit-Reset", "2026-11-28T10:30:00Z"), NOW))
        .isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void malformedOrAbsentHintsGiveNull() {
    assertThat(RetryHints.afterRefusal(headers(), NOW)).isNull();
    assertThat(RetryHints.afterRefusal(headers("Retry-After", "soon"), NOW)).isNull();
    assertThat(RetryHints.afterRefusal(headers("Retry-After", "-5"), NOW)).isNull();
    assertThat(RetryHints.afterRefusal(headers("X-RateLimit-Reset", "tomorrow"), NOW)).isNull();
  }

  @Test
  void hugeHintsAreCapped() {
    assertThat(RetryHints.afterRefusal(headers("Retry-After", "999999999999999999999999"), NOW)).isEqualTo(RetryHints.MAX_HINT);
    assertThat(RetryHints.afterRefusal(headers("Retry-After", "86400"), NOW)).isEqualTo(RetryHints.MAX_HINT);
    assertThat(RetryHints.afterRefusal(headers("X-RateLimit-Reset", "2027-01-01T00:00:00Z"), NOW)).isEqualTo(RetryHints.MAX_HINT);
  }

  @Test
  void afterASuccessOnlyAnExhaustedQuotaPauses() {
    assertThat(RetryHints.afterSuccess(headers(), NOW)).isNull();
    assertThat(RetryHints.afterSuccess(headers("X-RateLimit-Remaining", "3", "X-RateLimit-Reset", "2026-11-28T10:10:00Z"), NOW))
        .isNull();
    assertThat(RetryHints.afterSuccess(headers("X-RateLimit-Remaining", "0", "X-RateLimit-Reset", "2026-11-28T10:10:00Z"), NOW))
        .isEqualTo(Duration.ofMinutes(10));
    assertThat(RetryHints.afterSuccess(headers("X-RateLimit-Remaining", "0"), NOW)).isNull();
  }
}
