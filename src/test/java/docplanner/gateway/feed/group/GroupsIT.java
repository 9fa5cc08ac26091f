package docplanner.gateway.feed.group;

import docplanner.gateway.Gateway;
import docplanner.gateway.support.CapturedLog;
import docplanner.gateway.support.Http;
import docplanner.gateway.support.PrometheusText;
import docplanner.gateway.support.PushClient;
import docplanner.gateway.support.SseClient;
import docplanner.gateway.support.SseEvent;
import docplanner.gateway.support.TestGateways;
import docplanner.gateway.support.TestRedis;
import docplanner.gateway.support.WsClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Consumer groups over real HTTP against a real Redis, two gateway replicas: work sharing, acks over
 * WebSocket and POST, nack, redelivery after the visibility timeout, pending-first on reconnect,
 * dead letters and their replay to one group only, NOGROUP recovery, filters, bad names, metrics.
 * A visibility timeout of 1 s and 2 deliveries keep the timing tests short.
 */
class GroupsIT {

  static final String STREAM = "groups:events";
  static final String ADMIN = "admin-token-0123456789";
  static final Duration WAIT = Duration.ofSeconds(15);
  static final AtomicInteger TAGS = new AtomicInteger();

  @RegisterExtension
  static final TestRedis redis = new TestRedis();

  @RegisterExtension
  final CapturedLog dispatcherLog = new CapturedLog(GroupDispatcher.class);

  static Gateway gateway;
  static Gateway replica;
  static int feed;
  static PushClient push;

  @BeforeAll
  static void start() {
    Map<String, Object> settings = Map.of("stream.key", STREAM, "groups.visibility-timeout", "1s",
        "groups.max-deliveries", 2, "admin.token", ADMIN);
    gateway = TestGateways.start(redis.url(), settings);
    replica = TestGateways.start(redis.url(), settings);
    feed = gateway.config().feed().port();
    push = TestGateways.pushClient(gateway);
  }

  @AfterAll
  static void stop() {
    replica.close();
    gateway.close();
  }

  private static String pushEvent(String name) {
    String body = "{\"name\":\"" + name + "\",\"data\":{\"facility\":{\"id\":\"f1\"},\"doctor\":{\"id\":\"d1\"},"
        + "\"address\":{\"id\":\"1\"},\"tag\":\"t" + TAGS.incrementAndGet() + "\"},\"created_at\":\"2026-11-28T10:00:00+01:00\"}";
    PushClient.Answer answer = push.push(body);
    assertThat(answer.status()).isEqualTo(200);
    return answer.json().getString("id");
  }

  private static String pushEvent() {
    return pushEvent("slot-booked");
  }

