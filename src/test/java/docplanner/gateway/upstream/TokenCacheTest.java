package docplanner.gateway.upstream;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** The token cache's renewal rules, with the token endpoint replaced by a counter of requests (the endpoint itself is covered end to end). */
class TokenCacheTest {

  /** A clock the test moves by hand. */
  static final class ManualClock extends Clock {
    Instant now = Instant.parse("2026-11-28T10:00:00Z");

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }
  }

  /** Issues token-1, token-2, ... with the given lifetime; requests can be held open. */
  static final class Issuer implements Supplier<Future<AccessToken>> {
    final List<Promise<AccessToken>> held = new ArrayList<>();
    final Duration lifetime;
    boolean hold;
    int issued;

    Issuer(Duration lifetime) {
      this.lifetime = lifetime;
    }

    @Override
    public Future<AccessToken> get() {
      issued++;
      AccessToken token = new AccessToken("token-" + issued, lifetime);
      if (hold) {
        Promise<AccessToken> promise = Promise.promise();
        held.add(promise);
        return promise.future().map(x -> token);
      }
      return Future.succeededFuture(token);
    }
  }

  private final ManualClock clock = new ManualClock();

  private static String value(Future<String> future) {
    assertThat(future.succeeded()).as("token future completed").isTrue();
    return future.result();
  }

  @Test
  void aTokenIsReusedUntilItIsDueForRenewal() {
    Issuer issuer = new Issuer(Duration.ofHours(1));
    TokenCache cache = new TokenCache(issuer, Duration.ofSeconds(60), clock);
    assertThat(value(cache.current())).isEqualTo("token-1");
    clock.advance(Duration.ofMinutes(58));
    assertThat(value(cache.current())).isEqualTo("token-1");
    clock.advance(Duration.ofSeconds(61)); // 59:01: within a minute of expiry
    assertThat(value(cache.current())).isEqualTo("token-2");
    assertThat(issuer.issued).isEqualTo(2);
  }

  @Test
  void aShortLivedTokenIsRenewedHalfWayNotOnEveryCall() {
    Issuer issuer = new Issuer(Duration.ofSeconds(10));
    TokenCache cache = new TokenCache(issuer, Duration.ofSeconds(60), clock);
    assertThat(value(cache.current())).isEqualTo("token-1");
    clock.advance(Duration.ofSeconds(4));
    assertThat(value(cache.current())).isEqualTo("token-1");
    clock.advance(Duration.ofSeconds(1));
    assertThat(value(cache.current())).isEqualTo("token-2");
  }

  @Test
  void aRejectedTokenIsReplacedAtOnce() {
    Issuer issuer = new Issuer(Duration.ofHours(1));
    TokenCache cache = new TokenCache(issuer, Duration.ofSeconds(60), clock);
    String first = value(cache.current());
    cache.invalidate(first);
    assertThat(value(cache.current())).isEqualTo("token-2");
  }

  @Test
  void invalidatingAnOlderTokenKeepsTheNewerOne() {
    Issuer issuer = new Issuer(Duration.ofHours(1));
    TokenCache cache = new TokenCache(issuer, Duration.ofSeconds(60), clock);
    String first = value(cache.current());
    cache.invalidate(first);
    String second = value(cache.current());
    cache.invalidate(first); // a late 401 for a request made with the first token
    assertThat(value(cache.current())).isEqualTo(second);
    assertThat(issuer.issued).isEqualTo(2);
  }

  @Test
  void concurrentCallersShareOneTokenRequest() {
    Issuer issuer = new Issuer(Duration.ofHours(1));
    issuer.hold = true;
    TokenCache cache = new TokenCache(issuer, Duration.ofSeconds(60), clock);
    Future<String> a = cache.current();
    Future<String> b = cache.current();
    assertThat(issuer.issued).isEqualTo(1);
    assertThat(a.isComplete()).isFalse();
    issuer.held.get(0).complete();
    assertThat(value(a)).isEqualTo("token-1");
    assertThat(value(b)).isEqualTo("token-1");
  }

  @Test
  void aFailedRequestIsNotCachedAndTheNextCallTriesAgain() {
    int[] calls = {0};
    TokenCache cache = new TokenCache(() -> ++calls[0] == 1
        ? Future.failedFuture(new UpstreamFailure(UpstreamFailure.Kind.UNAVAILABLE, 503, null, "503"))
        : Future.succeededFuture(new AccessToken("ok", Duration.ofHours(1))), Duration.ofSeconds(60), clock);
    assertThat(cache.current().failed()).isTrue();
    assertThat(value(cache.current())).isEqualTo("ok");
    assertThat(calls[0]).isEqualTo(2);
  }

  @Test
  void theRenewalIsCountedFromWhenTheTokenWasAskedFor() {
    Issuer issuer = new Issuer(Duration.ofSeconds(100));
    issuer.hold = true;
    TokenCache cache = new TokenCache(issuer, Duration.ofSeconds(10), clock);
    Future<String> pending = cache.current();
    clock.advance(Duration.ofSeconds(5)); // the answer took 5 s
    issuer.held.get(0).complete();
    assertThat(value(pending)).isEqualTo("token-1");
    assertThat(cache.renewAt()).isEqualTo(Instant.parse("2026-11-28T10:01:30Z"));
  }

  @Test
  void aTokenNeverShowsItsValueInToString() {
    assertThat(new AccessToken("s3cr3t-token", Duration.ofHours(1)).toString()).doesNotContain("s3cr3t");
  }
}
