package docplanner.gateway.sandbox;

import docplanner.gateway.config.GatewayConfig;
import docplanner.gateway.event.EventNames;
import docplanner.gateway.support.SandboxClient;
import docplanner.gateway.support.SseClient;
import docplanner.gateway.support.SseEvent;
import docplanner.gateway.support.TestGateways;
import docplanner.gateway.support.TestRedis;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code --sandbox}: the quick start, a gateway fed live by its sandbox with no other setup. */
class SandboxLauncherIT {

  @RegisterExtension
  static final TestRedis redis = new TestRedis();

  @Test
  void withSandboxLiveEventsOfAll17TypesReachTheFeedOnceEach() throws Exception {
    GatewayConfig config = TestGateways.config(redis.url(), Map.of(
        "sandbox.port", TestGateways.freePort(),
        "sandbox.generator.rate", 20,
        "sandbox.generator.duplicate-share", "0.2"));
    try (SandboxLauncher.WithGateway running = SandboxLauncher.withGateway(config);
         SseClient sse = SseClient.open(config.feed().port(), "/events?since=0")) {
      assertThat(sse.status()).isEqualTo(200);
      Set<String> names = new HashSet<>();
      await().atMost(Duration.ofSeconds(30)).until(() -> {
        sse.events().forEach(e -> names.add(e.event()));
        return names.containsAll(EventNames.KNOWN);
      });
      String pushUrl = "http://127.0.0.1:" + config.push().port() + config.push().endpointPath();
      SandboxClient admin = new SandboxClient(running.sandbox().baseUrl(), "", "");
      assertThat(admin.read("/push/endpoint").getString("url")).isEqualTo(pushUrl);
      List<JsonObject> attempts = admin.items("attempts");
      assertThat(attempts).isNotEmpty().allSatisfy(a -> assertThat(a.getInteger("status")).isEqualTo(200));
      // Repeats are acknowledged by the gateway but stored once: the feed never shows a body twice.
      List<SseEvent> events = sse.events();
      Set<String> fingerprints = new HashSet<>();
      for (SseEvent event : events) {
        assertThat(fingerprints.add(event.json().getString("fingerprint"))).isTrue();
      }
    }
  }

  @Test
  void theGatewaysUpstreamSideTalksToTheSandboxWithReleaseOn() throws Exception {
    GatewayConfig config = TestGateways.config(redis.url(), Map.of("sandbox.port", TestGateways.freePort(),
        "sandbox.generator.rate", 0, "admin.token", "sandbox-admin-token-0123"));
    try (SandboxLauncher.WithGateway running = SandboxLauncher.withGateway(config)) {
      Sandbox sandbox = running.sandbox();
      assertThat(running.gateway().config().upstream().baseUrl()).isEqualTo(sandbox.apiUrl());
      assertThat(running.gateway().config().upstream().tokenUrl()).isEqualTo(sandbox.tokenUrl());
      assertThat(running.gateway().config().upstream().release().enabled()).isTrue();
      assertThat(running.gateway().config().upstream().release().scheduled()).isFalse();
      // On demand, through the gateway, answered by the sandbox (it has a push endpoint: 204 -> 202).
      java.net.http.HttpResponse<String> release = java.net.http.HttpClient.newHttpClient().send(
          java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + config.feed().port() + "/admin/release"))
              .header("Authorization", "Bearer sandbox-admin-token-0123")
              .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(release.statusCode()).as(release.body()).isEqualTo(202);
    }
  }
}
