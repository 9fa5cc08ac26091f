package docplanner.gateway.docs;

import docplanner.gateway.Gateway;
import docplanner.gateway.support.Examples;
import docplanner.gateway.support.PushClient;
import docplanner.gateway.support.Schemas;
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
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What a real gateway sends subscribers matches docs/schemas: the feed envelope (SSE and WebSocket) and the reset. */
class FeedSchemaIT {

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
  void everyEnvelopeAndTheResetMatchTheirSchemas() throws Exception {
    PushClient push = TestGateways.pushClient(gateway);
    String last = null;
    for (String body : Examples.notifications().values()) {
      PushClient.Answer answer = push.push(body);
      assertThat(answer.status()).as(body).isEqualTo(200);
      last = answer.json().getString("id");
    }
    int stored = Examples.notifications().size();
    // an id the stream never had: a reset first, then everything retained
    String unknown = (Long.parseLong(last.split("-")[0]) + 60_000) + "-0";
    int feedPort = gateway.config().feed().port();
    try (SseClient sse = SseClient.open(feedPort, "/events", Map.of("Last-Event-ID", unknown));
         WsClient ws = WsClient.open(feedPort, "/events/ws?since=" + unknown)) {
      List<SseEvent> events = sse.await(1 + stored, Duration.ofSeconds(10));
      assertThat(events).hasSize(1 + stored);
      assertThat(events.get(0).event()).isEqualTo("reset");
      assertThat(Schemas.errors(Schemas.FEED_RESET, events.get(0).data())).isEmpty();
      for (SseEvent event : events.subList(1, events.size())) {
        assertThat(Schemas.errors(Schemas.FEED_ENVELOPE, event.data())).as(event.data()).isEmpty();
      }

      List<JsonObject> messages = ws.await(1 + stored, Duration.ofSeconds(10));
      assertThat(messages).hasSize(1 + stored);
      assertThat(Schemas.errors(Schemas.FEED_RESET, messages.get(0).encode())).isEmpty();
      for (JsonObject message : messages.subList(1, messages.size())) {
        assertThat(Schemas.errors(Schemas.FEED_ENVELOPE, message.encode())).as(message.encode()).isEmpty();
      }
      // the gate events carry their verdict, which the schema requires in pairs
      assertThat(messages).anySatisfy(m -> assertThat(m.getString("verdict")).isEqualTo("approved"));
    }
  }

  @Test
  void theEnvelopeSchemaRefusesAnEnvelopeWithoutItsNotification() {
    String envelope = "{\"id\":\"1-0\",\"name\":\"slot-booked\",\"source\":\"push\",\"received_at\":\"2026-11-28T04:16:13.028Z\","
        + "\"fingerprint\":\"" + "a".repeat(64) + "\"}";
    assertThat(Schemas.errors(Schemas.FEED_ENVELOPE, envelope)).isNotEmpty();
  }
}
