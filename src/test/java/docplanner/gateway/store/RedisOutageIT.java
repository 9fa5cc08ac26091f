package docplanner.gateway.store;

import docplanner.gateway.Gateway;
import docplanner.gateway.support.Notifications;
import docplanner.gateway.support.PushClient;
import docplanner.gateway.support.PushClient.Answer;
import docplanner.gateway.support.SseClient;
import docplanner.gateway.support.TestGateways;
import docplanner.gateway.support.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * When Redis is gone or hung, pushes are answered 503 within push.store-timeout (never a 2xx for an
 * event that is not stored, never a hanging request); when it is back, everything resumes without
 * a restart, including the live feed.
 */
class RedisOutageIT {

  @RegisterExtension
  static final TestRedis redis = new TestRedis();

  static Gateway gateway;
  static final long STORE_TIMEOUT_MS = 1_000;
  // Generous slack for a loaded CI machine; the point is "bounded by the timeout", not speed.
  static final long SLACK_MS = 1_500;

  @BeforeAll
  static void start() {
    gateway = TestGateways.start(redis.url(), Map.of("push.store-timeout", STORE_TIMEOUT_MS + "ms"));
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  @AfterEach
  void redisBack() {
    redis.resume();
    if (!isUp()) {
      redis.restart();
    }
  }

  private static boolean isUp() {
    try {
      return "PONG".equals(redis.command("PING"));
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static Answer timedPush(PushClient push, String body, long[] elapsedMs) {
    long start = System.nanoTime();
    Answer answer = push.push(body);
    elapsedMs[0] = (System.nanoTime() - start) / 1_000_000;
    return answer;
  }

  private static void assertUnavailable(Answer answer) {
    assertThat(answer.status()).isEqualTo(503);
    assertThat(answer.contentType()).isEqualTo("application/problem+json");
    assertThat(answer.json().getString("type")).endsWith("/store-unavailable");
  }

  /** Pushes {@code body} again and again until it is acknowledged (Redis is back for the push path). */
  private static Answer pushUntilStored(PushClient push, String body) {
    return await().atMost(Duration.ofSeconds(15)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(100))
        .until(() -> push.push(body), answer -> answer.status() == 200);
  }

  @Test
  void killedRedisMeans503FastThenPushesAndTheFeedResumeWhenItIsBack() throws Exception {
    PushClient push = TestGateways.pushClient(gateway);
    try (SseClient live = SseClient.open(gateway.config().feed().port(), "/events")) {
      live.status(); // connected: its start point is fixed, whatever is pushed now reaches it
      assertThat(push.push(Notifications.slotBooked("outage-0", "f", "d")).status()).isEqualTo(200);

      redis.kill();
      long[] elapsed = new long[1];
      for (int i = 1; i <= 3; i++) {
        Answer answer = timedPush(push, Notifications.slotBooked("outage-" + i, "f", "d"), elapsed);
        assertUnavailable(answer);
        assertThat(elapsed[0]).isLessThan(STORE_TIMEOUT_MS + SLACK_MS);
      }

      redis.restart();
      Answer back = pushUntilStored(push, Notifications.slotBooked("outage-back", "f", "d"));
      assertThat(back.status()).isEqualTo(200);
      // Nothing refused was stored; the event acknowledged after the restart is there.
      assertThat(redis.command("XLEN", "docplanner:events")).isEqualTo("1");
      // The live subscriber from before the outage receives it, without reconnecting.
      assertThat(live.await(2, Duration.ofSeconds(15))).extracting(e -> e.id())
          .last().isEqualTo(back.json().getString("id"));
      assertThat(live.isEnded()).isFalse();
    }
  }

  @Test
  void hungRedisMeans503WithinTheStoreTimeoutAndNoAckForWhatWasNotConfirmed() throws Exception {
    PushClient push = TestGateways.pushClient(gateway);
    assertThat(push.push(Notifications.slotBooked("hung-0", "f", "d")).status()).isEqualTo(200);
    redis.pause();
    long[] elapsed = new long[1];
    Answer answer = timedPush(push, Notifications.slotBooked("hung-1", "f", "d"), elapsed);
    assertUnavailable(answer);
    assertThat(elapsed[0]).isBetween(STORE_TIMEOUT_MS - 50, STORE_TIMEOUT_MS + SLACK_MS);
    redis.resume();
    // Redis may still apply the command it received while hung: a later copy is then a duplicate,
    // acknowledged with the id it got; either way the event ends up stored exactly once.
    Answer retried = pushUntilStored(push, Notifications.slotBooked("hung-1", "f", "d"));
    assertThat(retried.status()).isEqualTo(200);
    assertThat(push.push(Notifications.slotBooked("hung-2", "f", "d")).json().getBoolean("duplicate")).isFalse();
  }

  @Test
  void aGatewayStartedWhileRedisIsDownServesOnceRedisIsUp() throws Exception {
    redis.kill();
    try (Gateway late = TestGateways.start(redis.url(), Map.of("push.store-timeout", STORE_TIMEOUT_MS + "ms"));
         SseClient sse = SseClient.open(late.config().feed().port(), "/events")) {
      assertThat(sse.status()).isEqualTo(200);
      PushClient push = TestGateways.pushClient(late);
      assertUnavailable(push.push(Notifications.slotBooked("late-0", "f", "d")));
      assertThat(late.streamReaderRunning()).isFalse();
      redis.restart();
      // The early subscriber starts where Redis says once it answers (never at this machine's
      // clock, which Redis' may be behind: RedisClockBehindIT); what is stored from then on reaches it.
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(15)).until(late::streamReaderRunning);
      Answer stored = pushUntilStored(push, Notifications.slotBooked("late-1", "f", "d"));
      assertThat(stored.status()).isEqualTo(200);
      assertThat(sse.await(1, Duration.ofSeconds(15))).extracting(e -> e.id()).containsExactly(stored.json().getString("id"));
    }
  }
}
