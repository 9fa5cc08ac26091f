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
 * Back-pressure inside the process: while one feed instance's event loop is stalled, the stream
 * reader stops reading once that instance's mailbox passes feed.mailbox-limit, so the mailbox
 * stays bounded; after the stall every subscriber receives every event once, in order.
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
  void aStalledFeedLoopHoldsTheReaderBackAndLosesNothing() throws Exception {
    int feed = gateway.config().feed().port();
    int events = 3_000;
    List<SseClient> subscribers = new ArrayList<>();
    CountDownLatch stall = new CountDownLatch(1);
    try {
      for (int i = 0; i < 4; i++) { // two on each instance (connections are spread in turn)
        subscribers.add(SseClient.open(feed, "/events"));
      }
      TestFeeds.awaitSubscribers(gateway, 4);
      StreamTail tail = gateway.feedStats().tail();
      await().atMost(Duration.ofSeconds(10)).until(() -> tail.hubContexts().size() == 2);
      // One event loop per core: on a single core every instance shares the reader's loop, and
      // stalling one would stall the reader too.
      assumeTrue(Runtime.getRuntime().availableProcessors() >= 2, "needs a feed loop apart from the reader's");
      Context stalled = tail.hubContexts().stream()
          .filter(c -> TestFeeds.eventLoop(c) != TestFeeds.eventLoop(tail.context())).findFirst().orElseThrow();
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

      double heldBefore = held();
      TestFeeds.append(redis, "bound:events", events, 100);
      await("the reader waits for the stalled instance").atMost(Duration.ofSeconds(15)).until(() -> held() > heldBefore);
      assertThat(tail.mailboxPeak()).as("bounded: the limit plus one read").isLessThanOrEqualTo(LIMIT + READ_BATCH);
      stall.countDown();

      List<String> expected = redis.streamIds("bound:events");
      assertThat(expected).hasSize(events);
      for (SseClient subscriber : subscribers) {
        assertThat(subscriber.await(events, Duration.ofSeconds(30)).stream().map(SseEvent::id))
            .containsExactlyElementsOf(expected);
      }
      assertThat(tail.mailboxPeak()).isLessThanOrEqualTo(LIMIT + READ_BATCH);
    } finally {
      stall.countDown();
      for (SseClient subscriber : subscribers) {
        subscriber.close();
      }
    }
  }

  private static double held() {
    return gateway.registry().get("gateway.feed.reader.held").counter().count();
  }
}
