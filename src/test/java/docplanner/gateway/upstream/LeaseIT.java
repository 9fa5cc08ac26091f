package docplanner.gateway.upstream;

import docplanner.gateway.store.RedisLink;
import docplanner.gateway.support.RedisOnLoop;
import docplanner.gateway.support.TestRedis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The pull lease against a real Redis: one holder at a time, fencing tokens, renewal, release, expiry. */
class LeaseIT {

  @RegisterExtension
  static final TestRedis redis = new TestRedis();

  @RegisterExtension
  static final RedisOnLoop loop = new RedisOnLoop(redis);

  private Lease lease(String key, String holder, Duration ttl) {
    RedisLink link = loop.link(holder);
    return new Lease(link, key, key + ":fence", holder, ttl, Duration.ofSeconds(2));
  }

  private static String key() {
    return "test:lease:" + UUID.randomUUID();
  }

  @Test
  void onlyOneReplicaHoldsTheLeaseAtATime() {
    String key = key();
    Lease a = lease(key, "a", Duration.ofSeconds(30));
    Lease b = lease(key, "b", Duration.ofSeconds(30));
    assertThat(loop.await(a::acquire)).isTrue();
    assertThat(loop.await(b::acquire)).isFalse();
    assertThat(loop.call(b::held)).isFalse();
    assertThat(loop.call(b::seenHolder)).isEqualTo("a");
    assertThat(loop.call(a::held)).isTrue();
    assertThat(redis.command("GET", key)).isEqualTo("a " + loop.call(a::token));
  }

  @Test
  void releasingLetsAnotherTakeOverAtOnceWithAHigherFencingToken() {
    String key = key();
    Lease a = lease(key, "a", Duration.ofSeconds(30));
    Lease b = lease(key, "b", Duration.ofSeconds(30));
    loop.await(a::acquire);
    long first = loop.call(a::token);
    loop.await(a::release);
    assertThat(loop.call(a::held)).isFalse();
    assertThat(loop.await(b::acquire)).isTrue();
    assertThat(loop.call(b::token)).isGreaterThan(first);
  }

  @Test
  void anExpiredLeaseGoesToAnotherAndTheFormerHolderCanNeitherExtendNorReleaseIt() throws Exception {
    String key = key();
    Lease a = lease(key, "a", Duration.ofMillis(1500));
    Lease b = lease(key, "b", Duration.ofSeconds(30));
    loop.await(a::acquire);
    await().atMost(Duration.ofSeconds(10)).until(() -> loop.await(b::acquire));
    assertThat(loop.call(a::held)).as("a's TTL ran out locally too").isFalse();
    // a still believing it holds it (a pause): its check-and-extend must fail, and must not touch b's lease.
    Lease stale = lease(key, "a", Duration.ofSeconds(30));
    assertThat(loop.await(stale::extend)).isFalse();
    assertThat(loop.await(a::extend)).isFalse();
    loop.await(a::release);
    assertThat(redis.command("GET", key)).startsWith("b ");
  }

  @Test
  void extendingKeepsTheLeaseBeyondItsFirstTtl() throws Exception {
    String key = key();
    Lease a = lease(key, "a", Duration.ofMillis(3000));
    Lease b = lease(key, "b", Duration.ofSeconds(30));
    loop.await(a::acquire);
    long token = loop.call(a::token);
    // Each round waits until Redis says a third of the TTL has passed, then extends: four rounds
    // outlive the first TTL, with two seconds of margin before each extension however slow the
    // machine (no sleep that may overrun the TTL).
    for (int i = 0; i < 4; i++) {
      await().atMost(Duration.ofSeconds(10)).until(() -> Long.parseLong(redis.command("PTTL", key)) < 2_000);
      assertThat(loop.await(a::extend)).isTrue();
      assertThat(Long.parseLong(redis.command("PTTL", key))).isGreaterThan(2_000);
      assertThat(loop.await(b::acquire)).isFalse();
    }
    assertThat(loop.call(a::token)).as("the same tenure").isEqualTo(token);
  }

  @Test
  void aLeaseNotConfirmedWithinItsTtlIsNoLongerHeldLocally() throws Exception {
    Lease a = lease(key(), "a", Duration.ofMillis(1000));
    loop.await(a::acquire);
    assertThat(loop.call(a::held)).isTrue();
    await().atMost(Duration.ofSeconds(5)).until(() -> !loop.call(a::held));
    assertThat(loop.call(a::token)).isEqualTo(-1);
  }

  @Test
  void aPausedRedisFailsTheExtensionInTimeInsteadOfHanging() {
    Lease a = lease(key(), "a", Duration.ofSeconds(30));
    loop.await(a::acquire);
    redis.pause();
    try {
      long start = System.nanoTime();
      assertThatThrownBy(() -> loop.await(a::extend))
          .isInstanceOf(IllegalStateException.class).cause().isInstanceOf(TimeoutException.class);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
      assertThat(loop.call(a::held)).as("still within its TTL").isTrue();
    } finally {
      redis.resume();
    }
  }
}
