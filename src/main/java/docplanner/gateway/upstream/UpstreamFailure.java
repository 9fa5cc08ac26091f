package docplanner.gateway.upstream;

import java.time.Duration;

/**
 * A call to Docplanner that did not give what was asked, classified by what the caller should do
 * about it. Expected (outages, limits), so it carries no stack trace. Messages name the URL path and
 * the status, never a token, a secret or a notification body.
 */
public final class UpstreamFailure extends RuntimeException {

  /** What went wrong, from the caller's point of view. */
  public enum Kind {
    /** The token endpoint refused the client credentials (or the API keeps answering 401): configuration. */
    CREDENTIALS_REJECTED("credentials-rejected"),
    /** 403 from the API: this client may not use the operation (release on a pull-model client). */
    FORBIDDEN("forbidden"),
    /** 429: wait (for {@link #retryAfter()} when Docplanner said how long). */
    RATE_LIMITED("rate-limited"),
    /** 5xx, timeout, connection failure: retry with backoff. */
    UNAVAILABLE("unavailable"),
    /** Any other answer (an unexpected status or an unreadable body). */
    UNEXPECTED("unexpected");

    private final String label;

    Kind(String label) {
      this.label = label;
    }

    /** Metrics label and status value. */
    public String label() {
      return label;
    }
  }

  private final Kind kind;
  private final int status;
  private final Duration retryAfter;

  /**
   * @param status     the HTTP status, or 0 when there was no answer
   * @param retryAfter how long Docplanner asked us to wait, or null
   */
  public UpstreamFailure(Kind kind, int status, Duration retryAfter, String message) {
    super(message, null, false, false);
    this.kind = kind;
    this.status = status;
    this.retryAfter = retryAfter;
  }

  public Kind kind() {
    return kind;
  }

  public int status() {
    return status;
  }

  /** Docplanner's own wait hint (Retry-After or X-RateLimit-Reset), or null. */
  public Duration retryAfter() {
    return retryAfter;
  }

  /** Any failure as an UpstreamFailure: timeouts and connection errors become {@link Kind#UNAVAILABLE}. */
  static UpstreamFailure of(Throwable error, String what) {
    if (error instanceof UpstreamFailure failure) {
      return failure;
    }
    String reason = error instanceof java.util.concurrent.TimeoutException ? "no answer in time"
        : error.getClass().getSimpleName() + ": " + error.getMessage();
    return new UpstreamFailure(Kind.UNAVAILABLE, 0, null, what + " failed: " + reason);
  }
}
