package docplanner.gateway.sandbox;

import docplanner.gateway.event.EventNames;
import docplanner.gateway.support.PushReceiver;
import docplanner.gateway.support.SandboxClient;
import docplanner.gateway.support.SandboxClient.Reply;
import docplanner.gateway.support.TestSandbox;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The event generator seen from outside: through the pull API, the push endpoint and the admin API. */
class SandboxGeneratorIT {

  @RegisterExtension
  static final TestSandbox sandbox = new TestSandbox(Map.of("sandbox.generator.duplicate-share", "0.1"));

  final SandboxClient client = sandbox.client();

  @Test
  void generatedEventsPulledThroughTheApiCoverAll17TypesWithUniqueBookingIdsAndTheConfiguredDuplicateShare() {
    assertThat(client.generate(500, "queue").getInteger("accepted")).isEqualTo(500);
    String token = client.token();
    List<String> bodies = new ArrayList<>();
    for (int remaining = 400; remaining >= 0; remaining -= 100) {
      Reply reply = client.pullMultiple(token, "100");
      assertThat(reply.status()).isEqualTo(200);
      assertThat(reply.json().getInteger("remaining")).isEqualTo(remaining);
      reply.json().getJsonArray("notifications").forEach(n -> bodies.add(((JsonObject) n).encode()));
    }
    assertThat(bodies).hasSize(500);
    Set<String> distinct = new HashSet<>(bodies);
    assertThat(500 - distinct.size()).as("exact duplicates").isEqualTo(50);
    Set<String> names = new HashSet<>();
    Set<String> bookingIds = new HashSet<>();
    for (String body : distinct) {
      JsonObject event = new JsonObject(body);
      names.add(event.getString("name"));
      JsonObject data = event.getJsonObject("data");
      for (String key : List.of("visit_booking", "old_visit_booking", "new_visit_booking", "canceling_booking")) {
        if (data.containsKey(key)) {
          assertThat(bookingIds.add(data.getJsonObject(key).getString("id"))).isTrue();
        }
      }
    }
    assertThat(names).containsExactlyInAnyOrderElementsOf(EventNames.KNOWN);
    assertThat(bookingIds).hasSizeGreaterThan(200);
  }

  @Test
  void theRunningGeneratorPushesAndQueuesLiveEventsAtTheRateSetThroughTheAdminApi() {
    try (PushReceiver receiver = PushReceiver.start()) {
      client.pushEndpoint(receiver.url());
      Reply started = client.admin("PUT", "/generator", new JsonObject().put("rate", 40).encode());
      assertThat(started.status()).isEqualTo(200);
      assertThat(started.json().getDouble("rate")).isEqualTo(40.0);
      await().atMost(Duration.ofSeconds(20)).until(() -> receiver.received().size() >= 60);
      client.admin("PUT", "/generator", new JsonObject().put("rate", 0).encode());
      Set<String> pushedNames = new HashSet<>();
      receiver.bodies().forEach(b -> pushedNames.add(new JsonObject(b).getString("name")));
      assertThat(pushedNames).hasSizeGreaterThanOrEqualTo(17).containsAll(EventNames.KNOWN);
      assertThat(client.read("/queue").getInteger("count")).isGreaterThanOrEqualTo(60);
    } finally {
      client.pushEndpoint("");
    }
  }

  @Test
  void badGeneratorSettingsAreRefusedWithAProblem() {
    Reply reply = client.admin("PUT", "/generator", new JsonObject().put("duplicate_share", 2).encode());
    assertThat(reply.status()).isEqualTo(422);
    assertThat(reply.contentType()).isEqualTo("application/problem+json");
    Reply count = client.admin("POST", "/notifications/generate?count=zero", null);
    assertThat(count.status()).isEqualTo(400);
  }
}
