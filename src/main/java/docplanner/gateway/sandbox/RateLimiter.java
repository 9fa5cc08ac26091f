package docplanner.gateway.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Docplanner's limiter as the contract describes it: per API client, an hourly request quota and
 * a per-minute limit on writes, in fixed windows that start with the first request. Every decision
 * carries what the {@code X-RateLimit-*} headers report; a refused request is not counted.
 * Confined to one event loop.
 */
final class RateLimiter {

  static final Duration HOUR = Duration.ofHours(1);
  static final Duration MINUTE = Duration.ofMinutes(1);

  /** The verdict on one request and the quota state after it. */
  record Decision(boolean allowed, int limit, int remaining, int used, Instant reset, Duration retryAfter) {
  }

  private static final class Windows {
    Instant hourStart;
    int used;
    Instant minuteStart;
    int writes;
  }

  private final int hourlyQuota;
  private final int writesPerMinute;
  private final Map<String, Windows> clients = new HashMap<>();

  RateLimiter(int hourlyQuota, int writesPerMinute) {
    this.hourlyQuota = hourlyQuota;
    this.writesPerMinute = writesPerMinute;
  }

  Decision check(String clientId, boolean write, Instant now) {
    Windows w = clients.computeIfAbsent(clientId, id -> new Windows());
    if (w.hourStart == null || !now.isBefore(w.hourStart.plus(HOUR))) {
      w.hourStart = now;
      w.used = 0;
    }
    if (w.minuteStart == null || !now.isBefore(w.minuteStart.plus(MINUTE))) {
      w.minuteStart = now;
      w.writes = 0;
    }
    Instant hourReset = w.hourStart.plus(HOUR);
    if (w.used >= hourlyQuota) {
      return new Decision(false, hourlyQuota, 0, w.used, hourReset, Duration.between(now, hourReset));
    }
    if (write && w.writes >= writesPerMinute) {
      return new Decision(false, hourlyQuota, hourlyQuota - w.used, w.used, hourReset,
          Duration.between(now, w.minuteStart.plus(MINUTE)));
    }
    w.used++;
    if (write) {
      w.writes++;
    }
    return new Decision(true, hourlyQuota, hourlyQuota - w.used, w.used, hourReset, Duration.ZERO);
  }

  void reset() {
    clients.clear();
  }
}
