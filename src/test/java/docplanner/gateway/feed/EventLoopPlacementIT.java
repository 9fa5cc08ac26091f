package docplanner.gateway.feed;

import docplanner.gateway.Gateway;
import docplanner.gateway.support.TestGateways;
import docplanner.gateway.support.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With a feed instance on every core (as TestGateways runs them) the process runs one event loop per core, and
 * the stream reader shares its loop with a feed instance: that instance's subscribers get each
 * event without a hand-over to another thread (docs/performance.md, sixth round).
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
  void theStreamReaderSharesItsEventLoopWithAFeedInstanceAndThereIsOneLoopPerCore() {
    StreamTail tail = gateway.feedStats().tail();
    int feedInstances = gateway.connectionBudget().feedInstances();
    await().atMost(Duration.ofSeconds(10)).until(() -> tail.hubContexts().size() == feedInstances);

    Set<Object> feedLoops = tail.hubContexts().stream().map(TestFeeds::eventLoop).collect(Collectors.toSet());
    assertThat(feedLoops).contains(TestFeeds.eventLoop(tail.context()));
    int cores = Runtime.getRuntime().availableProcessors();
    assertThat(feedLoops).as("feed instances spread over one loop per core").hasSize(Math.min(feedInstances, cores));
  }
}
