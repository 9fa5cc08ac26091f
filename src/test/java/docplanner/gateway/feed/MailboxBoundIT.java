package docplanner.gateway.feed;

import docplanner.gateway.Gateway;
import docplanner.gateway.support.SseClient;
import docplanner.gateway.support.SseEvent;
import docplanner.gateway.support.TestGateways;
import docplanner.gateway.support.TestRedis;
import io.vertx.core.Context;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A stalled feed loop inside the process: every feed instance reads the stream itself, on its own
 * loop, so the stalled instance's reader waits with it (nothing piles up for it in memory: its
 * mailbox stays within feed.mailbox-limit plus one read) while the other instance's subscribers
 * go on receiving everything; after the stall every subscriber receives every event once, in order.
 */
class MailboxBoundIT {

  static final int LIMIT = 300;
  static final int READ_BATCH = 100;

  @RegisterExtension
  static final TestRedis redis = new TestRedis();

  static Gateway gateway;

  @BeforeAll
  static void start() {
    gateway = TestGateways.start(redis.url(), Map.of("stream.key", "bound:events", "feed.instances", 2,
        "feed.mailbox-limit", LIMIT, "feed.read-batch", READ_BATCH));
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  @Test
  void aStalledFeedLoopHoldsUpNoOtherInstanceAndLosesNothing() throws Exception {
    int feed = gateway.config().feed().port();
    int events = 3_000;
    List<SseClient> subscribers = new ArrayList<>();
    CountDownLatch stall = new CountDownLatch(1);
    try {
      for (int i = 0; i < 4; i++) { // two on each instance (connections are spread in turn)
        subscribers.add(SseClient.open(feed, "/events"));
      }
      TestFeeds.awaitSubscribers(gateway, 4);
      await().atMost(Duration.ofSeconds(10)).until(() -> gateway.feedStats().tails().size() == 2);
      // One event loop per core: on a single core both instances share one loop.
      assumeTrue(Runtime.getRuntime().availableProcessors() >= 2, "needs two feed loops");
      List<StreamTail> tails = gateway.feedStats().tails();
      Context stalled = tails.get(0).context();
      Object stalledLoop = TestFeeds.eventLoop(stalled);
      assumeTrue(stalledLoop != TestFeeds.eventLoop(tails.get(1).context()), "the instances share a loop");
      CountDownLatch stalling = new CountDownLatch(1);
      stalled.runOnContext(v -> {
        stalling.countDown();
        try {
          stall.await(60, TimeUnit.SECONDS); // a slow event loop, on purpose
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      assertThat(stalling.await(10, TimeUnit.SECONDS)).isTrue();

      TestFeeds.append(redis, "bound:events", events, 100);
      List<String> expected = redis.streamIds("bound:events");
      assertThat(expected).hasSize(events);
      // The instance whose loop runs on delivers everything while the other is still stalled.
      List<SseClient> onRunningLoop = await("the running instance's subscribers get every event")
          .atMost(Duration.ofSeconds(30))
          .until(() -> subscribers.stream().filter(c -> c.events().size() == events).toList(), done -> done.size() == 2);
      assertThat(stall.getCount()).as("still stalled").isEqualTo(1);
      assertThat(subscribers.stream().filter(c -> !onRunningLoop.contains(c)).mapToInt(c -> c.events().size()))
          .as("nothing reached the stalled instance's subscribers").containsOnly(0);
      stall.countDown();

      for (SseClient subscriber : subscribers) {
        assertThat(subscriber.await(events, Duration.ofSeconds(30)).stream().map(SseEvent::id))
            .containsExactlyElementsOf(expected);
      }
      for (StreamTail tail : tails) {
        assertThat(tail.mailboxPeak()).as("bounded: the limit plus one read").isLessThanOrEqualTo(LIMIT + READ_BATCH);
      }
    } finally {
      stall.countDown();
      for (SseClient subscriber : subscribers) {
        subscriber.close();
      }
    }
  }
}
