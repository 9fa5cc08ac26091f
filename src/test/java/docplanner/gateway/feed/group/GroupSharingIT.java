package docplanner.gateway.feed.group;

import docplanner.gateway.Gateway;
import docplanner.gateway.support.Burst;
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

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A burst through one group of three consumers (two WebSocket on one replica, one SSE acking over
 * POST on another) while a plain subscriber watches: every event goes to exactly one consumer,
 * each gets a share, all are acknowledged, and the plain subscriber still sees every one.
 */
class GroupSharingIT {

  static final String STREAM = "sharing:events";
  static final int EVENTS = 1_500;

  @RegisterExtension
  static final TestRedis redis = new TestRedis();

  static Gateway one;
  static Gateway two;

  @BeforeAll
  static void start() {
    one = TestGateways.start(redis.url(), Map.of("stream.key", STREAM));
    two = TestGateways.start(redis.url(), Map.of("stream.key", STREAM));
  }

  @AfterAll
  static void stop() {
    two.close();
    one.close();
  }

  @Test
  void threeConsumersOnTwoReplicasShareABurstEachEventOnce() throws Exception {
    int feedOne = one.config().feed().port();
    int feedTwo = two.config().feed().port();
    HttpClient http = HttpClient.newHttpClient();
    try (WsClient a = WsClient.open(feedOne, "/events/ws?group=svc&consumer=a");
         WsClient b = WsClient.open(feedOne, "/events/ws?group=svc&consumer=b");
         SseClient c = SseClient.open(feedTwo, "/events?group=svc&consumer=c");
         WsClient plain = WsClient.open(feedTwo, "/events/ws")) {
      a.await(1, Duration.ofSeconds(10));
      b.await(1, Duration.ofSeconds(10));
      c.await(1, Duration.ofSeconds(10));
      await().atMost(Duration.ofSeconds(10)).until(() -> two.feedStats().subscribers("ws") == 1);
      Burst burst = Burst.start(TestGateways.pushClient(one), EVENTS, 4, "share");
      Set<String> ackedWs = new HashSet<>();
      Set<String> ackedSse = new HashSet<>();
      int[] sseAcked = {0};
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
        for (WsClient ws : List.of(a, b)) {
          List<String> fresh = new ArrayList<>();
          for (JsonObject m : ws.deliveries()) {
            if (ackedWs.add(m.getString("id"))) {
              fresh.add(m.getString("id"));
            }
          }
          if (!fresh.isEmpty()) {
            ws.send(new JsonObject().put("ack", new JsonArray(fresh)).encode());
          }
        }
        List<String> fresh = new ArrayList<>();
        for (SseEvent e : c.events()) {
          if (e.id() != null && ackedSse.add(e.id())) {
            fresh.add(e.id());
          }
        }
        if (!fresh.isEmpty()) {
          String body = new JsonObject().put("group", "svc").put("consumer", "c").put("ids", new JsonArray(fresh)).encode();
          HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + feedTwo + "/events/ack"))
              .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
              HttpResponse.BodyHandlers.ofString());
          assertThat(answer.statusCode()).isEqualTo(200);
          sseAcked[0] += new JsonObject(answer.body()).getInteger("acked");
        }
        return ackedWs.size() + ackedSse.size() >= EVENTS;
      });
      burst.join();
      List<String> pushed = burst.acked();
      assertThat(pushed).hasSize(EVENTS);
      List<String> delivered = new ArrayList<>();
      a.deliveries().forEach(m -> delivered.add(m.getString("id")));
      b.deliveries().forEach(m -> delivered.add(m.getString("id")));
      c.events().stream().filter(e -> e.id() != null).forEach(e -> delivered.add(e.id()));
      assertThat(delivered).containsExactlyInAnyOrderElementsOf(pushed); // each once, none lost
      assertThat(sseAcked[0]).isEqualTo(ackedSse.size());
      for (int share : List.of(a.deliveries().size(), b.deliveries().size(), ackedSse.size())) {
        assertThat(share).as("shares %s %s %s", a.deliveries().size(), b.deliveries().size(), ackedSse.size())
            .isGreaterThan(EVENTS / 5);
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> redis.command("XPENDING", STREAM, "svc").startsWith("[0,"));
      plain.await(EVENTS, Duration.ofSeconds(30));
      assertThat(plain.deliveries()).hasSize(EVENTS);
      System.out.printf("group shares: a=%d b=%d c=%d%n", a.deliveries().size(), b.deliveries().size(), ackedSse.size());
    }
  }
}
