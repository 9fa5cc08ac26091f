package docplanner.gateway.upstream;

import io.vertx.core.json.JsonObject;

import java.time.Duration;

/**
 * What one release attempt came to, as the admin endpoint reports it.
 *
 * @param retryAfter when to try again (too soon, busy, rate limited, failed), or null
 */
public record ReleaseOutcome(Kind kind, Duration retryAfter, String detail) {

  /** The possible results of an attempt. */
  public enum Kind {
    /** Docplanner answered 204: the failed pushes are being re-dispatched. */
    RELEASED("released"),
    /** Less than an hour since the last release by any replica: Docplanner was not called. */
    TOO_SOON("too-soon"),
    /** Another replica is calling release right now: Docplanner was not called. */
    BUSY("busy"),
    /** Docplanner answered 429. */
    RATE_LIMITED("rate-limited"),
    /** Docplanner answered 403 (now or before): not a push-model client; release is off. */
    FORBIDDEN("forbidden"),
    /** No verdict (network, 5xx, credentials, Redis): retried with backoff. */
    FAILED("failed");

    private final String wire;

    Kind(String wire) {
      this.wire = wire;
    }

    public String wire() {
      return wire;
    }

    static Kind fromWire(String wire) {
      for (Kind kind : values()) {
        if (kind.wire.equals(wire)) {
          return kind;
        }
      }
      return FAILED;
    }
  }

  /** For the event bus between the admin route and the release verticle. */
  public JsonObject toJson() {
    return new JsonObject()
        .put("outcome", kind.wire)
        .put("retry_after_ms", retryAfter == null ? null : retryAfter.toMillis())
        .put("detail", detail);
  }

  public static ReleaseOutcome fromJson(JsonObject json) {
    Long retryMs = json.getLong("retry_after_ms");
    return new ReleaseOutcome(Kind.fromWire(json.getString("outcome")),
        retryMs == null ? null : Duration.ofMillis(retryMs), json.getString("detail"));
  }
}
