package docplanner.gateway.feed;

import docplanner.gateway.Gateway;
import docplanner.gateway.ingest.NotificationParser;
import docplanner.gateway.support.Examples;
import docplanner.gateway.support.PushClient;
import docplanner.gateway.support.SseClient;
import docplanner.gateway.support.SseEvent;
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

/** Every example body of the upstream contract goes in once and comes out on SSE and WebSocket with the right envelope. */
class ExamplesEndToEndIT {

  @RegisterExtension
  static final TestRedis redis = new TestRedis();

  static Gateway gateway;

  @BeforeAll
  static void start() {
    gateway = TestGateways.start(redis.url());
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  @Test
  void everyExampleIsStoredOnceAndDeliveredOnSseAndWebSocketWithItsEnvelope() throws Exception {
    int feedPort = gateway.config().feed().port();
    Map<String, String> examples = Examples.notifications();
    try (SseClient sse = SseClient.open(feedPort, "/events");
         WsClient ws = WsClient.open(feedPort, "/events/ws")) {
      assertThat(sse.status()).isEqualTo(200);
      assertThat(sse.header("Content-Type")).startsWith("text/event-stream");
      assertThat(sse.header("Cache-Control")).isEqualTo("no-cache");
      assertThat(sse.header("X-Accel-Buffering")).isEqualTo("no");
      TestFeeds.awaitSubscribers(gateway, 2); // both registered before the first push

      long before = Long.parseLong(redis.command("XLEN", "docplanner:events"));
      PushClient push = TestGateways.pushClient(gateway);
      List<String> ids = new ArrayList<>();
      for (String body : examples.values()) {
        PushClient.Answer answer = push.push(body);
        assertThat(answer.status()).as(body).isEqualTo(200);
        assertThat(answer.json().getBoolean("duplicate")).isFalse();
        ids.add(answer.json().getString("id"));
      }
      assertThat(Long.parseLong(redis.command("XLEN", "docplanner:events"))).isEqualTo(before + examples.size());

      List<SseEvent> events = sse.await(examples.size(), Duration.ofSeconds(10));
      List<JsonObject> messages = ws.await(examples.size(), Duration.ofSeconds(10));
      assertThat(events).hasSize(examples.size());
      assertThat(messages).hasSize(examples.size());

      int i = 0;
      for (String body : examples.values()) {
        JsonObject original = new JsonObject(body);
        SseEvent event = events.get(i);
        JsonObject envelope = event.json();
        assertThat(event.id()).isEqualTo(ids.get(i));
        assertThat(event.event()).isEqualTo(original.getString("name"));
        assertThat(envelope.getString("id")).isEqualTo(ids.get(i));
        assertThat(envelope.getString("name")).isEqualTo(original.getString("name"));
        assertThat(envelope.getString("source")).isEqualTo("push");
        assertThat(envelope.getString("received_at")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        // Entries no longer carry it: the feed computes it from the stored notification, as at ingest.
        assertThat(envelope.getString("fingerprint"))
            .isEqualTo(new NotificationParser().parse(io.vertx.core.buffer.Buffer.buffer(body)).fingerprint());
        assertThat(envelope.getJsonObject("notification")).isEqualTo(original);
        boolean blocking = original.getString("name").equals("slot-booking") || original.getString("name").equals("booking-moving");
        assertThat(envelope.containsKey("verdict")).isEqualTo(blocking);
        if (blocking) {
          assertThat(envelope.getString("verdict")).isEqualTo("approved");
        }
        assertThat(messages.get(i)).isEqualTo(envelope);
        i++;
      }
    }
  }

  @Test
  void theNotificationIsTheOriginalEnvelopeAsCompactJson() throws Exception {
    String body = "{\n  \"name\" : \"break-created\",\n  \"data\" : {\"facility\":{\"id\":\"9\"},\"doctor\":{\"id\":\"8\"},"
        + "\"address\":{\"id\":\"7\"},\"break\":{\"id\":\"b-1\",\"since\":\"2026-12-01T10:00:00+01:00\",\"till\":\"x\"},"
        + "\"price\": 50.0, \"note\": \"A\\u0041 \\n line\"},\n  \"created_at\" : \"2026-11-28T10:00:00+01:00\"\n}";
    try (SseClient sse = SseClient.open(gateway.config().feed().port(), "/events")) {
      sse.status();
      TestFeeds.awaitSubscribers(gateway, 1);
      assertThat(TestGateways.pushClient(gateway).push(body).status()).isEqualTo(200);
      SseEvent event = sse.await(1, Duration.ofSeconds(5)).get(0);
      String data = event.data();
      assertThat(data).endsWith(",\"notification\":{\"name\":\"break-created\",\"data\":{\"facility\":{\"id\":\"9\"},"
          + "\"doctor\":{\"id\":\"8\"},\"address\":{\"id\":\"7\"},\"break\":{\"id\":\"b-1\",\"since\":\"2026-12-01T10:00:00+01:00\","
          + "\"till\":\"x\"},\"price\":50.0,\"note\":\"A\\u0041 \\n line\"},\"created_at\":\"2026-11-28T10:00:00+01:00\"}}");
    }
  }
}
