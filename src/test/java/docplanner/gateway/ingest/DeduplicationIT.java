package docplanner.gateway.ingest;

import docplanner.gateway.Gateway;
import docplanner.gateway.support.DedupeKeys;
import docplanner.gateway.support.PushClient;
import docplanner.gateway.support.PushClient.Answer;
import docplanner.gateway.support.SseClient;
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

/** Retries, release re-dispatch and pull all deliver copies; the stream must hold each event once. */
class DeduplicationIT {

  @RegisterExtension
  static final TestRedis redis = new TestRedis();

  static Gateway gateway;

  @BeforeAll
  static void start() {
    gateway = TestGateways.start(redis.url(), Map.of("dedupe.window", "3s"));
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  @Test
  void copiesSpelledAnyWayAreAckedWithTheFirstIdButStoredAndPublishedOnce() throws Exception {
    String original = "{\"name\":\"slot-booked\",\"data\":{\"facility\":{\"id\":\"1\"},\"doctor\":{\"id\":\"2\"},"
        + "\"address\":{\"id\":\"3\"},\"visit_booking\":{\"id\":\"dedupe-1\",\"price\":50,\"patient\":{\"name\":\"A\"}}},"
        + "\"created_at\":\"2026-11-28T10:00:00+01:00\"}";
    List<String> copies = List.of(
        original,
        "{\"created_at\":\"2026-11-28T10:00:00+01:00\",\"data\":{\"visit_booking\":{\"patient\":{\"name\":\"A\"},\"price\":50,"
            + "\"id\":\"dedupe-1\"},\"address\":{\"id\":\"3\"},\"doctor\":{\"id\":\"2\"},\"facility\":{\"id\":\"1\"}},\"name\":\"slot-booked\"}",
        new io.vertx.core.json.JsonObject(original).encodePrettily(),
        original.replace("\"price\":50", "\"price\":50.0"),
        original.replace("\"price\":50", "\"price\":5e1"),
        original.replace("\"name\":\"A\"", "\"name\":\"\\u0041\""));
    try (SseClient sse = SseClient.open(gateway.config().feed().port(), "/events")) {
      sse.status(); // connected: its start point is fixed, whatever is pushed now reaches it
      long before = Long.parseLong(redis.command("XLEN", "docplanner:events"));
      PushClient push = TestGateways.pushClient(gateway);
      Answer first = push.push(copies.get(0));
      assertThat(first.json().getBoolean("duplicate")).isFalse();
      for (String copy : copies.subList(1, copies.size())) {
        Answer answer = push.push(copy);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().getBoolean("duplicate")).as(copy).isTrue();
        assertThat(answer.json().getString("id")).isEqualTo(first.json().getString("id"));
      }
      assertThat(Long.parseLong(redis.command("XLEN", "docplanner:events"))).isEqualTo(before + 1);
      // A different event after the copies is the next thing subscribers see.
      Answer other = push.push(original.replace("dedupe-1", "dedupe-2"));
      // In stream order: a copy published by mistake would come before it, so no wait for one.
      List<String> ids = sse.await(2, Duration.ofSeconds(5)).stream().map(e -> e.id()).toList();
      assertThat(ids).containsExactly(first.json().getString("id"), other.json().getString("id"));
    }
  }

  @Test
  void afterTheDedupeWindowTheSameEventIsStoredAgain() throws Exception {
    String body = "{\"name\":\"break-removed\",\"data\":{\"break\":{\"id\":\"w-1\"}},\"created_at\":\"2026-11-28T11:00:00+01:00\"}";
    PushClient push = TestGateways.pushClient(gateway);
    Answer first = push.push(body);
    assertThat(push.push(body).json().getBoolean("duplicate")).isTrue();
    // What the window is: the first 16 bytes of the event's fingerprint, remembered with the stream id in the
    // index bucket of the time it was stored, which expires between one and two windows (3 s) after that.
    Duration window = Duration.ofSeconds(3);
    assertThat(DedupeKeys.values(redis, "docplanner:events", window)).contains(first.json().getString("id"));
    for (String key : DedupeKeys.of(redis, "docplanner:events", window)) {
      assertThat(Long.parseLong(redis.command("PTTL", key))).as(key).isBetween(1L, 2 * window.toMillis());
    }
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
        .until(() -> DedupeKeys.of(redis, "docplanner:events", window).isEmpty()); // expired: the window has passed
    Answer later = push.push(body);
    assertThat(later.json().getBoolean("duplicate")).isFalse();
    assertThat(later.json().getString("id")).isNotEqualTo(first.json().getString("id"));
  }
}
