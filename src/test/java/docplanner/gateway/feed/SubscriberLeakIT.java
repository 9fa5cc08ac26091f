package docplanner.gateway.feed;

import docplanner.gateway.Gateway;
import docplanner.gateway.support.TestGateways;
import docplanner.gateway.support.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Subscribers that disconnect while their start point is being found (Redis not answering, as in
 * an EventSource reconnect storm during an outage) leave nothing behind: once Redis answers, the
 * subscriber gauge is back to 0 and the stream reader idles again.
 */
class SubscriberLeakIT {

  @RegisterExtension
  static final TestRedis redis = new TestRedis();

  static Gateway gateway;

  @BeforeAll
  static void start() {
    gateway = TestGateways.start(redis.url(), Map.of("stream.key", "leak:events",
        // A connection attempt to the stopped Redis waits for it instead of failing first.
        "redis.connect-timeout", "60s"));
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  @Test
  void subscribersGoneDuringTheirStartLeaveNoTrace() throws Exception {
    TestFeeds.push(gateway, 1, "before");
    TestFeeds.awaitIdle(gateway); // no position: a live start asks Redis
    int feed = gateway.config().feed().port();
    int sse = 40;
    int ws = 10;
    List<Socket> sockets = new ArrayList<>();
    redis.pause();
    try {
      for (int i = 0; i < sse; i++) {
        sockets.add(TestFeeds.neverReading(feed, "/events"));
      }
      for (int i = 0; i < ws; i++) {
        sockets.add(TestFeeds.neverReadingWebSocket(feed, "/events/ws"));
      }
      // Each request has reached the feed: it waits for its start point (or, should a deadline
      // fail the read first, waits as a subscriber for the reader's position).
      await("every request is in the feed").atMost(Duration.ofSeconds(15))
          .until(() -> gateway.feedStats().startingSubscribers() + TestFeeds.subscribers(gateway) == sse + ws);
      for (Socket socket : sockets) {
        socket.close();
      }
    } finally {
      redis.resume();
    }
    await("the start points are resolved").atMost(Duration.ofSeconds(15))
        .until(() -> gateway.feedStats().startingSubscribers() == 0);
    TestFeeds.awaitSubscribers(gateway, 0);
    TestFeeds.awaitIdle(gateway);
    assertThat(TestFeeds.subscribers(gateway)).isZero();
  }
}
