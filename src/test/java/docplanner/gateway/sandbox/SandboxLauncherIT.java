package docplanner.gateway.sandbox;

import docplanner.gateway.config.ConfigLoader;
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
    try (SandboxLauncher.WithGateway running = SandboxLauncher.withGateway(config, null);
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
  void upstreamKeysArePointedAtTheSandboxOnceTheConfigurationHasThem() {
    GatewayConfig config = TestGateways.config(redis.url(), Map.of("sandbox.port", TestGateways.freePort()));
    try (Sandbox sandbox = Sandbox.start(config.sandbox(), SandboxClock.system(), false)) {
      Map<String, Object> overrides = SandboxLauncher.upstreamOverrides(sandbox);
      Map<String, Object> known = ConfigLoader.defaults();
      assertThat(known.keySet()).containsAll(overrides.keySet());
      Map<String, Object> expected = Map.of(
          "upstream.base-url", sandbox.apiUrl(),
          "upstream.token-url", sandbox.tokenUrl(),
          "upstream.client-id", "sandbox-client",
          "upstream.client-secret", "sandbox-secret");
      expected.forEach((key, value) -> {
        if (known.containsKey(key)) {
          assertThat(overrides).containsEntry(key, value);
        }
      });
      assertThat(sandbox.apiUrl()).endsWith("/api/v3/integration");
      assertThat(sandbox.tokenUrl()).endsWith("/oauth/v2/token");
    }
  }
}
