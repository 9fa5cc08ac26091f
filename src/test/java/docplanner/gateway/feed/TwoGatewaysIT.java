package docplanner.gateway.feed;

import docplanner.gateway.Gateway;
import docplanner.gateway.support.Notifications;
import docplanner.gateway.support.PushClient;
import docplanner.gateway.support.SseClient;
import docplanner.gateway.support.SseEvent;
import docplanner.gateway.support.TestGateways;
import docplanner.gateway.support.TestRedis;
import docplanner.gateway.support.WsClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Replicas share nothing but Redis: a subscriber on either sees every event pushed to either, once, in one order. */
class TwoGatewaysIT {

  @RegisterExtension
  static final TestRedis redis = new TestRedis();

  @Test
  void subscribersOnEachReplicaGetEveryEventPushedToEitherOnce() throws Exception {
    try (Gateway a = TestGateways.start(redis.url()); Gateway b = TestGateways.start(redis.url());
         SseClient onA = SseClient.open(a.config().feed().port(), "/events");
         WsClient onB = WsClient.open(b.config().feed().port(), "/events/ws")) {
      onA.status();
      TestFeeds.awaitSubscribers(a, 1);
      TestFeeds.awaitSubscribers(b, 1);
      PushClient pushA = TestGateways.pushClient(a);
      PushClient pushB = TestGateways.pushClient(b);
      List<String> acked = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        PushClient target = i % 2 == 0 ? pushA : pushB;
        acked.add(target.push(Notifications.slotBooked("two-" + i, "f", "d")).json().getString("id"));
      }
      // The same event delivered to both replicas (a retry landing elsewhere) is still one event.
      assertThat(pushB.push(Notifications.slotBooked("two-0", "f", "d")).json().getBoolean("duplicate")).isTrue();

      List<String> sse = onA.await(200, Duration.ofSeconds(15)).stream().map(SseEvent::id).toList();
      List<String> ws = onB.await(200, Duration.ofSeconds(15)).stream().map(m -> m.getString("id")).toList();
      assertThat(sse).containsExactlyElementsOf(acked);
      assertThat(ws).containsExactlyElementsOf(acked);
      // One more event: once it arrives, nothing can trail behind it, so no duplicates came.
      String last = pushA.push(Notifications.slotBooked("two-last", "f", "d")).json().getString("id");
      assertThat(onA.await(201, Duration.ofSeconds(15)).stream().map(SseEvent::id).toList())
          .containsExactlyElementsOf(java.util.stream.Stream.concat(acked.stream(), java.util.stream.Stream.of(last)).toList());
      assertThat(onB.await(201, Duration.ofSeconds(15)).stream().map(m -> m.getString("id")).toList()).hasSize(201).endsWith(last);
    }
  }
}
