package docplanner.gateway.feed.group;

import docplanner.gateway.Gateway;
import docplanner.gateway.support.SseClient;
import docplanner.gateway.support.SseEvent;
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
 * Two groups and a broadcast subscriber on the same stream at once, over two replicas: each group
 * gets every event once across its own consumers (the groups do not share work with each other),
 * and the broadcast subscriber (from the start of the stream, so no
 * race with its registration) gets every event, in order, without the group fields, as before
 * groups existed.
 */
class GroupMixIT {

  private static final int EVENTS = 600;

  @RegisterExtension
  static final TestRedis redis = new TestRedis();

  @Test
  void twoGroupsAndABroadcastSubscriberEachSeeWhatTheyShould() throws Exception {
    Map<String, Object> groups = Map.of("groups.visibility-timeout", "20s");
    GroupLedger billing = new GroupLedger();
    GroupLedger audit = new GroupLedger();
    try (Gateway a = TestGateways.start(redis.url(), groups); Gateway b = TestGateways.start(redis.url(), groups)) {
      int feedA = a.config().feed().port();
      int feedB = b.config().feed().port();
      try (SseGroupClient billing1 = SseGroupClient.start("billing", "billing-1", feedA, billing);
           WsGroupClient billing2 = WsGroupClient.start("billing", "billing-2", feedB, billing);
           WsGroupClient audit1 = WsGroupClient.start("audit", "audit-1", feedA, audit);
           SseGroupClient audit2 = SseGroupClient.start("audit", "audit-2", feedB, audit);
           SseClient broadcast = SseClient.open(feedB, "/events?since=0")) {
        List<GroupClient> consumers = List.of(billing1, billing2, audit1, audit2);
        await("consumers subscribed").atMost(Duration.ofSeconds(10)).until(() -> consumers.stream().allMatch(GroupClient::isSubscribed));
        assertThat(broadcast.status()).isEqualTo(200);

        List<String> ids = GroupPushes.start(EVENTS, 600, GroupPushes.pushPort(a), GroupPushes.pushPort(b)).awaitAll();
        await("billing acknowledged everything").atMost(Duration.ofSeconds(20)).until(() -> billing.allAcked(ids));
        await("audit acknowledged everything").atMost(Duration.ofSeconds(20)).until(() -> audit.allAcked(ids));
        List<SseEvent> seen = broadcast.await(EVENTS, Duration.ofSeconds(20));
        GroupVerdict.awaitNothingPending(redis.port(), "billing");
        GroupVerdict.awaitNothingPending(redis.port(), "audit");

        new GroupVerdict("mix-billing", redis.port(), "billing", billing, ids).check(2, 2, "broadcast=" + seen.size());
        new GroupVerdict("mix-audit", redis.port(), "audit", audit, ids).check(2, 2, "broadcast=" + seen.size());
        assertThat(billing.deliveries()).as("billing: each event delivered once").hasSize(EVENTS);
        assertThat(audit.deliveries()).as("audit: each event delivered once").hasSize(EVENTS);
        assertThat(billing1.received()).as("both billing consumers worked").isNotEmpty();
        assertThat(billing2.received()).as("both billing consumers worked").isNotEmpty();
        assertThat(audit1.received()).as("both audit consumers worked").isNotEmpty();
        assertThat(audit2.received()).as("both audit consumers worked").isNotEmpty();

        List<String> stream = redis.streamIds(GroupVerdict.STREAM);
        assertThat(stream).as("the stream: the pushes, once each").containsExactlyInAnyOrderElementsOf(ids);
        assertThat(seen.stream().map(SseEvent::id).toList()).as("broadcast: every event once, in stream order")
            .containsExactlyElementsOf(stream);
        assertThat(seen).as("broadcast envelopes carry no group fields")
            .allSatisfy(e -> assertThat(e.json().containsKey("group") || e.json().containsKey("deliveries")).isFalse());
      }
    }
  }
}
