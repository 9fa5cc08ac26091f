package docplanner.gateway.feed;

import docplanner.gateway.Gateway;
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
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A live subscriber that connects while Redis is unreachable starts where Redis says once it is
 * back, never at this machine's clock: entries stored after recovery by a Redis whose clock is
 * far behind ours (ids lower than our time) all reach it.
 */
class RedisClockBehindIT {

  @RegisterExtension
  static final TestRedis redis = new TestRedis();

  static Gateway gateway;

  @BeforeAll
  static void start() {
    gateway = TestGateways.start(redis.url(), Map.of("stream.key", "clock:events", "feed.heartbeat", "1s"));
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  @Test
  void liveSubscribersFromAnOutageGetEntriesWithIdsBehindTheLocalClock() throws Exception {
    TestGateways.pushClient(gateway); // nothing pushed: the reader idles with no position
    TestFeeds.awaitIdle(gateway);
    int feed = gateway.config().feed().port();
    redis.kill();
    try (SseClient sse = SseClient.open(feed, "/events"); WsClient ws = WsClient.open(feed, "/events/ws")) {
      assertThat(sse.status()).as("connected, waiting for Redis").isEqualTo(200);
      TestFeeds.awaitSubscribers(gateway, 2);
      await("heartbeats while waiting").atMost(Duration.ofSeconds(10)).until(() -> sse.comments().size() >= 2);

      redis.restart(); // empty, and its clock is an hour behind ours (explicit ids below)
      await("the reader has its position from Redis").atMost(Duration.ofSeconds(15))
          .until(gateway::streamReaderRunning);
      long behind = System.currentTimeMillis() - 3_600_000;
      for (int i = 1; i <= 3; i++) {
        redis.command("XADD", "clock:events", behind + "-" + i, "name", "slot-booked", "source", "push",
            "fingerprint", "fp" + i, "facility", "f1", "doctor", "d1",
            "notification", "{\"name\":\"slot-booked\",\"data\":{\"n\":" + i + "},\"created_at\":\"t\"}");
      }
      assertThat(sse.await(3, Duration.ofSeconds(10)).stream().map(SseEvent::id))
          .containsExactly(behind + "-1", behind + "-2", behind + "-3");
      assertThat(ws.await(3, Duration.ofSeconds(10)).stream().map(m -> m.getString("id")))
          .containsExactly(behind + "-1", behind + "-2", behind + "-3");
    }
  }
}
