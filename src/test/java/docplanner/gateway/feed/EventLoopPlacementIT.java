package docplanner.gateway.feed;

import docplanner.gateway.Gateway;
import docplanner.gateway.support.TestGateways;
import docplanner.gateway.support.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The process runs one event loop per core, and every feed instance has a stream reader of its own
 * on its own loop: Redis wakes the loop that writes to the instance's subscribers, with no hand-over
 * to another thread (docs/performance.md, fifteenth round). With a feed instance on every core (as
 * TestGateways runs them) the instances, and so their readers, are spread over all the loops.
 */
class EventLoopPlacementIT {

  @RegisterExtension
  static final TestRedis redis = new TestRedis();

  static Gateway gateway;

  @BeforeAll
  static void start() {
    gateway = TestGateways.start(redis.url(), Map.of("stream.key", "loops:events"));
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  @Test
  void everyFeedInstanceHasItsOwnStreamReaderOnItsOwnLoopAndThereIsOneLoopPerCore() {
    int feedInstances = gateway.connectionBudget().feedInstances();
    await().atMost(Duration.ofSeconds(10)).until(() -> gateway.feedStats().tails().size() == feedInstances
        && gateway.feedStats().tails().stream().allMatch(t -> t.hubContexts().size() == 1));

    List<StreamTail> tails = gateway.feedStats().tails();
    for (StreamTail tail : tails) {
      assertThat(TestFeeds.eventLoop(tail.hubContexts().get(0)))
          .as("the reader runs on the loop of the instance it feeds").isSameAs(TestFeeds.eventLoop(tail.context()));
    }
    Set<Object> feedLoops = tails.stream().map(t -> TestFeeds.eventLoop(t.context())).collect(Collectors.toSet());
    int cores = Runtime.getRuntime().availableProcessors();
    assertThat(feedLoops).as("feed instances spread over one loop per core").hasSize(Math.min(feedInstances, cores));
  }
}
