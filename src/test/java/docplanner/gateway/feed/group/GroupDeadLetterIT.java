package docplanner.gateway.feed.group;

import docplanner.gateway.Gateway;
import docplanner.gateway.support.Notifications;
import docplanner.gateway.support.PushClient;
import docplanner.gateway.support.SseClient;
import docplanner.gateway.support.SseEvent;
import docplanner.gateway.support.TestGateways;
import docplanner.gateway.support.TestRedis;
import docplanner.gateway.support.groups.GroupClient;
import docplanner.gateway.support.groups.GroupLedger;
import docplanner.gateway.support.groups.GroupVerdict;
import docplanner.gateway.support.groups.SseGroupClient;
import docplanner.gateway.support.groups.WsGroupClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Dead letters end to end: two poison events that every consumer of group {@code orders} refuses
 * ({@code nack} over SSE and over WebSocket) are delivered {@code groups.max-deliveries} times,
 * then moved to the group's dead-letter stream and acknowledged in the group, while the other
 * events flow. The admin endpoints list them; once the consumers are fixed, a replay hands them to
 * {@code orders} again, they are acknowledged like any delivery and leave the dead-letter stream;
 * neither the other group nor a broadcast subscriber sees them a second time.
 */
class GroupDeadLetterIT {

  private static final String GROUP = "orders";
  private static final String TOKEN = "admin-secret-for-tests";
  private static final int MAX_DELIVERIES = 3;
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @RegisterExtension
  static final TestRedis redis = new TestRedis();

  @Test
  void poisonEventsAreDeadLetteredThenReplayedToTheirGroupOnly() throws Exception {
    Map<String, Object> config = Map.of("groups.visibility-timeout", "1s", "groups.max-deliveries", MAX_DELIVERIES,
        "admin.token", TOKEN);
    GroupLedger orders = new GroupLedger();
    GroupLedger other = new GroupLedger();
    try (Gateway gateway = TestGateways.start(redis.url(), config)) {
      int feed = gateway.config().feed().port();
      try (SseGroupClient sse = SseGroupClient.start(GROUP, "orders-sse", feed, orders);
           WsGroupClient ws = WsGroupClient.start(GROUP, "orders-ws", feed, orders);
           SseGroupClient otherOne = SseGroupClient.start("other", "other-1", feed, other);
           SseClient broadcast = SseClient.open(feed, "/events?since=0")) {
        List<GroupClient> consumers = List.of(sse, ws, otherOne);
        await("consumers subscribed").atMost(Duration.ofSeconds(10)).until(() -> consumers.stream().allMatch(GroupClient::isSubscribed));
        sse.nackIf(GroupDeadLetterIT::poison);
        ws.nackIf(GroupDeadLetterIT::poison);

        PushClient push = TestGateways.pushClient(gateway);
        List<String> healthy = new ArrayList<>();
        List<String> poison = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
          boolean bad = i == 3 || i == 8;
          String id = push.push(Notifications.slotBooked((bad ? "poison-" : "fine-") + i, "f1", "d1")).json().getString("id");
          (bad ? poison : healthy).add(id);
        }

        await("the poison events dead-lettered").atMost(Duration.ofSeconds(20))
            .until(() -> GroupVerdict.deadLetters(redis.port(), GROUP) == poison.size());
        await("the healthy events acknowledged").atMost(Duration.ofSeconds(10)).until(() -> orders.allAcked(healthy));
        GroupVerdict.awaitNothingPending(redis.port(), GROUP);
        assertThat(GroupVerdict.pending(redis.port(), GROUP)).as("dead letters are acknowledged in the group").isZero();
        for (String id : poison) {
          assertThat(orders.deliveries().stream().filter(d -> d.id().equals(id)).map(GroupLedger.Delivery::deliveries))
              .as("deliveries of %s before it is dead-lettered", id).containsExactly(1, 2, 3);
        }

        assertThat(admin("GET", feed, "/admin/groups", null, null).statusCode()).as("admin without its token").isEqualTo(401);
        HttpResponse<String> groups = admin("GET", feed, "/admin/groups", TOKEN, null);
        assertThat(groups.statusCode()).as(groups.body()).isEqualTo(200);
        assertThat(groups.body()).contains(GROUP, "other");
        HttpResponse<String> dead = admin("GET", feed, "/admin/groups/" + GROUP + "/dead?count=100", TOKEN, null);
        assertThat(dead.statusCode()).as(dead.body()).isEqualTo(200);
        assertThat(dead.body()).as("the dead letters name their original ids").contains(poison);

        // The consumers are fixed; the operator replays.
        sse.nackIf(event -> false);
        ws.nackIf(event -> false);
        HttpResponse<String> replay = admin("POST", feed, "/admin/groups/" + GROUP + "/dead/replay", TOKEN, "{}");
        assertThat(replay.statusCode()).as(replay.body()).isEqualTo(200);

        await("the replayed events acknowledged").atMost(Duration.ofSeconds(15)).until(() -> replayed(consumers).size() == poison.size()
            && replayed(consumers).stream().allMatch(e -> orders.isAcked(e.getString("id"))));
        await("the dead-letter stream emptied").atMost(Duration.ofSeconds(10))
            .until(() -> GroupVerdict.deadLetters(redis.port(), GROUP) == 0);
        assertThat(replayed(consumers)).extracting(e -> e.getString("group")).containsOnly(GROUP);

        // A last event: once the other group and the broadcast subscriber have it, nothing replayed trails behind.
        String last = push.push(Notifications.slotBooked("after-replay", "f1", "d1")).json().getString("id");
        await("the last event").atMost(Duration.ofSeconds(10)).until(() -> other.isAcked(last) && orders.isAcked(last));
        List<SseEvent> seen = broadcast.await(14, Duration.ofSeconds(2));
        List<String> all = new ArrayList<>(healthy);
        all.addAll(poison);
        all.add(last);
        assertThat(seen.stream().map(SseEvent::id).toList()).as("broadcast: each event once").containsExactlyInAnyOrderElementsOf(all);
        assertThat(other.deliveries()).as("the other group: each event once, no replay").hasSize(all.size());
        GroupVerdict.awaitNothingPending(redis.port(), GROUP);
        List<String> ordersSaw = new ArrayList<>(healthy);
        replayed(consumers).forEach(e -> ordersSaw.add(e.getString("id")));
        ordersSaw.add(last);
        new GroupVerdict("dead-letters", redis.port(), GROUP, orders, ordersSaw).check(2, 1,
            "dead_lettered_before_replay=" + poison.size() + " replayed=" + replayed(consumers).size()
                + " max_deliveries=" + MAX_DELIVERIES);
        new GroupVerdict("dead-letters-other-group", redis.port(), "other", other, all).check(1, 1, "");
      }
    }
  }

  /** The poison events the consumers of {@code orders} processed: only replays (before, they refused them all). */
  private static List<JsonObject> replayed(List<GroupClient> consumers) {
    List<JsonObject> out = new ArrayList<>();
    for (GroupClient c : consumers.subList(0, 2)) {
      c.processed().stream().filter(GroupDeadLetterIT::poison).forEach(out::add);
    }
    return out;
  }

  private static boolean poison(JsonObject envelope) {
    JsonObject booking = envelope.getJsonObject("notification").getJsonObject("data").getJsonObject("visit_booking");
    return booking.getString("id").startsWith("poison-");
  }

  private static HttpResponse<String> admin(String method, int port, String path, String token, String body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(10))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
