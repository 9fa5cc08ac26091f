package docplanner.gateway.store;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import docplanner.gateway.Gateway;
import docplanner.gateway.health.HealthEndpoints;
import docplanner.gateway.support.CapturedLog;
import docplanner.gateway.support.Http;
import docplanner.gateway.support.Notifications;
import docplanner.gateway.support.PushClient;
import docplanner.gateway.support.PushClient.Answer;
import docplanner.gateway.support.TestGateways;
import docplanner.gateway.support.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Redis at {@code maxmemory} with {@code noeviction} refuses every write with {@code -OOM}: pushes
 * get 503 with nothing stored, readiness goes DOWN (the load balancer stops sending pushes here),
 * one log line names the cause and the fix, and everything is back once memory is freed.
 */
class RedisFullIT {

  @RegisterExtension
  static final TestRedis redis = new TestRedis();

  @RegisterExtension
  final CapturedLog log = new CapturedLog(RedisHealth.class);

  static Gateway gateway;

  @BeforeAll
  static void start() {
    gateway = TestGateways.start(redis.url(), Map.of("push.store-timeout", "1s"));
  }

  @AfterAll
  static void stop() {
    redis.command("CONFIG", "SET", "maxmemory", "0");
    gateway.close();
  }

  @Test
  void aFullRedisMeans503AndUnreadyWithOneLineNamingTheFixUntilMemoryIsFreed() {
    PushClient push = TestGateways.pushClient(gateway);
    int port = gateway.config().push().port();
    assertThat(push.push(Notifications.slotBooked("full-0", "f", "d")).status()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(10)).until(() -> Http.get(port, HealthEndpoints.READY).status() == 200);
    String lengthBefore = redis.command("XLEN", "docplanner:events");

    redis.command("CONFIG", "SET", "maxmemory-policy", "noeviction");
    redis.command("CONFIG", "SET", "maxmemory", "1");
    for (int i = 1; i <= 10; i++) {
      Answer refused = push.push(Notifications.slotBooked("full-" + i, "f", "d"));
      assertThat(refused.status()).isEqualTo(503);
      assertThat(refused.contentType()).isEqualTo("application/problem+json");
    }
    assertThat(redis.command("XLEN", "docplanner:events")).isEqualTo(lengthBefore);
    Answer down = Http.get(port, HealthEndpoints.READY);
    assertThat(down.status()).isEqualTo(503);
    assertThat(Http.check(down, "redis").getJsonObject("data").getString("error")).contains("OOM");
    List<ILoggingEvent> refusals = log.lines().stream()
        .filter(line -> line.getFormattedMessage().contains("refuses writes")).toList();
    assertThat(refusals).hasSize(1);
    assertThat(refusals.get(0).getLevel()).isEqualTo(Level.ERROR);
    assertThat(refusals.get(0).getFormattedMessage()).contains("OOM").contains("maxmemory").contains("noeviction");

    redis.command("CONFIG", "SET", "maxmemory", "0");
    await().atMost(Duration.ofSeconds(10)).until(() -> Http.get(port, HealthEndpoints.READY).status() == 200);
    assertThat(push.push(Notifications.slotBooked("full-11", "f", "d")).status()).isEqualTo(200);
    assertThat(log.lines().stream().filter(line -> line.getFormattedMessage().contains("accepts writes again"))).hasSize(1);
  }
}
