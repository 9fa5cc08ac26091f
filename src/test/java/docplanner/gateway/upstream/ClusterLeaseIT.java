package docplanner.gateway.upstream;

import docplanner.gateway.config.RedisSettings;
import docplanner.gateway.store.RedisClients;
import docplanner.gateway.support.RedisOnLoop;
import docplanner.gateway.support.topology.RedisCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pull lease and the release slot on a real three-primary Redis Cluster: their scripts touch
 * two or three keys each, which works only because every upstream key shares the stream's hash
 * slot ({@code {stream}:upstream:...}); they land on the primary that owns that slot.
 */
class ClusterLeaseIT {

  private static final String STREAM = "cluster-lease:events";

  @RegisterExtension
  static final RedisCluster cluster = new RedisCluster();

  @RegisterExtension
  static final RedisOnLoop loop = new RedisOnLoop(vertx -> RedisClients.create(vertx, new RedisSettings(
      RedisSettings.Mode.CLUSTER, cluster.urls(), "", "mymaster", RedisSettings.Embedded.NEVER,
      Duration.ofSeconds(2), Duration.ofSeconds(2), 0), false, 128, 128));

  @Test
  void theLeaseIsTakenOnceWithItsFencingTokenOnTheStreamsPrimary() {
    UpstreamKeys keys = UpstreamKeys.of(STREAM, "client-a");
    Lease a = new Lease(loop.link("a"), keys.pullLease(), keys.pullFence(), "a", Duration.ofSeconds(30), Duration.ofSeconds(2));
    Lease b = new Lease(loop.link("b"), keys.pullLease(), keys.pullFence(), "b", Duration.ofSeconds(30), Duration.ofSeconds(2));
    assertThat(loop.await(a::acquire)).isTrue();
    assertThat(loop.await(b::acquire)).isFalse();
    assertThat(loop.call(b::seenHolder)).isEqualTo("a");
    assertThat(cluster.owner(STREAM).call("GET", keys.pullLease())).isEqualTo("a " + loop.call(a::token));
    loop.await(a::release);
    assertThat(loop.await(b::acquire)).isTrue();
  }

  @Test
  void theReleaseSlotIsClaimedOnceAndRecorded() {
    UpstreamKeys keys = UpstreamKeys.of(STREAM, "client-b");
    ReleaseSlot a = new ReleaseSlot(loop.link("ra"), keys, "a", Duration.ofHours(1), Duration.ofSeconds(30), Duration.ofSeconds(2));
    ReleaseSlot b = new ReleaseSlot(loop.link("rb"), keys, "b", Duration.ofHours(1), Duration.ofSeconds(30), Duration.ofSeconds(2));
    ReleaseSlot.Claim claim = loop.await(a::claim);
    assertThat(claim).isInstanceOf(ReleaseSlot.Claimed.class);
    assertThat(loop.await(b::claim)).isInstanceOf(ReleaseSlot.Busy.class);
    loop.await(() -> a.released(((ReleaseSlot.Claimed) claim).attempt(), Instant.now()));
    assertThat(loop.await(b::claim)).isInstanceOf(ReleaseSlot.TooSoon.class);
    assertThat(cluster.owner(STREAM).call("EXISTS", keys.releaseLast())).isEqualTo("1");
  }
}
