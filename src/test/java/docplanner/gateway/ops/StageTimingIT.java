package docplanner.gateway.ops;

import docplanner.gateway.Gateway;
import docplanner.gateway.support.Http;
import docplanner.gateway.support.Notifications;
import docplanner.gateway.support.PrometheusText;
import docplanner.gateway.support.PushClient;
import docplanner.gateway.support.SseClient;
import docplanner.gateway.support.TestGateways;
import docplanner.gateway.support.TestRedis;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * metrics.stage-timing: a push delivered to SSE subscribers shows up in every stage, on
 * /admin/stage-timing and /metrics, the per-delivery stages for one subscriber in
 * {@code FeedHub.STAGE_SAMPLE} (the first and the ninth of nine here); a reset empties them; off,
 * the route says so.
 */
class StageTimingIT {

  private static final String TOKEN = "stage-timing-admin-token-01234";

  @RegisterExtension
  static final TestRedis redis = new TestRedis();

  static Gateway on;
  static Gateway off;

  @BeforeAll
  static void start() {
    on = TestGateways.start(redis.url(), Map.of("metrics.stage-timing", true, "admin.token", TOKEN, "feed.instances", 1));
    off = TestGateways.start(redis.url(), Map.of("admin.token", TOKEN, "stream.key", "stage-timing:off"));
  }

  @AfterAll
  static void stop() {
    on.close();
    off.close();
  }

  @Test
  void everyStageOfADeliveredPushIsTimedThenResetEmptiesThem() throws Exception {
    int feedPort = on.config().feed().port();
    assertThat(admin(on, "DELETE").statusCode()).isEqualTo(204);
    PushClient push = TestGateways.pushClient(on);
    List<SseClient> subscribers = new ArrayList<>();
    try {
      for (int i = 0; i < 9; i++) {
        subscribers.add(SseClient.open(feedPort, "/events"));
        assertThat(subscribers.get(i).status()).isEqualTo(200);
      }
      awaitSubscribers(9);
      for (int i = 0; i < 3; i++) {
        assertThat(push.push(Notifications.slotBooked("stage-" + i, "1", "2")).status()).isEqualTo(200);
      }
      assertThat(push.push(Notifications.slotBooked("stage-0", "1", "2")).json().getBoolean("duplicate")).isTrue();
      for (SseClient subscriber : subscribers) {
        assertThat(subscriber.await(3, Duration.ofSeconds(10))).hasSize(3);
      }
    } finally {
      for (SseClient subscriber : subscribers) {
        subscriber.close();
      }
    }

    // The write completions are counted as they happen, all on the feed loops: wait for the last one.
    // A delivery that beat its own push's reply has no push time: it counts apart.
    Map<String, JsonObject> stages = await().atMost(Duration.ofSeconds(10)).until(() -> stages(on),
        s -> s.get("total").getLong("count") + s.get("delivered_before_reply").getLong("count") == 6);
    assertThat(stages.get("store").getLong("count")).as("three pushes stored, the duplicate not").isEqualTo(3);
    assertThat(stages.get("tail").getLong("count")).isEqualTo(3);
    // One mailbox hop per event and feed instance (one here); the writes of the subscribers at
    // positions 0 and 8 of each delivery are timed: two per event.
    assertThat(stages.get("mailbox").getLong("count")).isEqualTo(3);
    assertThat(stages.get("write").getLong("count")).isEqualTo(6);
    assertThat(stages.get("flush").getLong("count")).isEqualTo(6);
    for (String stage : new String[] {"store", "tail", "mailbox", "write", "flush", "total"}) {
      JsonObject s = stages.get(stage);
      assertThat(s.getDouble("p50_ms")).as(stage).isGreaterThanOrEqualTo(0).isLessThanOrEqualTo(s.getDouble("p99_ms"));
      assertThat(s.getDouble("max_ms")).as(stage).isLessThan(10_000);
    }

    PrometheusText metrics = PrometheusText.parse(Http.get(feedPort, "/metrics").body());
    assertThat(metrics.value("gateway_feed_stage_events", Map.of("stage", "flush"))).isEqualTo(6);
    assertThat(metrics.value("gateway_feed_stage_events", Map.of("stage", "total")))
        .isEqualTo((double) stages.get("total").getLong("count"));
    assertThat(metrics.value("gateway_feed_stage_seconds", Map.of("stage", "flush", "quantile", "0.99")))
        .isGreaterThan(0).isLessThan(10);
    assertThat(metrics.has("gateway_feed_stage_max_seconds")).isTrue();

    assertThat(admin(on, "DELETE").statusCode()).isEqualTo(204);
    assertThat(stages(on).values()).allSatisfy(s -> assertThat(s.getLong("count")).isZero());
    assertThat(stages(on).get("delivered_before_reply").getLong("count")).isZero();
  }

  @Test
  void offTheRouteSaysHowToTurnItOnAndMetricsHaveNoStages() {
    HttpResponse<String> answer = admin(off, "GET");
    assertThat(answer.statusCode()).isEqualTo(409);
    assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(answer.body()).contains("metrics.stage-timing");
    assertThat(PrometheusText.parse(Http.get(off.config().feed().port(), "/metrics").body())
        .has("gateway_feed_stage_seconds")).isFalse();
  }

  private static void awaitSubscribers(int n) {
    await().atMost(Duration.ofSeconds(10)).until(() -> PrometheusText.parse(Http.get(on.config().feed().port(), "/metrics").body())
        .value("gateway_feed_subscribers", Map.of("protocol", "sse")) == n);
  }

  /** The stages by name, and {@code delivered_before_reply} as one with only a count. */
  private static Map<String, JsonObject> stages(Gateway gateway) {
    HttpResponse<String> answer = admin(gateway, "GET");
    assertThat(answer.statusCode()).isEqualTo(200);
    JsonObject snapshot = new JsonObject(answer.body());
    JsonArray list = snapshot.getJsonArray("stages");
    Map<String, JsonObject> byName = new HashMap<>();
    byName.put("delivered_before_reply", new JsonObject().put("count", snapshot.getLong("delivered_before_reply")));
    for (int i = 0; i < list.size(); i++) {
      byName.put(list.getJsonObject(i).getString("stage"), list.getJsonObject(i));
    }
    return byName;
  }

  private static HttpResponse<String> admin(Gateway gateway, String method) {
    HttpRequest request = HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + gateway.config().feed().port() + "/admin/stage-timing"))
        .timeout(Duration.ofSeconds(10))
        .header("Authorization", "Bearer " + TOKEN)
        .method(method, HttpRequest.BodyPublishers.noBody())
        .build();
    try {
      return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
