package docplanner.gateway.topology;

import docplanner.gateway.Gateway;
import docplanner.gateway.store.StreamKeys;
import docplanner.gateway.support.Notifications;
import docplanner.gateway.support.PushClient;
import docplanner.gateway.support.SseClient;
import docplanner.gateway.support.SseEvent;
import docplanner.gateway.support.TestGateways;
import docplanner.gateway.support.faults.FaultLoad;
import docplanner.gateway.support.faults.FaultLoad.Shape;
import docplanner.gateway.support.faults.FaultLoad.Target;
import docplanner.gateway.support.topology.RedisCluster;
import docplanner.gateway.support.topology.RedisNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway on a real three-primary Redis Cluster ({@code redis.mode: cluster}, the seed nodes in
 * {@code redis.url}): the store script touches the stream and its dedupe keys in one call, which
 * only a shared hash slot allows; pushes, live feeds and resumes work through it; and the stream's
 * slot moves to another primary under load (MIGRATING / IMPORTING, MIGRATE, SETSLOT NODE) with no
 * acknowledged push lost and subscribers carrying on.
 */
class ClusterIT {

  @RegisterExtension
  static final RedisCluster cluster = new RedisCluster();

  private static Gateway start(String stream) {
    return TestGateways.start(cluster.urls(), Map.of("redis.mode", "cluster", "stream.key", stream,
        "push.store-timeout", "3s"));
  }

  @Test
  void pushesAreStoredOnceAndFeedsResumeThroughTheCluster() throws Exception {
    String stream = "cluster:events";
    try (Gateway gateway = start(stream)) {
      PushClient push = TestGateways.pushClient(gateway);
      int feed = gateway.config().feed().port();
      SseClient live = SseClient.open(feed, "/events");
      live.status();
      String first = push.push(Notifications.slotBooked("c-1", "f-1", "d-1")).json().getString("id");
      PushClient.Answer again = push.push(Notifications.slotBooked("c-1", "f-1", "d-1"));
      assertThat(again.status()).isEqualTo(200);
      assertThat(again.json().getString("id")).as("a duplicate is answered with the first id").isEqualTo(first);
      for (int i = 2; i <= 3; i++) {
        assertThat(push.push(Notifications.slotBooked("c-" + i, "f-1", "d-1")).status()).isEqualTo(200);
      }
      List<SseEvent> seen = live.await(3, Duration.ofSeconds(10));
      assertThat(seen).extracting(SseEvent::id).startsWith(first).hasSize(3);
      live.close();

      try (SseClient resumed = SseClient.open(feed, "/events?since=0", Map.of("Last-Event-ID", first))) {
        assertThat(resumed.await(2, Duration.ofSeconds(10))).extracting(SseEvent::id)
            .containsExactly(seen.get(1).id(), seen.get(2).id());
      }
      RedisNode owner = cluster.owner(stream);
      assertThat(owner.call("XLEN", stream)).isEqualTo("3");
      assertThat(cluster.slot(StreamKeys.of(stream).dedupe() + ":x")).isEqualTo(cluster.slot(stream));
    }
  }

  /**
   * A resharding moves the stream's slot while pushes keep coming: pushes meeting the move get
   * TRYAGAIN (the client retries, then 503 and Docplanner's retry) or are redirected (ASK, MOVED);
   * none acknowledged is lost or stored twice, and subscribers see every event once, in order.
   */
  @Test
  void theStreamsSlotMovesToAnotherPrimaryUnderLoad() throws Exception {
    String stream = "cluster:migrating";
    Shape shape = new Shape(150, 10, 2, 2);
    try (Gateway gateway = start(stream);
         FaultLoad load = FaultLoad.start("cluster-slot-migration", shape, Target.of(gateway))) {
      RedisNode from = cluster.owner(stream);
      RedisNode to = cluster.nodes().stream().filter(n -> n != from).findFirst().orElseThrow();
      int[] moved = new int[1];
      load.around(() -> {
        // One key per MIGRATE: the slot spends as long as possible split between the two nodes, with
        // the stream on one and parts of its dedupe index on the other.
        moved[0] = cluster.migrate(cluster.slot(stream), from, to, 1);
        load.awaitAckedDuringFault(300);
      }, () -> FaultLoad.stream(cluster.owner(stream).port(), stream));
      assertThat(cluster.owner(stream)).isSameAs(to);
      // The stream, its dedupe index's counter and shards (a few small hashes, not a key per event).
      assertThat(moved[0]).as("keys migrated (the stream and its dedupe index)").isGreaterThanOrEqualTo(3);
      System.out.println("cluster-slot-migration: slot " + cluster.slot(stream) + " moved " + from.name() + " -> "
          + to.name() + " with " + moved[0] + " keys under load");
    }
  }
}
