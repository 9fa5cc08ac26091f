package docplanner.gateway.upstream;

import io.vertx.core.MultiMap;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Reads Docplanner's wait hints from an answer's headers: {@code Retry-After} (seconds or an HTTP
 * date) and the rate limiter's {@code X-RateLimit-Remaining} / {@code X-RateLimit-Reset} (an
 * ISO-8601 date-time). Hints are capped, so a wrong header cannot stall the gateway for days.
 */
public final class RetryHints {

  /** The longest wait a header can impose. */
  static final Duration MAX_HINT = Duration.ofHours(2);

  private RetryHints() {
  }

  /**
   * How long to wait before the next call after a 429 (or a 503): {@code Retry-After} when given,
   * else the time until {@code X-RateLimit-Reset}; null when neither is there or readable.
   */
  public static Duration afterRefusal(MultiMap headers, Instant now) {
    Duration retryAfter = retryAfter(headers.get("Retry-After"), now);
    return retryAfter != null ? retryAfter : untilReset(headers.get("X-RateLimit-Reset"), now);
  }

  /**
   * After a successful answer: the wait until {@code X-RateLimit-Reset} when
   * {@code X-RateLimit-Remaining} says the quota is used up, else null (no limiter, or quota left).
   */
  public static Duration afterSuccess(MultiMap headers, Instant now) {
    String remaining = headers.get("X-RateLimit-Remaining");
    if (remaining == null) {
      return null;
    }
    try {
      if (Long.parseLong(remaining.trim()) > 0) {
        return null;
      }
    } catch (NumberFormatException e) {
      return null;
    }
    return untilReset(headers.get("X-RateLimit-Reset"), now);
  }

  /** {@code Retry-After}: delta-seconds, or an HTTP-date (RFC 9110); null when absent or malformed. */
  static Duration retryAfter(String value, Instant now) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String text = value.trim();
    if (text.chars().allMatch(Character::isDigit)) {
      try {
        return cap(Duration.ofSeconds(Long.parseLong(text)));
      } catch (NumberFormatException | ArithmeticException e) {
        return MAX_HINT; // more digits than a long: "a very long time"
      }
    }
    try {
      return until(ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant(), now);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** {@code X-RateLimit-Reset}: an ISO-8601 date-time with offset (or Z); null when absent or malformed. */
  static Duration untilReset(String value, Instant now) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return until(OffsetDateTime.parse(value.trim()).toInstant(), now);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static Duration until(Instant when, Instant now) {
    Duration wait = Duration.between(now, when);
    return cap(wait.isNegative() ? Duration.ZERO : wait);
  }

  private static Duration cap(Duration wait) {
    return wait.compareTo(MAX_HINT) > 0 ? MAX_HINT : wait;
  }
}
