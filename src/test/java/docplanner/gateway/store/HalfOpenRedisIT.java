package docplanner.gateway.store;

import ch.qos.logback.classic.spi.ILoggingEvent;
import docplanner.gateway.Gateway;
import docplanner.gateway.health.HealthEndpoints;
import docplanner.gateway.support.CapturedLog;
import docplanner.gateway.support.Http;
import docplanner.gateway.support.Notifications;
import docplanner.gateway.support.PushClient;
import docplanner.gateway.support.PushClient.Answer;
import docplanner.gateway.support.SseClient;
import docplanner.gateway.support.TcpRelay;
import docplanner.gateway.support.TestGateways;
import docplanner.gateway.support.TestRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Redis behind a relay that goes silent without a reset (a partition, a failover to a new address,
 * a NAT dropping the flow): the connections stay half-open, which the kernel alone would notice
 * after ~15 minutes. Pushes must get 503 within the store timeout and readiness go DOWN; once the
 * path is back (healed, or switched to another Redis) pushes, history reads and the live feed work
 * again within the deadlines plus a reconnect, without restarting the gateway.
 */
class HalfOpenRedisIT {

  @RegisterExtension
  static final TestRedis redis = new TestRedis();

  @RegisterExtension
  static final TestRedis promoted = new TestRedis();

  @RegisterExtension
  final CapturedLog log = new CapturedLog(RedisHealth.class);

  static final long STORE_TIMEOUT_MS = 1_000;
  static final long COMMAND_TIMEOUT_MS = 1_000;
  static final long CONNECT_TIMEOUT_MS = 500;
  /** The longest a link waits between reconnect attempts (RedisLink's backoff cap). */
  static final long BACKOFF_MS = 1_000;
  /** Room for a loaded machine; the point is "bounded", not fast. */
  static final long SLACK_MS = 2_000;
  static final Duration HEALED_WITHIN = Duration.ofMillis(STORE_TIMEOUT_MS + CONNECT_TIMEOUT_MS + BACKOFF_MS + SLACK_MS);

  static final AtomicInteger ids = new AtomicInteger();

  TcpRelay relay;
  Gateway gateway;
  PushClient push;

  @BeforeEach
  void start() {
    redis.command("FLUSHALL");
    promoted.command("FLUSHALL");
    relay = TcpRelay.to(redis.port());
    // One feed instance: the replay below must meet a stream reader that is running. Each instance
    // has its own, idle while the instance has no subscriber, and an instance whose reader cannot
    // find its position yet holds a new subscriber (with heartbeats) until Redis answers.
    gateway = TestGateways.start(relay.url(), Map.of(
        "feed.instances", 1,
        "push.store-timeout", STORE_TIMEOUT_MS + "ms",
        "redis.command-timeout", COMMAND_TIMEOUT_MS + "ms",
        "redis.connect-timeout", CONNECT_TIMEOUT_MS + "ms"));
    push = TestGateways.pushClient(gateway);
  }

  @AfterEach
  void stop() {
    gateway.close();
    relay.close();
  }

  private static String event() {
    return Notifications.slotBooked("half-open-" + ids.incrementAndGet(), "f", "d");
  }

  private Answer readiness() {
    return Http.get(gateway.config().push().port(), HealthEndpoints.READY);
  }

  /** Every push instance has a link: several pushes in a row must all be stored. */
  private boolean pushesWork() {
    for (int i = 0; i < 6; i++) {
      if (push.push(event()).status() != 200) {
        return false;
      }
    }
    return true;
  }

  private void blackholeAndSeeItRefused() {
    assertThat(push.push(event()).status()).isEqualTo(200);
    relay.blackhole();
    long start = System.nanoTime();
    Answer refused = push.push(event());
    long elapsedMs = (System.nanoTime() - start) / 1_000_000;
    assertThat(refused.status()).isEqualTo(503);
    assertThat(refused.contentType()).isEqualTo("application/problem+json");
    assertThat(elapsedMs).isLessThan(STORE_TIMEOUT_MS + SLACK_MS);
    await().atMost(Duration.ofSeconds(10)).until(() -> readiness().status() == 503);
  }

  @Test
  void aBlackholedRedisMeans503AndUnreadyThenPushesWorkAgainOnceHealedWithoutARestart() {
    blackholeAndSeeItRefused();
    int acceptedBefore = relay.accepted();

    relay.heal();
    await().atMost(HEALED_WITHIN).until(this::pushesWork);
    await().atMost(Duration.ofSeconds(5)).until(() -> readiness().status() == 200);
    // The links replaced their connections (the half-open ones were never answered again).
    assertThat(relay.accepted()).isGreaterThan(acceptedBefore);
    // One line when Redis was lost, one when it was back: not one per push or per link.
    assertThat(lines("is not answering")).isEqualTo(1);
    // Said once every link has stayed healthy a while (3 x the command timeout).
    await().atMost(Duration.ofSeconds(10)).until(() -> lines("Redis is back") == 1);
  }

  @Test
  void aSwitchToAnotherRedisIsFollowedWithinTheDeadlinesPlusOneReconnect() {
    blackholeAndSeeItRefused();
    relay.retarget(promoted.port());
    relay.heal();
    await().atMost(HEALED_WITHIN).until(this::pushesWork);
    // What is acknowledged now is in the Redis the relay switched to.
    assertThat(Long.parseLong(promoted.command("XLEN", "docplanner:events"))).isGreaterThanOrEqualTo(6);
  }

  @Test
  void historyReadsFailInsteadOfHangingAndTheLiveFeedResumesAfterwards() throws Exception {
    int feedPort = gateway.config().feed().port();
    try (SseClient live = SseClient.open(feedPort, "/events")) {
      assertThat(live.status()).isEqualTo(200);
      await().atMost(Duration.ofSeconds(10)).until(() -> gateway.streamReaderRunning() && !gateway.streamReaderIdle());
      Answer first = push.push(event());
      assertThat(first.status()).isEqualTo(200);
      assertThat(live.await(1, Duration.ofSeconds(10))).hasSize(1);

      relay.blackhole();
      // A replay needs history reads: it must end (the client resumes later), not hang.
      try (SseClient replay = SseClient.open(feedPort, "/events?since=0")) {
        assertThat(replay.awaitEnd(Duration.ofMillis(COMMAND_TIMEOUT_MS + SLACK_MS))).isTrue();
      }

      relay.heal();
      await().atMost(HEALED_WITHIN).until(this::pushesWork);
      // The stream reader's blocking read was half-open too: it is replaced within its deadline
      // (block time + command timeout) and the live subscriber gets what is stored now.
      Answer after = push.push(event());
      assertThat(after.status()).isEqualTo(200);
      await().atMost(Duration.ofSeconds(15)).until(() -> after.json().getString("id").equals(live.lastId()));
      assertThat(live.isEnded()).isFalse();
      // And a replay works again, from the beginning.
      try (SseClient replay = SseClient.open(feedPort, "/events?since=0")) {
        assertThat(replay.status()).isEqualTo(200);
        assertThat(replay.await(2, Duration.ofSeconds(10))).extracting(e -> e.id()).contains(first.json().getString("id"));
      }
    }
  }

  private long lines(String text) {
    return log.lines().stream().map(ILoggingEvent::getFormattedMessage).filter(m -> m.contains(text)).count();
  }
}
