package docplanner.gateway.upstream;

import io.vertx.core.Future;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Keeps one access token and renews it before it expires: {@code renewal} ahead of expiry, but at
 * most half-way through its lifetime (so a short-lived token is not renewed on every call), and at
 * once after the API rejected it. Concurrent callers share one request to the token endpoint. Owned
 * by one event loop: not thread-safe.
 */
public final class TokenCache {

  private final Supplier<Future<AccessToken>> fetch;
  private final Duration renewal;
  private final Clock clock;

  private AccessToken token;
  private Instant renewAt = Instant.MIN;
  private Future<AccessToken> fetching;

  /** @param fetch asks the token endpoint for a new token */
  public TokenCache(Supplier<Future<AccessToken>> fetch, Duration renewal, Clock clock) {
    this.fetch = fetch;
    this.renewal = renewal;
    this.clock = clock;
  }

  /** A token that is not due for renewal, fetching one when needed. */
  public Future<String> current() {
    if (token != null && clock.instant().isBefore(renewAt)) {
      return Future.succeededFuture(token.value());
    }
    Future<AccessToken> shared = fetching;
    if (shared == null) {
      Instant requested = clock.instant();
      Future<AccessToken> request = fetch.get();
      fetching = request;
      // Attached after the assignment: a fetch that completes at once must not leave itself cached.
      shared = request.andThen(ar -> {
        fetching = null;
        if (ar.succeeded()) {
          adopt(ar.result(), requested);
        }
      });
    }
    return shared.map(AccessToken::value);
  }

  /** The API answered 401 to {@code rejected}: forget it (unless a newer one replaced it already). */
  public void invalidate(String rejected) {
    if (token != null && token.value().equals(rejected)) {
      token = null;
      renewAt = Instant.MIN;
    }
  }

  /** When the current token will be renewed, or null without one (for tests and status). */
  Instant renewAt() {
    return token == null ? null : renewAt;
  }

  private void adopt(AccessToken fresh, Instant requested) {
    Duration lifetime = fresh.lifetime();
    Duration ahead = renewal.compareTo(lifetime.dividedBy(2)) > 0 ? lifetime.dividedBy(2) : renewal;
    // Counted from when we asked: the endpoint's clock started before our answer arrived.
    token = fresh;
    renewAt = requested.plus(lifetime).minus(ahead);
  }
}
