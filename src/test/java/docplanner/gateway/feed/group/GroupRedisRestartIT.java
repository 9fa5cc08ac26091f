package docplanner.gateway.feed.group;

import docplanner.gateway.Gateway;
import docplanner.gateway.support.PushClient;
import docplanner.gateway.support.TestGateways;
import docplanner.gateway.support.TestRedis;
import docplanner.gateway.support.WsClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Redis restarted without its data under a connected group consumer: the group is created again
 * and every event stored after the restart reaches the consumer; nothing spins meanwhile.
 */
class GroupRedisRestartIT {

  @RegisterExtension
  static final TestRedis redis = new TestRedis();

  static Gateway gateway;

  @BeforeAll
  static void start() {
    gateway = TestGateways.start(redis.url(), Map.of("groups.visibility-timeout", "3s"));
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  private static String body(int n) {
    return "{\"name\":\"slot-booked\",\"data\":{\"n\":" + n + "},\"created_at\":\"2026-11-28T10:00:00+01:00\"}";
  }

  @Test
  void aConsumerConnectedAcrossAnEmptyRestartGetsEveryLaterEvent() throws Exception {
    PushClient push = TestGateways.pushClient(gateway);
    try (WsClient ws = WsClient.open(gateway.config().feed().port(), "/events/ws?group=survivor&consumer=s")) {
      ws.await(1, Duration.ofSeconds(10));
      String before = push.push(body(0)).json().getString("id");
      ws.await(2, Duration.ofSeconds(10));
      ws.send(new JsonObject().put("ack", before).encode());

      redis.kill();
      redis.restart();
      List<String> after = new ArrayList<>();
      for (int n = 1; n <= 5; n++) {
        int i = n;
        // The first pushes may meet the links still reconnecting: retried until stored.
        PushClient.Answer answer = await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
            .until(() -> push.push(body(i)), a -> a.status() == 200);
        after.add(answer.json().getString("id"));
      }
      await().atMost(Duration.ofSeconds(20)).until(() -> ws.deliveries().size() >= 6);
      assertThat(ws.deliveries()).extracting(m -> m.getString("id")).containsExactly(
          before, after.get(0), after.get(1), after.get(2), after.get(3), after.get(4));
      assertThat(redis.command("XINFO", "GROUPS", "docplanner:events")).contains("survivor");
    }
  }
}
