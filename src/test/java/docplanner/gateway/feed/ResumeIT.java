package docplanner.gateway.feed;

import docplanner.gateway.Gateway;
import docplanner.gateway.support.Burst;
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

/**
 * Subscribers that disconnect in the middle of a live burst and come back with Last-Event-ID or
 * since= see every event exactly once, in stream order: replay and live hand over with no gap and
 * no duplicate while events keep arriving.
 */
class ResumeIT {

  @RegisterExtension
  static final TestRedis redis = new TestRedis();

  static Gateway gateway;

  @BeforeAll
  static void start() {
    // A small replay page makes the replay/live hand-over happen many times per test.
    gateway = TestGateways.start(redis.url(), Map.of("feed.replay-batch", 37, "stream.key", "resume:events"));
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  private static List<String> streamIds() {
    return redis.streamIds("resume:events");
  }

  private static List<String> ids(List<SseEvent> events) {
    return events.stream().map(SseEvent::id).toList();
  }

  @Test
  void sseAndWebSocketSubscribersResumingMidBurstSeeEveryEventOnceInOrder() throws Exception {
    int feed = gateway.config().feed().port();
    int total = 1_500;
    Burst burst = Burst.start(TestGateways.pushClient(gateway), total, 4, "resume");
    burst.awaitAcked(100);

    // 1. SSE from all history while the burst runs, cut off half-way, resumed with Last-Event-ID.
    SseClient first = SseClient.open(feed, "/events?since=0");
    first.await(400, Duration.ofSeconds(30));
    first.close();
    first.awaitEnd(Duration.ofSeconds(5));
    List<String> firstIds = ids(first.events());
    SseClient second = SseClient.open(feed, "/events?since=0", Map.of("Last-Event-ID", first.lastId()));

    // 2. SSE resumed with since= from an id in the middle.
    burst.awaitAcked(700);
    SseClient fromMiddle = SseClient.open(feed, "/events?since=" + firstIds.get(199));

    // 3. WebSocket from all history, cut off, resumed with since=.
    WsClient ws1 = WsClient.open(feed, "/events/ws?since=0");
    ws1.await(600, Duration.ofSeconds(30));
    ws1.close();
    List<String> wsIds = new ArrayList<>(ws1.messages().stream().map(m -> m.getString("id")).toList());
    WsClient ws2 = WsClient.open(feed, "/events/ws?since=" + wsIds.get(wsIds.size() - 1));

    burst.join();
    assertThat(burst.failures()).isEmpty();
    List<String> expected = streamIds(); // the burst, plus what other tests stored before it
    assertThat(expected).containsAll(burst.acked());
    int all = expected.size();

    List<String> sseIds = new ArrayList<>(firstIds);
    sseIds.addAll(ids(second.await(all - firstIds.size(), Duration.ofSeconds(30))));
    assertThat(sseIds).containsExactlyElementsOf(expected);

    int middle = expected.indexOf(firstIds.get(199)) + 1;
    assertThat(ids(fromMiddle.await(all - middle, Duration.ofSeconds(30)))).containsExactlyElementsOf(expected.subList(middle, all));

    int beforeResume = wsIds.size();
    wsIds.addAll(ws2.await(all - beforeResume, Duration.ofSeconds(30)).stream().map(m -> m.getString("id")).toList());
    assertThat(wsIds).containsExactlyElementsOf(expected);

    // One more event: once it arrives, nothing can trail behind it (stream order), so the counts
    // below prove there were no duplicates.
    String last = TestFeeds.push(gateway, 1, "resume-last").get(0);
    assertThat(ids(second.await(all - firstIds.size() + 1, Duration.ofSeconds(10)))).endsWith(last);
    assertThat(ws2.await(all - beforeResume + 1, Duration.ofSeconds(10))).last()
        .extracting(m -> m.getString("id")).isEqualTo(last);
    assertThat(second.events()).hasSize(all - firstIds.size() + 1);
    assertThat(ws2.messages()).hasSize(all - beforeResume + 1);
    second.close();
    fromMiddle.close();
    ws2.close();
  }

  @Test
  void theLastEventIdHeaderWinsOverTheSinceOfTheOriginalUrl() throws Exception {
    List<String> ids = TestFeeds.push(gateway, 5, "header-wins");
    try (SseClient sse = SseClient.open(gateway.config().feed().port(), "/events?since=" + ids.get(0),
        Map.of("Last-Event-ID", ids.get(3)))) {
      // Pushed once it is live: when this one arrives, everything the resume point gave has too.
      TestFeeds.awaitSubscribers(gateway, 1);
      String after = TestFeeds.push(gateway, 1, "header-wins-after").get(0);
      List<SseEvent> events = sse.await(2, Duration.ofSeconds(5));
      assertThat(ids(sse.events())).containsExactly(ids.get(4), after);
      assertThat(events.get(0).json().getString("id")).isEqualTo(ids.get(4));
    }
  }

  @Test
  void sinceZeroReplaysAllRetainedHistoryWithoutAReset() throws Exception {
    TestFeeds.push(gateway, 3, "all-history");
    List<String> expected = streamIds();
    try (SseClient sse = SseClient.open(gateway.config().feed().port(), "/events?since=0")) {
      assertThat(ids(sse.await(expected.size(), Duration.ofSeconds(10)))).containsExactlyElementsOf(expected);
      assertThat(sse.events()).noneMatch(e -> e.event().equals("reset"));
    }
  }

  @Test
  void aTrimmedResumeIdGetsAResetNamingItAndTheOldestThenTheRetainedHistory() throws Exception {
    List<String> ids = TestFeeds.push(gateway, 4, "trimmed");
    String gone = ids.get(0);
    redis.command("XTRIM", "resume:events", "MINID", ids.get(1));
    List<String> retained = streamIds();
    try (SseClient sse = SseClient.open(gateway.config().feed().port(), "/events", Map.of("Last-Event-ID", gone));
         WsClient ws = WsClient.open(gateway.config().feed().port(), "/events/ws?since=" + gone)) {
      List<SseEvent> events = sse.await(1 + retained.size(), Duration.ofSeconds(10));
      SseEvent reset = events.get(0);
      assertThat(reset.event()).isEqualTo("reset");
      assertThat(reset.id()).isNull();
      assertThat(reset.json()).isEqualTo(new JsonObject().put("type", "reset").put("requested", gone)
          .put("oldest", retained.get(0)).put("reason", "trimmed"));
      assertThat(ids(events.subList(1, events.size()))).containsExactlyElementsOf(retained);

      List<JsonObject> messages = ws.await(1 + retained.size(), Duration.ofSeconds(10));
      assertThat(messages.get(0).getString("type")).isEqualTo("reset");
      assertThat(messages.get(0).getString("oldest")).isEqualTo(retained.get(0));
      assertThat(messages.subList(1, messages.size()).stream().map(m -> m.getString("id")).toList())
          .containsExactlyElementsOf(retained);
    }
  }

  @Test
  void anUnknownResumeIdGetsAResetToo() throws Exception {
    List<String> ids = TestFeeds.push(gateway, 2, "unknown");
    String last = ids.get(1);
    String future = (Long.parseLong(last.split("-")[0]) + 10_000) + "-0";
    for (String requested : new String[] {future, "not-an-id"}) {
      try (SseClient sse = SseClient.open(gateway.config().feed().port(), "/events", Map.of("Last-Event-ID", requested))) {
        SseEvent reset = sse.await(1, Duration.ofSeconds(5)).get(0);
        assertThat(reset.event()).isEqualTo("reset");
        assertThat(reset.json().getString("requested")).isEqualTo(requested);
        assertThat(reset.json().getString("reason")).isEqualTo("unknown");
        assertThat(reset.json().getString("oldest")).isEqualTo(streamIds().get(0));
      }
    }
  }

  @Test
  void aMalformedSinceIsABadRequest() throws Exception {
    try (SseClient sse = SseClient.open(gateway.config().feed().port(), "/events?since=yesterday")) {
      assertThat(sse.status()).isEqualTo(400);
      assertThat(sse.header("Content-Type")).isEqualTo("application/problem+json");
      assertThat(new JsonObject(sse.errorBody()).getString("type")).endsWith("/invalid-since");
    }
  }
}
