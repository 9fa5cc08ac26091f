package docplanner.gateway.feed;

import static org.awaitility.Awaitility.await;
import docplanner.gateway.Gateway;
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

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Filters, heartbeats, the retry hint, subscriber tokens and SSE framing. */
class FeedOptionsIT {

  @RegisterExtension
  static final TestRedis redis = new TestRedis();

  static Gateway gateway;
  static int feed;

  @BeforeAll
  static void start() {
    gateway = TestGateways.start(redis.url(), Map.of("feed.tokens", "tok-1,tok-2", "feed.heartbeat", "1s",
        "feed.retry", "1500ms"));
    feed = gateway.config().feed().port();
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  private static String event(String name, String facility, String doctor, String tag) {
    return "{\"name\":\"" + name + "\",\"data\":{\"facility\":{\"id\":\"" + facility + "\"},\"doctor\":{\"id\":\"" + doctor
        + "\"},\"address\":{\"id\":\"1\"},\"tag\":\"" + tag + "\"},\"created_at\":\"2026-11-28T10:00:00+01:00\"}";
  }

  @Test
  void filtersByNameFacilityAndDoctor() throws Exception {
    try (SseClient names = SseClient.open(feed, "/events?names=slot-booked,booking-canceled&access_token=tok-1");
         SseClient facility = SseClient.open(feed, "/events?facility=f2&access_token=tok-1");
         SseClient both = SseClient.open(feed, "/events?facility=f1&doctor=d2,d3&access_token=tok-2");
         WsClient ws = WsClient.open(feed, "/events/ws?names=break-created&access_token=tok-1")) {
      names.status();
      facility.status();
      both.status();
      TestFeeds.awaitSubscribers(gateway, 4);
      PushClient push = TestGateways.pushClient(gateway);
      push.push(event("slot-booked", "f1", "d1", "a"));
      push.push(event("break-created", "f2", "d2", "b"));
      push.push(event("booking-canceled", "f1", "d2", "c"));
      push.push(event("presence-marked", "f1", "d3", "d"));
      push.push(event("slot-booked", "f2", "d9", "e"));
      push.push(event("slot-booked", "f3", "d2", "the end"));
      // Last, one event each subscriber wants: once it has arrived, everything before it has been
      // filtered (in stream order), so the lists below are complete, not just long enough.
      push.push(event("booking-canceled", "f1", "d3", "last-1")); // names, both
      push.push(event("break-created", "f2", "d9", "last-2")); // facility, ws

      assertThat(tags(names.await(5, Duration.ofSeconds(5)))).containsExactly("a", "c", "e", "the end", "last-1");
      assertThat(tags(facility.await(3, Duration.ofSeconds(5)))).containsExactly("b", "e", "last-2");
      assertThat(tags(both.await(3, Duration.ofSeconds(5)))).containsExactly("c", "d", "last-1");
      assertThat(ws.await(2, Duration.ofSeconds(5))).extracting(m -> m.getJsonObject("notification").getJsonObject("data")
          .getString("tag")).containsExactly("b", "last-2");
    }
  }

  private static List<String> tags(List<SseEvent> events) {
    return events.stream().map(e -> e.json().getJsonObject("notification").getJsonObject("data").getString("tag")).toList();
  }

  @Test
  void idleSubscribersGetHeartbeatsAndTheRetryHint() throws Exception {
    try (SseClient sse = SseClient.open(feed, "/events", Map.of("Authorization", "Bearer tok-2"))) {
      assertThat(sse.status()).isEqualTo(200);
      // one descriptive comment at the start, then a heartbeat comment about every second
      await("two heartbeats").atMost(Duration.ofSeconds(15)).until(() -> sse.comments().size() >= 3);
      assertThat(sse.retries()).containsExactly("1500");
      assertThat(sse.events()).isEmpty();
    }
  }

  @Test
  void subscribersWithoutAValidTokenGet401() throws Exception {
    for (Map<String, String> headers : List.of(Map.<String, String>of(), Map.of("Authorization", "Bearer nope"),
        Map.of("Authorization", "Basic dG9rLTE="))) {
      try (SseClient sse = SseClient.open(feed, "/events", headers)) {
        assertThat(sse.status()).isEqualTo(401);
        assertThat(sse.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(new JsonObject(sse.errorBody()).getInteger("status")).isEqualTo(401);
      }
    }
    try (SseClient sse = SseClient.open(feed, "/events?access_token=tok-3")) {
      assertThat(sse.status()).isEqualTo(401);
    }
    assertThatThrownBy(() -> WsClient.open(feed, "/events/ws"))
        .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(WebSocketHandshakeException.class);
    HttpResponse<String> plain = HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + feed + "/events/ws?access_token=tok-1")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(plain.statusCode()).isEqualTo(400);
  }

  @Test
  void nothingInAPayloadBreaksTheSseFraming() throws Exception {
    try (SseClient sse = SseClient.open(feed, "/events?access_token=tok-1")) {
      sse.status();
      TestFeeds.awaitSubscribers(gateway, 1);
      String evil = "{\"name\":\"odd\\nevent: injected\\r\\ndata: x\",\"data\":{\"s\":\"line1\\nline2\\r\\n\\ndata: fake\\u2028\"},"
          + "\"created_at\":\"t\"}";
      assertThat(TestGateways.pushClient(gateway).push(evil).status()).isEqualTo(200);
      // A plain event after it: once that has arrived, anything the payload could have forged is in.
      assertThat(TestGateways.pushClient(gateway).push(event("slot-booked", "f1", "d1", "after")).status()).isEqualTo(200);
      List<SseEvent> events = sse.await(2, Duration.ofSeconds(5));
      assertThat(events).hasSize(2);
      assertThat(tags(events.subList(1, 2))).containsExactly("after");
      SseEvent event = events.get(0);
      assertThat(event.event()).isEqualTo("odd event: injected  data: x");
      JsonObject envelope = event.json();
      assertThat(envelope.getString("name")).isEqualTo("odd\nevent: injected\r\ndata: x");
      assertThat(envelope.getJsonObject("notification").getJsonObject("data").getString("s"))
          .isEqualTo("line1\nline2\r\n\ndata: fake\u2028");
    }
  }
}