  private static PushClient.Answer post(int port, String path, String body, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> response = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    return new PushClient.Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
        response.body());
  }

  private static JsonObject admin(String path) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + feed + path))
        .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + ADMIN).GET().build();
    HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return new JsonObject(response.body());
  }

  private static String ackBody(String group, String consumer, List<String> ids) {
    return new JsonObject().put("group", group).put("consumer", consumer).put("ids", new JsonArray(ids)).encode();
  }

  /** Entries the group holds unacknowledged, as Redis says. */
  private static long pending(String group) {
    Object summary = docplanner.gateway.support.RedisCommands.value("127.0.0.1", redis.port(), "XPENDING", STREAM, group);
    return (Long) ((List<?>) summary).get(0);
  }

  private static List<JsonObject> deliveries(WsClient ws) {
    return ws.deliveries();
  }

  private static List<SseEvent> groupEvents(SseClient sse) {
    return sse.events().stream().filter(e -> !"subscribed".equals(e.event()) && !"reset".equals(e.event())).toList();
  }

  @Test
  void sseGroupStartsAtNewEventsSaysWhoItIsAndTakesAcksOverPost() throws Exception {
    String old = pushEvent();
    try (SseClient sse = SseClient.open(feed, "/events?group=billing&consumer=b-1")) {
      assertThat(sse.status()).isEqualTo(200);
      List<SseEvent> first = sse.await(1, WAIT);
      assertThat(first.get(0).event()).isEqualTo("subscribed");
      assertThat(first.get(0).id()).isNull();
      assertThat(first.get(0).json()).isEqualTo(new JsonObject().put("type", "subscribed").put("group", "billing")
          .put("consumer", "b-1"));
      // Group consumers are subscribers too (an earlier test's may still be closing).
      await().atMost(WAIT).until(() -> gateway.feedStats().subscribers("sse") == 1);
      List<String> ids = List.of(pushEvent(), pushEvent(), pushEvent());
      await().atMost(WAIT).until(() -> groupEvents(sse).size() >= 3);
      List<SseEvent> got = groupEvents(sse);
      assertThat(got).extracting(SseEvent::id).containsExactlyElementsOf(ids).doesNotContain(old);
      for (SseEvent event : got) {
        JsonObject envelope = event.json();
        assertThat(event.event()).isEqualTo("slot-booked");
        assertThat(envelope.getString("id")).isEqualTo(event.id());
        assertThat(envelope.getString("group")).isEqualTo("billing");
        assertThat(envelope.getInteger("deliveries")).isEqualTo(1);
        assertThat(envelope.getJsonObject("notification").getString("name")).isEqualTo("slot-booked");
      }
      assertThat(pending("billing")).isEqualTo(3);
      PushClient.Answer acked = post(feed, "/events/ack", ackBody("billing", "b-1", ids), null);
      assertThat(acked.status()).isEqualTo(200);
      assertThat(acked.json().getInteger("acked")).isEqualTo(3);
      // Twice is harmless, and counts only what was pending.
      assertThat(post(feed, "/events/ack", ackBody("billing", "b-1", ids), null).json().getInteger("acked")).isZero();
      assertThat(pending("billing")).isZero();
    }
  }

  @Test
  void groupCreatedFromSinceGetsRetainedEventsAndTakesAcksOverWebSocket() throws Exception {
    String a = pushEvent();
    String b = pushEvent();
    List<String> all = redis.streamIds(STREAM);
    try (WsClient ws = WsClient.open(feed, "/events/ws?group=audit&consumer=w-1&since=0")) {
      ws.await(1 + all.size(), WAIT);
      assertThat(ws.messages().get(0)).isEqualTo(new JsonObject().put("type", "subscribed").put("group", "audit")
          .put("consumer", "w-1"));
      List<String> ids = deliveries(ws).stream().map(m -> m.getString("id")).toList();
      assertThat(ids).containsExactlyElementsOf(all).contains(a, b);
      ws.send(new JsonObject().put("ack", new JsonArray(ids.subList(1, ids.size()))).encode());
      ws.send(new JsonObject().put("ack", ids.get(0)).encode());
      await().atMost(WAIT).until(() -> pending("audit") == 0);
      // A malformed frame is answered, and the connection stays.
      ws.send("{\"ack\":42}");
      ws.await(2 + all.size(), WAIT);
      assertThat(ws.messages().get(ws.messages().size() - 1).getString("type")).isEqualTo("error");
      String c = pushEvent();
      await().atMost(WAIT).until(() -> deliveries(ws).stream().anyMatch(m -> m.getString("id").equals(c)));
    }
  }

  @Test
  void consumersOnTwoReplicasShareTheWorkEachEventOnce() throws Exception {
    try (WsClient one = WsClient.open(feed, "/events/ws?group=share&consumer=one");
         WsClient two = WsClient.open(replica.config().feed().port(), "/events/ws?group=share&consumer=two")) {
      one.await(1, WAIT);
      two.await(1, WAIT);
      List<String> pushed = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        pushed.add(pushEvent());
      }
      Set<String> acked = new HashSet<>();
      await().atMost(WAIT).until(() -> {
        for (WsClient ws : List.of(one, two)) {
          List<String> fresh = new ArrayList<>();
          for (JsonObject m : deliveries(ws)) {
            if (acked.add(m.getString("id"))) {
              fresh.add(m.getString("id"));
            }
          }
          if (!fresh.isEmpty()) {
            ws.send(new JsonObject().put("ack", new JsonArray(fresh)).encode());
          }
        }
        return acked.containsAll(pushed);
      });
      List<String> all = new ArrayList<>();
      deliveries(one).forEach(m -> all.add(m.getString("id")));
      deliveries(two).forEach(m -> all.add(m.getString("id")));
      assertThat(all).containsExactlyInAnyOrderElementsOf(pushed); // each exactly once
      assertThat(deliveries(one)).isNotEmpty();
      assertThat(deliveries(two)).isNotEmpty();
      await().atMost(WAIT).until(() -> pending("share") == 0);
    }
  }

  @Test
  void nackRedeliversAtOnceAndUnackedEventsComeBackAfterTheVisibilityTimeout() throws Exception {
    try (WsClient ws = WsClient.open(feed, "/events/ws?group=retry&consumer=r-1")) {
      ws.await(1, WAIT);
      String id = pushEvent();
      ws.await(2, WAIT);
      assertThat(deliveries(ws).get(0).getInteger("deliveries")).isEqualTo(1);
      long nacked = System.nanoTime();
      ws.send(new JsonObject().put("nack", id).encode());
      ws.await(3, WAIT);
      // Well before the 1 s visibility timeout since the delivery: the nack, not the sweep.
      assertThat(Duration.ofNanos(System.nanoTime() - nacked)).isLessThan(Duration.ofMillis(900));
      assertThat(deliveries(ws).get(1).getString("id")).isEqualTo(id);
      assertThat(deliveries(ws).get(1).getInteger("deliveries")).isEqualTo(2);
      ws.send(new JsonObject().put("ack", id).encode());
      await().atMost(WAIT).until(() -> pending("retry") == 0);
    }
    try (SseClient sse = SseClient.open(feed, "/events?group=slow&consumer=s-1")) {
      sse.await(1, WAIT);
      String id = pushEvent();
      await().atMost(WAIT).until(() -> groupEvents(sse).size() >= 2); // not acknowledged: again after 1 s
      List<SseEvent> got = groupEvents(sse);
      assertThat(got).extracting(SseEvent::id).containsExactly(id, id);
      assertThat(got.get(1).json().getInteger("deliveries")).isEqualTo(2);
      assertThat(post(feed, "/events/ack", ackBody("slow", "s-1", List.of(id)), null).json().getInteger("acked")).isEqualTo(1);
    }
  }

  @Test
  void aConsumerReconnectingUnderItsNameGetsItsOwnPendingEventsFirst() throws Exception {
    List<String> first;
    try (WsClient ws = WsClient.open(feed, "/events/ws?group=resume&consumer=same")) {
      ws.await(1, WAIT);
      first = List.of(pushEvent(), pushEvent());
      ws.await(3, WAIT);
    }
    // Once the server knows it left (else the next event could still be read for the old connection).
    await().atMost(WAIT).until(() -> gateway.feedStats().subscribers("ws") == 0);
    String later = pushEvent();
    try (WsClient again = WsClient.open(feed, "/events/ws?group=resume&consumer=same")) {
      again.await(4, WAIT);
      List<JsonObject> got = deliveries(again);
      assertThat(got).extracting(m -> m.getString("id")).containsExactly(first.get(0), first.get(1), later);
      assertThat(got).extracting(m -> m.getInteger("deliveries")).containsExactly(2, 2, 1);
      again.send(new JsonObject().put("ack", new JsonArray(List.of(first.get(0), first.get(1), later))).encode());
      await().atMost(WAIT).until(() -> pending("resume") == 0);
    }
  }

  @Test
  void afterMaxDeliveriesAnEventIsDeadLetteredListedAndReplayedToItsGroupOnly() throws Exception {
    try (SseClient dead = SseClient.open(feed, "/events?group=fragile&consumer=never-acks");
         WsClient other = WsClient.open(feed, "/events/ws?group=bystander&consumer=acks");
         WsClient broadcast = WsClient.open(feed, "/events/ws")) {
      dead.await(1, WAIT);
      other.await(1, WAIT);
      String id = pushEvent();
      other.await(2, WAIT);
      other.send(new JsonObject().put("ack", id).encode());
      await().atMost(WAIT).until(() -> !admin("/admin/groups/fragile/dead").getJsonArray("dead").isEmpty());
      assertThat(groupEvents(dead)).extracting(e -> e.json().getInteger("deliveries")).containsExactly(1, 2);
      JsonObject letter = admin("/admin/groups/fragile/dead").getJsonArray("dead").getJsonObject(0);
      assertThat(letter.getString("id")).isEqualTo(id);
      assertThat(letter.getInteger("deliveries")).isEqualTo(2);
      assertThat(letter.getString("consumer")).isEqualTo("never-acks");
      assertThat(letter.getJsonObject("notification").getString("name")).isEqualTo("slot-booked");
      assertThat(pending("fragile")).isZero();
      assertThat(redis.command("XLEN", "{" + STREAM + "}:dead:fragile")).isEqualTo("1");

      JsonObject groups = admin("/admin/groups");
      JsonObject fragile = groups.getJsonArray("groups").stream().map(JsonObject.class::cast)
          .filter(g -> g.getString("group").equals("fragile")).findFirst().orElseThrow();
      assertThat(fragile.getLong("dead_letters")).isEqualTo(1);
      assertThat(fragile.getJsonArray("consumers").getJsonObject(0).getString("consumer")).isEqualTo("never-acks");

      PushClient.Answer replay = post(feed, "/admin/groups/fragile/dead/replay", "", ADMIN);
      assertThat(replay.status()).as(replay.body()).isEqualTo(200);
      assertThat(replay.json().getJsonArray("replayed")).containsExactly(id);
      await().atMost(WAIT).until(() -> groupEvents(dead).size() >= 3);
      SseEvent replayed = groupEvents(dead).get(2);
      assertThat(replayed.id()).isEqualTo(id);
      assertThat(replayed.json().getInteger("deliveries")).isEqualTo(1);
      assertThat(post(feed, "/events/ack", ackBody("fragile", "never-acks", List.of(id)), null).json().getInteger("acked"))
          .isEqualTo(1);
      assertThat(admin("/admin/groups/fragile/dead").getJsonArray("dead")).isEmpty();
      // Neither the other group nor the broadcast subscriber saw it again.
      String marker = pushEvent();
      other.await(3, WAIT);
      broadcast.await(2, WAIT);
      assertThat(deliveries(other)).extracting(m -> m.getString("id")).containsExactly(id, marker);
      assertThat(broadcast.deliveries()).extracting(m -> m.getString("id")).containsExactly(id, marker);

      String metrics = Http.get(feed, "/metrics").body();
      PrometheusText text = PrometheusText.parse(metrics);
      assertThat(text.value("gateway_group_dead_lettered_total", Map.of("group", "fragile"))).isEqualTo(1.0);
      assertThat(text.value("gateway_group_redeliveries_total", Map.of("group", "fragile"))).isGreaterThanOrEqualTo(1.0);
      assertThat(text.has("gateway_group_pending")).isTrue();
      assertThat(text.value("gateway_group_ack_latency_seconds_count")).isGreaterThan(0.0);
    }
  }

  @Test
  void aDeletedGroupIsCreatedAgainWithoutLosingWhatCameMeanwhileAndLoggedOnce() throws Exception {
    try (WsClient ws = WsClient.open(feed, "/events/ws?group=phoenix&consumer=p-1")) {
      ws.await(1, WAIT);
      String before = pushEvent();
      ws.await(2, WAIT);
      ws.send(new JsonObject().put("ack", before).encode());
      await().atMost(WAIT).until(() -> pending("phoenix") == 0);
      redis.command("XGROUP", "DESTROY", STREAM, "phoenix");
      // Wakes the group up: NOGROUP, so it is created again, after the newest entry read for it.
      String meanwhile = pushEvent();
      String after = pushEvent();
      await().atMost(WAIT).until(() -> deliveries(ws).size() >= 3);
      assertThat(deliveries(ws)).extracting(m -> m.getString("id")).containsExactly(before, meanwhile, after);
      ws.send(new JsonObject().put("ack", new JsonArray(List.of(meanwhile, after))).encode());
      await().atMost(WAIT).until(() -> pending("phoenix") == 0);
      long recreations = dispatcherLog.lines().stream()
          .filter(l -> l.getFormattedMessage().contains("phoenix") && l.getFormattedMessage().contains("created again")).count();
      assertThat(recreations).isEqualTo(1);
    }
  }

  @Test
  void eventsAConsumerFiltersOutAreAcknowledgedForIt() throws Exception {
    try (WsClient ws = WsClient.open(feed, "/events/ws?group=picky&consumer=k-1&names=booking-canceled")) {
      ws.await(1, WAIT);
      pushEvent("slot-booked");
      String wanted = pushEvent("booking-canceled");
      ws.await(2, WAIT);
      assertThat(deliveries(ws)).extracting(m -> m.getString("id")).containsExactly(wanted);
      assertThat(pending("picky")).isEqualTo(1); // only the delivered one waits for its ack
      ws.send(new JsonObject().put("ack", wanted).encode());
      await().atMost(WAIT).until(() -> pending("picky") == 0);
    }
  }

  @Test
  void pendingEventsDeletedBeforeTheirAckAreReportedAndAcknowledged() throws Exception {
    List<String> lost;
    try (WsClient ws = WsClient.open(feed, "/events/ws?group=trimmed&consumer=t-1")) {
      ws.await(1, WAIT);
      lost = List.of(pushEvent(), pushEvent());
      ws.await(3, WAIT);
    }
    redis.command("XDEL", STREAM, lost.get(0), lost.get(1)); // as retention's trim would
    try (WsClient again = WsClient.open(feed, "/events/ws?group=trimmed&consumer=t-1")) {
      again.await(2, WAIT);
      JsonObject reset = again.messages().get(1);
      assertThat(reset.getString("type")).isEqualTo("reset");
      assertThat(reset.getString("reason")).isEqualTo("trimmed");
      assertThat(reset.getString("group")).isEqualTo("trimmed");
      assertThat(reset.getJsonArray("lost")).containsExactlyElementsOf(lost);
      assertThat(deliveries(again)).isEmpty();
      await().atMost(WAIT).until(() -> pending("trimmed") == 0);
    }
    // Found by the redelivery sweep instead: reported to the consumer it would have gone to.
    try (SseClient sse = SseClient.open(feed, "/events?group=trimmed-late&consumer=t-2")) {
      sse.await(1, WAIT);
      String id = pushEvent();
      sse.await(2, WAIT);
      redis.command("XDEL", STREAM, id);
      await().atMost(WAIT).until(() -> sse.events().stream().anyMatch(e -> "reset".equals(e.event())));
      SseEvent reset = sse.events().stream().filter(e -> "reset".equals(e.event())).findFirst().orElseThrow();
      assertThat(reset.id()).isNull();
      assertThat(reset.json().getJsonArray("lost")).containsExactly(id);
      await().atMost(WAIT).until(() -> pending("trimmed-late") == 0);
    }
  }

  @Test
  void badNamesAndBodiesAreProblems() throws Exception {
    for (String query : List.of("group=has%20space", "group=" + "g".repeat(65), "group=a/b")) {
      try (SseClient sse = SseClient.open(feed, "/events?" + query)) {
        assertThat(sse.status()).as(query).isEqualTo(400);
        assertThat(new JsonObject(sse.errorBody()).getString("type")).endsWith("/invalid-group");
      }
    }
    for (String query : List.of("group=g&consumer=b%40d", "consumer=lonely")) {
      try (SseClient sse = SseClient.open(feed, "/events?" + query)) {
        assertThat(sse.status()).as(query).isEqualTo(400);
        assertThat(new JsonObject(sse.errorBody()).getString("type")).endsWith("/invalid-consumer");
      }
    }
    try (SseClient sse = SseClient.open(feed, "/events/ws?group=bad%21")) {
      assertThat(sse.status()).isEqualTo(400);
    }
    PushClient.Answer unknown = post(feed, "/events/ack", ackBody("nobody-here", "c", List.of("1-0")), null);
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.json().getString("type")).endsWith("/unknown-group");
    assertThat(post(feed, "/events/nack", ackBody("nobody-here", "c", List.of("1-0")), null).status()).isEqualTo(404);
    assertThat(post(feed, "/events/ack", "{not json", null).status()).isEqualTo(400);
    PushClient.Answer noIds = post(feed, "/events/ack", "{\"group\":\"g\",\"consumer\":\"c\",\"ids\":[]}", null);
    assertThat(noIds.status()).isEqualTo(422);
    assertThat(noIds.contentType()).startsWith("application/problem+json");
  }
}
