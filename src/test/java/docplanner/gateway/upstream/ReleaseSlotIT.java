package docplanner.gateway.upstream;

import docplanner.gateway.support.RedisOnLoop;
import docplanner.gateway.support.TestRedis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The shared once-per-hour release slot against a real Redis. */
class ReleaseSlotIT {

  @RegisterExtension
  static final TestRedis redis = new TestRedis();

  @RegisterExtension
  static final RedisOnLoop loop = new RedisOnLoop(redis);

  private static UpstreamKeys keys() {
    return UpstreamKeys.of("test:" + UUID.randomUUID(), "client");
  }

  private ReleaseSlot slot(UpstreamKeys keys, String holder, Duration spacing) {
    return new ReleaseSlot(loop.link(holder), keys, holder, spacing, Duration.ofSeconds(30), Duration.ofSeconds(2));
  }

  @Test
  void afterAReleaseEveryReplicaIsTooSoonForTheRestOfTheHour() {
    UpstreamKeys keys = keys();
    ReleaseSlot a = slot(keys, "a", Duration.ofHours(1));
    ReleaseSlot b = slot(keys, "b", Duration.ofHours(1));
    ReleaseSlot.Claim claim = loop.await(a::claim);
    assertThat(claim).isInstanceOf(ReleaseSlot.Claimed.class);
    Instant at = Instant.parse("2026-11-28T10:00:00Z");
    loop.await(() -> a.released(((ReleaseSlot.Claimed) claim).attempt(), at));
    for (ReleaseSlot slot : new ReleaseSlot[] {a, b}) {
      ReleaseSlot.Claim next = loop.await(slot::claim);
      assertThat(next).isInstanceOfSatisfying(ReleaseSlot.TooSoon.class, tooSoon -> {
        assertThat(tooSoon.retryAfter()).isBetween(Duration.ofMinutes(59), Duration.ofHours(1));
        assertThat(tooSoon.lastReleasedBy()).isEqualTo("a@2026-11-28T10:00:00Z");
      });
    }
    assertThat(redis.command("EXISTS", keys.releaseAttempt())).as("the attempt lease is gone").isEqualTo("0");
  }

  @Test
  void whileOneReplicaIsCallingTheOthersAreBusyNotCalling() {
    UpstreamKeys keys = keys();
    ReleaseSlot a = slot(keys, "a", Duration.ofHours(1));
    ReleaseSlot b = slot(keys, "b", Duration.ofHours(1));
    assertThat(loop.await(a::claim)).isInstanceOf(ReleaseSlot.Claimed.class);
    assertThat(loop.await(b::claim)).isInstanceOfSatisfying(ReleaseSlot.Busy.class,
        busy -> assertThat(busy.caller()).startsWith("a "));
    assertThat(loop.await(a::claim)).as("a second attempt of a's too").isInstanceOf(ReleaseSlot.Busy.class);
  }

  @Test
  void aFailedCallFreesTheSlotForTheNextTry() {
    UpstreamKeys keys = keys();
    ReleaseSlot a = slot(keys, "a", Duration.ofHours(1));
    ReleaseSlot b = slot(keys, "b", Duration.ofHours(1));
    ReleaseSlot.Claimed claimed = (ReleaseSlot.Claimed) loop.await(a::claim);
    loop.await(() -> a.abandon(claimed.attempt()));
    assertThat(loop.await(b::claim)).isInstanceOf(ReleaseSlot.Claimed.class);
  }

  @Test
  void abandoningAnotherReplicasAttemptDoesNothing() {
    UpstreamKeys keys = keys();
    ReleaseSlot a = slot(keys, "a", Duration.ofHours(1));
    ReleaseSlot b = slot(keys, "b", Duration.ofHours(1));
    ReleaseSlot.Claimed claimed = (ReleaseSlot.Claimed) loop.await(a::claim);
    loop.await(() -> b.abandon("b 999"));
    assertThat(loop.await(b::claim)).isInstanceOf(ReleaseSlot.Busy.class);
    loop.await(() -> a.abandon(claimed.attempt()));
    assertThat(loop.await(b::claim)).isInstanceOf(ReleaseSlot.Claimed.class);
  }

  @Test
  void aRefusalFromDocplannerHoldsEveryReplicaForItsRetryAfter() {
    UpstreamKeys keys = keys();
    ReleaseSlot a = slot(keys, "a", Duration.ofHours(1));
    ReleaseSlot b = slot(keys, "b", Duration.ofHours(1));
    ReleaseSlot.Claimed claimed = (ReleaseSlot.Claimed) loop.await(a::claim);
    loop.await(() -> a.refused(claimed.attempt(), Instant.now(), Duration.ofSeconds(2)));
    assertThat(loop.await(b::claim)).isInstanceOfSatisfying(ReleaseSlot.TooSoon.class,
        tooSoon -> assertThat(tooSoon.retryAfter()).isBetween(Duration.ofMillis(1), Duration.ofSeconds(2)));
    await().atMost(Duration.ofSeconds(10)).until(() -> loop.await(b::claim) instanceof ReleaseSlot.Claimed);
  }

  @Test
  void theNextReleaseIsAllowedWhenTheSpacingHasPassed() {
    UpstreamKeys keys = keys();
    ReleaseSlot a = slot(keys, "a", Duration.ofMillis(800));
    ReleaseSlot.Claimed claimed = (ReleaseSlot.Claimed) loop.await(a::claim);
    loop.await(() -> a.released(claimed.attempt(), Instant.now()));
    assertThat(loop.await(a::claim)).isInstanceOf(ReleaseSlot.TooSoon.class);
    await().atMost(Duration.ofSeconds(10)).until(() -> loop.await(a::claim) instanceof ReleaseSlot.Claimed);
  }

  @Test
  void anAttemptThatNeverFinishesStopsBlockingAfterItsTtl() {
    UpstreamKeys keys = keys();
    ReleaseSlot crashed = new ReleaseSlot(loop.link("crashed"), keys, "crashed", Duration.ofHours(1),
        Duration.ofMillis(700), Duration.ofSeconds(2));
    ReleaseSlot b = slot(keys, "b", Duration.ofHours(1));
    assertThat(loop.await(crashed::claim)).isInstanceOf(ReleaseSlot.Claimed.class);
    assertThat(loop.await(b::claim)).isInstanceOf(ReleaseSlot.Busy.class);
    await().atMost(Duration.ofSeconds(10)).until(() -> loop.await(b::claim) instanceof ReleaseSlot.Claimed);
  }
}
