package docplanner.gateway.feed.group;

import docplanner.gateway.Gateway;
import docplanner.gateway.support.TestGateways;
import docplanner.gateway.support.TestRedis;
import docplanner.gateway.support.groups.GroupClient;
import docplanner.gateway.support.groups.GroupLedger;
import docplanner.gateway.support.groups.GroupPushes;
import docplanner.gateway.support.groups.GroupVerdict;
import docplanner.gateway.support.groups.SseGroupClient;
import docplanner.gateway.support.groups.WsGroupClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Work sharing (issue 12): three consumers of one group spread over two gateway replicas, each
 * acknowledging its own way (SSE with {@code POST /events/ack} to its own replica; WebSocket with
 * {@code {"ack":…}} frames; SSE acknowledging through the <em>other</em> replica, as behind a load
 * balancer), 3,000 events pushed to both replicas. Every event is acknowledged exactly once in the
 * group (the test's {@link GroupLedger}: none missing, none acknowledged twice in the sense it
 * defines; and XPENDING empty), and the work is shared: each consumer took at least 15 %.
 */
class GroupWorkSharingIT {

  private static final String GROUP = "billing";
  private static final int EVENTS = 3_000;

  @RegisterExtension
  static final TestRedis redis = new TestRedis();

  @Test
  void threeConsumersOnTwoReplicasShareEveryEventOnce() throws Exception {
    // A visibility timeout far above the run's acknowledgement times: any redelivery here is a bug.
    Map<String, Object> groups = Map.of("groups.visibility-timeout", "20s");
    GroupLedger ledger = new GroupLedger();
    try (Gateway a = TestGateways.start(redis.url(), groups); Gateway b = TestGateways.start(redis.url(), groups)) {
      int feedA = a.config().feed().port();
      int feedB = b.config().feed().port();
      try (SseGroupClient sseA = SseGroupClient.start(GROUP, "sse-on-a", feedA, ledger);
           WsGroupClient wsB = WsGroupClient.start(GROUP, "ws-on-b", feedB, ledger);
           SseGroupClient sseB = SseGroupClient.start(GROUP, "sse-on-b-acks-via-a", feedB, feedA, ledger)) {
        List<GroupClient> consumers = List.of(sseA, wsB, sseB);
        await("consumers subscribed").atMost(Duration.ofSeconds(10)).until(() -> consumers.stream().allMatch(GroupClient::isSubscribed));

        long started = System.nanoTime();
        List<String> ids = GroupPushes.start(EVENTS, 1_000, GroupPushes.pushPort(a), GroupPushes.pushPort(b)).awaitAll();
        await("every event acknowledged").atMost(Duration.ofSeconds(30)).until(() -> ledger.allAcked(ids));
        long tookMs = (System.nanoTime() - started) / 1_000_000;
        GroupVerdict.awaitNothingPending(redis.port(), GROUP);

        GroupVerdict verdict = new GroupVerdict("sharing", redis.port(), GROUP, ledger, ids);
        verdict.check(consumers.size(), 2, "took_ms=" + tookMs);
        assertThat(redis.streamIds(GroupVerdict.STREAM)).as("the stream: the pushes, once each").containsExactlyInAnyOrderElementsOf(ids);
        assertThat(ledger.deliveries()).as("no event delivered twice with a 20 s visibility timeout").hasSize(EVENTS);
        for (GroupClient c : consumers) {
          // An even share is a third. Who gets an entry is whoever reads first once it is there,
          // so on a loaded machine the split wanders (34 / 31 / 35 % in most runs).
          assertThat(verdict.share(c.name())).as("share of %s", c.name()).isGreaterThanOrEqualTo(0.15);
          assertThat(c.subscriptions()).as("%s subscribed once (never dropped)", c.name()).isEqualTo(1);
        }
      }
    }
  }

  /**
   * Behind a load balancer a consumer's acknowledgements may all land on another replica than its
   * stream, which then does not hear of them. With 20 events of credit and a sweep every 5 s, a
   * replica that only learnt of them at its sweeps would feed it 20 events per 5 s (400 events:
   * 100 s); it asks Redis as soon as the consumer runs out, so the consumer keeps pace.
   */
  @Test
  void aConsumerAcknowledgingOnlyThroughAnotherReplicaIsFedAsFastAsItAcknowledges() throws Exception {
    Map<String, Object> groups = Map.of("groups.visibility-timeout", "60s", "groups.max-unacked", 20);
    GroupLedger ledger = new GroupLedger();
    try (Gateway a = TestGateways.start(redis.url(), groups); Gateway b = TestGateways.start(redis.url(), groups);
         SseGroupClient consumer = SseGroupClient.start("elsewhere", "streams-from-b-acks-via-a",
             b.config().feed().port(), a.config().feed().port(), ledger)) {
      await("subscribed").atMost(Duration.ofSeconds(10)).until(consumer::isSubscribed);
      long started = System.nanoTime();
      List<String> ids = GroupPushes.start(400, 1_000, GroupPushes.pushPort(a)).awaitAll();
      await("every event acknowledged").atMost(Duration.ofSeconds(30)).until(() -> ledger.allAcked(ids));
      long tookMs = (System.nanoTime() - started) / 1_000_000;
      // 400 events are 20 rounds of credit: at one round per sweep that is 100 s, well past the wait above.
      assertThat(ledger.deliveries()).as("each event delivered once (nothing waited for the visibility timeout)").hasSize(400);
      System.out.println("groups: scenario=acks-elsewhere events=400 max_unacked=20 took_ms=" + tookMs);
    }
  }
}
