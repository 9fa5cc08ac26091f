package docplanner.gateway.store;

import docplanner.gateway.Gateway;
import docplanner.gateway.config.ConfigException;
import docplanner.gateway.health.HealthEndpoints;
import docplanner.gateway.support.CapturedLog;
import docplanner.gateway.support.Examples;
import docplanner.gateway.support.Http;
import docplanner.gateway.support.PushClient;
import docplanner.gateway.support.SseClient;
import docplanner.gateway.support.SseEvent;
import docplanner.gateway.support.TestGateways;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * redis.embedded: with nothing at a local redis.url, {@code auto} starts a Redis of the gateway's
 * own there (and says so in one line), {@code never} leaves it to the operator, and a remote URL is
 * never stood in for. No TestRedis here: the point is that nothing answers at the URL.
 */
class EmbeddedRedisIT {

  @RegisterExtension
  final CapturedLog log = new CapturedLog(EmbeddedRedis.class);

  @Test
  void autoStartsAnEmbeddedRedisWhenNothingAnswersAndTheGatewayWorksOnIt() throws Exception {
    int port = TestGateways.freePort();
    try (Gateway gateway = TestGateways.start("redis://127.0.0.1:" + port, Map.of("redis.embedded", "auto"))) {
      assertThat(RedisServerProcess.answersPing("127.0.0.1", port, 1000)).isTrue();
      assertThat(log.lines()).hasSize(1);
      assertThat(log.lines().get(0).getFormattedMessage())
          .contains("nothing answered at redis://127.0.0.1:" + port)
          .contains("started an embedded Redis")
          .contains("redis.embedded: never");

      PushClient.Answer ready = Http.getUntil(gateway.config().feed().port(), HealthEndpoints.READY,
          a -> a.status() == 200, 10_000);
      assertThat(ready.status()).as(ready.body()).isEqualTo(200);
      assertThat(Http.check(ready, "redis").getJsonObject("data").getBoolean("embedded")).isTrue();

      PushClient.Answer pushed = TestGateways.pushClient(gateway).push(Examples.read("slot-booked.json"));
      assertThat(pushed.status()).isEqualTo(200);
      try (SseClient subscriber = SseClient.open(gateway.config().feed().port(), "/events?since=0")) {
        List<SseEvent> events = subscriber.await(1, Duration.ofSeconds(10));
        assertThat(events).hasSize(1);
        assertThat(events.get(0).id()).isEqualTo(pushed.json().getString("id"));
        assertThat(events.get(0).event()).isEqualTo("slot-booked");
      }
    }
    // The embedded Redis is the gateway's own: it goes with it.
    assertThat(RedisServerProcess.answersPing("127.0.0.1", port, 500)).isFalse();
  }

  @Test
  void neverLeavesRedisToTheOperatorAndPushesGet503UntilItAnswers() {
    int port = TestGateways.freePort();
    try (Gateway gateway = TestGateways.start("redis://127.0.0.1:" + port,
        Map.of("redis.embedded", "never", "push.store-timeout", "300ms"))) {
      assertThat(RedisServerProcess.answersPing("127.0.0.1", port, 500)).isFalse();
      assertThat(Http.get(gateway.config().feed().port(), HealthEndpoints.READY).status()).isEqualTo(503);
      PushClient.Answer pushed = TestGateways.pushClient(gateway).push(Examples.read("slot-booked.json"));
      assertThat(pushed.status()).isEqualTo(503);
      assertThat(pushed.contentType()).startsWith("application/problem+json");
    }
  }

  @Test
  void aRemoteRedisThatIsDownIsNeverStoodInFor() {
    // TEST-NET-1 (RFC 5737): nothing answers there, and it is not this machine.
    assertThatThrownBy(() -> TestGateways.start("redis://192.0.2.1:6380",
        Map.of("redis.embedded", "auto", "redis.connect-timeout", "300ms")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("only started for a local URL");
  }
}
