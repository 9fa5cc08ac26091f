package docplanner.gateway.ops;

import docplanner.gateway.Gateway;
import docplanner.gateway.health.HealthEndpoints;
import docplanner.gateway.support.Examples;
import docplanner.gateway.support.Http;
import docplanner.gateway.support.PushClient;
import docplanner.gateway.support.PrometheusText;
import docplanner.gateway.support.SseClient;
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

/** /metrics after real traffic: every series the operators rely on is there, with the right values. */
class MetricsIT {

  @RegisterExtension
  static final TestRedis redis = new TestRedis();

  static Gateway gateway;

  @BeforeAll
  static void start() {
    gateway = TestGateways.start(redis.url(), Map.of("approval.booking-moving.policy", "deny"));
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  private static PrometheusText scrape() {
    PushClient.Answer answer = Http.get(gateway.config().feed().port(), "/metrics");
    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.contentType()).startsWith("text/plain; version=0.0.4");
    return PrometheusText.parse(answer.body());
  }

  private static String slotBooked(int n) {
    return Examples.read("slot-booked.json").replace("\"6263715\"", "\"metrics-" + n + "\"");
  }

  @Test
  void scrapeAfterRealTrafficShowsPushFeedStreamRedisAndJvmSeries() throws Exception {
    int feedPort = gateway.config().feed().port();
    PushClient push = TestGateways.pushClient(gateway);
    PrometheusText before = scrape(); // the other test may have run first: compare counters with this
    try (SseClient sse = SseClient.open(feedPort, "/events");
         WsClient ws = WsClient.open(feedPort, "/events/ws")) {
      assertThat(sse.status()).isEqualTo(200);
      awaitSubscribers(1, 1);

      for (int i = 0; i < 5; i++) {
        assertThat(push.push(slotBooked(i)).json().getBoolean("duplicate")).isFalse();
      }
      assertThat(push.push(slotBooked(0)).json().getBoolean("duplicate")).isTrue();
      assertThat(push.push("{not json").status()).isEqualTo(400);
      assertThat(push.push(Examples.read("booking-moving.json")).status()).isEqualTo(409);
      assertThat(sse.await(6, Duration.ofSeconds(10))).hasSize(6);
      assertThat(ws.await(6, Duration.ofSeconds(10))).hasSize(6);
      try (SseClient replay = SseClient.open(feedPort, "/events?since=0")) {
        assertThat(replay.await(6, Duration.ofSeconds(10))).hasSize(6);
      }

      long xlen = Long.parseLong(redis.command("XLEN", "docplanner:events"));
      // The stream snapshot is at most about a second old.
      PrometheusText metrics = await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
          .until(MetricsIT::scrape, m -> m.value("gateway_stream_length_entries") == xlen);

      assertThat(metrics.value("gateway_push_requests_total", Map.of("outcome", "stored", "event", "slot-booked")))
          .isEqualTo(5);
      assertThat(metrics.value("gateway_push_requests_total", Map.of("outcome", "duplicate", "event", "slot-booked")))
          .isEqualTo(1);
      assertThat(metrics.value("gateway_push_requests_total", Map.of("outcome", "rejected", "reason", "malformed-json")))
          .isEqualTo(1);
      assertThat(metrics.value("gateway_push_requests_total", Map.of("outcome", "stored", "event", "booking-moving")))
          .isEqualTo(1);
      assertThat(metrics.value("gateway_approval_verdicts_total",
          Map.of("event", "booking-moving", "decision", "denied", "by", "policy"))).isEqualTo(1);
      // Acknowledgement latency covers the parsed pushes (answered with a stream id or a verdict), not refusals.
      assertThat(delta(before, metrics, "gateway_push_ack_seconds_count")).isEqualTo(7);
      assertThat(metrics.find("gateway_push_ack_seconds_bucket", Map.of())).hasSizeGreaterThan(10);
      assertThat(delta(before, metrics, "gateway_push_store_seconds_count")).isEqualTo(7);
      assertThat(metrics.value("gateway_stream_length_entries")).isEqualTo(xlen);
      assertThat(metrics.value("gateway_feed_reader_lag_seconds")).isZero();
      assertThat(metrics.value("gateway_feed_subscribers", Map.of("protocol", "sse"))).isEqualTo(1);
      assertThat(metrics.value("gateway_feed_subscribers", Map.of("protocol", "ws"))).isEqualTo(1);
      assertThat(metrics.value("gateway_feed_events_sent_total")).isGreaterThanOrEqualTo(12);
      assertThat(metrics.value("gateway_feed_replays_total")).isEqualTo(1);
      assertThat(metrics.value("gateway_feed_replayed_entries_total")).isEqualTo(6);
      assertThat(metrics.value("gateway_feed_slow_disconnects_total")).isZero();
      assertThat(metrics.value("gateway_redis_errors_total", Map.of("component", "store")))
          .isEqualTo(before.value("gateway_redis_errors_total", Map.of("component", "store")));
      assertThat(metrics.value("jvm_memory_used_bytes")).isPositive();
      assertThat(metrics.value("vertx_http_server_requests_total")).isPositive();
    }
  }

  @Test
  void redisErrorsAndUnavailablePushesAreCounted() throws Exception {
    PushClient push = TestGateways.pushClient(gateway);
    // A subscriber keeps the stream reader reading, so that it meets the outage too.
    SseClient subscriber = SseClient.open(gateway.config().feed().port(), "/events");
    assertThat(subscriber.status()).isEqualTo(200);
    Http.getUntil(gateway.config().feed().port(), HealthEndpoints.READY,
        a -> "running".equals(Http.check(a, "stream").getJsonObject("data").getString("readers")), 10_000);
    redis.kill();
    try {
      assertThat(push.push(slotBooked(100)).status()).isEqualTo(503);
      PrometheusText metrics = await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
          .until(MetricsIT::scrape, m -> m.value("gateway_redis_errors_total", Map.of("component", "tailer")) > 0);
      assertThat(metrics.value("gateway_push_requests_total", Map.of("outcome", "unavailable", "event", "slot-booked")))
          .isEqualTo(1);
      assertThat(metrics.value("gateway_redis_errors_total", Map.of("component", "store"))).isEqualTo(1);
      assertThat(metrics.value("gateway_redis_errors_total", Map.of("component", "tailer"))).isPositive();
    } finally {
      redis.restart();
      subscriber.close();
    }
    Http.getUntil(gateway.config().feed().port(), HealthEndpoints.READY, a -> a.status() == 200, 20_000);
  }

  private static double delta(PrometheusText before, PrometheusText after, String name) {
    return after.value(name) - before.value(name);
  }

  private static void awaitSubscribers(int sse, int ws) {
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(MetricsIT::scrape,
        m -> m.value("gateway_feed_subscribers", Map.of("protocol", "sse")) == sse
            && m.value("gateway_feed_subscribers", Map.of("protocol", "ws")) == ws);
  }
}
