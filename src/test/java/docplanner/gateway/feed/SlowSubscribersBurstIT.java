package docplanner.gateway.feed;

import docplanner.gateway.Gateway;
import docplanner.gateway.support.CapturedLog;
import docplanner.gateway.support.Http;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * 200 subscribers that never read and a burst: the feed's event loop keeps serving (its
 * {@code /health/live} answers throughout, Vert.x never reports it blocked) and every one of them
 * is cut off.
 */
class SlowSubscribersBurstIT {

  @RegisterExtension
  static final TestRedis redis = new TestRedis();

  @RegisterExtension
  final CapturedLog blocked = new CapturedLog("io.vertx.core.impl.BlockedThreadChecker");

  static Gateway gateway;

  @BeforeAll
  static void start() {
    // One feed instance: every subscriber on the same event loop, the worst case.
    gateway = TestGateways.start(redis.url(), Map.of("stream.key", "burst:events", "feed.instances", 1,
        "feed.max-buffer", "256KiB"));
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  @Test
  void neverReadingSubscribersDoNotHoldTheFeedLoop() throws Exception {
    int feed = gateway.config().feed().port();
    List<Socket> stalled = new ArrayList<>();
    List<Integer> health = new CopyOnWriteArrayList<>();
    AtomicBoolean bursting = new AtomicBoolean(true);
    Thread prober = new Thread(() -> {
      while (bursting.get()) {
        health.add(Http.get(feed, "/health/live").status());
      }
    }, "health-prober");
    try {
      for (int i = 0; i < 100; i++) {
        stalled.add(TestFeeds.neverReading(feed, "/events"));
      }
      for (int i = 0; i < 100; i++) {
        stalled.add(TestFeeds.neverReadingWebSocket(feed, "/events/ws"));
      }
      TestFeeds.awaitSubscribers(gateway, 200);
      prober.start();
      for (int round = 0; round < 5; round++) {
        TestFeeds.append(redis, "burst:events", 2_000, 1_000); // 2 MB a round
      }
      String last = redis.lastId("burst:events");
      await("the reader has handed on the whole burst").atMost(Duration.ofSeconds(60))
          .until(() -> String.valueOf(gateway.feedStats().readerPosition()).equals(last));
      TestFeeds.awaitSubscribers(gateway, 0); // every one of them cut off as too slow
      bursting.set(false);
      prober.join();
      assertThat(health).isNotEmpty().containsOnly(200);
      assertThat(blocked.lines()).as("no event loop reported blocked").isEmpty();
      assertThat(gateway.registry().get("gateway.feed.slow.disconnects").counters())
          .extracting(c -> c.count()).containsOnly(100.0);
    } finally {
      bursting.set(false);
      for (Socket socket : stalled) {
        socket.close();
      }
    }
  }
}
