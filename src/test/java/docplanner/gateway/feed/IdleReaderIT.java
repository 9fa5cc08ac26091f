package docplanner.gateway.feed;

import docplanner.gateway.Gateway;
import docplanner.gateway.support.Burst;
import docplanner.gateway.support.SseClient;
import docplanner.gateway.support.SseEvent;
import docplanner.gateway.support.TestGateways;
import docplanner.gateway.support.TestRedis;
import docplanner.gateway.support.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With no subscriber the stream reader stops reading; subscribers arriving, leaving and coming back
 * (so that it stops and starts again and again) still see every event once, in order, and a
 * live-only subscriber gets everything stored after it was told it is connected.
 */
class IdleReaderIT {

  @RegisterExtension
  static final TestRedis redis = new TestRedis();

  static Gateway gateway;

  @BeforeAll
  static void start() {
    gateway = TestGateways.start(redis.url(), Map.of("stream.key", "idle:events", "feed.replay-batch", 50));
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  private static List<String> ids(List<SseEvent> events) {
    return events.stream().filter(e -> !"reset".equals(e.event())).map(SseEvent::id).toList();
  }

  private static void awaitIdle() {
    TestFeeds.awaitIdle(gateway);
  }

  @Test
  void aLiveSubscriberOfAnIdleReaderGetsWhatIsPushedRightAfterItConnected() throws Exception {
    TestFeeds.push(gateway, 3, "before-idle");
    awaitIdle();
    int feed = gateway.config().feed().port();
    for (int round = 0; round < 5; round++) {
      try (SseClient sse = SseClient.open(feed, "/events"); WsClient ws = WsClient.open(feed, "/events/ws")) {
        assertThat(sse.status()).isEqualTo(200);
        // No pause: pushed the moment the subscribers are connected.
        List<String> pushed = TestFeeds.push(gateway, 2, "right-after-" + round);
        assertThat(ids(sse.await(2, Duration.ofSeconds(10)))).containsExactlyElementsOf(pushed);
        assertThat(ws.await(2, Duration.ofSeconds(10)).stream().map(m -> m.getString("id")).toList())
            .containsExactlyElementsOf(pushed);
      }
      awaitIdle();
    }
  }

  @Test
  void subscribersComingAndGoingDuringABurstSeeEveryEventOnceInOrder() throws Exception {
    int feed = gateway.config().feed().port();
    awaitIdle();
    List<String> before = redis.streamIds("idle:events");
    double pausesBefore = pauses();
    Burst burst = Burst.start(TestGateways.pushClient(gateway), 1_200, 3, "churn");
    List<String> seen = new ArrayList<>();
    String last = before.isEmpty() ? "0" : before.get(before.size() - 1);
    // One subscriber at a time, so that the process has none between sessions (the reader idles).
    while (burst.isRunning() || seen.size() < 1_200) {
      try (SseClient session = SseClient.open(feed, "/events", Map.of("Last-Event-ID", last))) {
        List<SseEvent> got = session.await(seen.size() + 150 > 1_200 ? 1_200 - seen.size() : 150, Duration.ofSeconds(5));
        session.close();
        session.awaitEnd(Duration.ofSeconds(5));
        List<String> sessionIds = ids(session.events());
        assertThat(session.events()).noneMatch(e -> "reset".equals(e.event()));
        seen.addAll(sessionIds);
        if (!sessionIds.isEmpty()) {
          last = sessionIds.get(sessionIds.size() - 1);
        }
        if (got.isEmpty() && !burst.isRunning()) {
          break;
        }
      }
      // Nobody subscribes now: the reader goes idle before the next session, every time.
      awaitIdle();
    }
    burst.join();
    assertThat(burst.failures()).isEmpty();
    List<String> expected = redis.streamIds("idle:events").subList(before.size(), before.size() + 1_200);
    assertThat(seen).containsExactlyElementsOf(expected);
    assertThat(pauses() - pausesBefore).as("the reader went idle between sessions").isPositive();
  }

  private static double pauses() {
    return gateway.registry().get("gateway.feed.reader.pauses").counter().count();
  }
}
