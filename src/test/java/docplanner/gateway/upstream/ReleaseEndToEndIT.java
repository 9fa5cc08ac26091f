package docplanner.gateway.upstream;

import docplanner.gateway.Gateway;
import docplanner.gateway.support.SandboxClient;
import docplanner.gateway.support.SseClient;
import docplanner.gateway.support.SseEvent;
import docplanner.gateway.support.TestRedis;
import docplanner.gateway.support.TestSandbox;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static docplanner.gateway.upstream.UpstreamFixtures.bodies;
import static docplanner.gateway.upstream.UpstreamFixtures.json;
import static docplanner.gateway.upstream.UpstreamFixtures.notifications;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The push model's release end to end: failed pushes in the sandbox, the gateway's release over
 * real HTTP, the re-dispatched events on /events. The sandbox's rate limiter is on with quotas too
 * large to matter: its {@code X-RateLimit-Used} counts every API call made, which proves when the
 * gateway did not call ({@link UpstreamFixtures#COUNTING_CALLS}). Its own release limit is 5 s here,
 * so a refusal's Retry-After is short.
 */
class ReleaseEndToEndIT {

  @RegisterExtension
  static final TestRedis redis = new TestRedis();

  @RegisterExtension
  static final TestSandbox sandbox = new TestSandbox(releaseWithin5s());

  private static Map<String, Object> releaseWithin5s() {
    Map<String, Object> settings = new HashMap<>(UpstreamFixtures.COUNTING_CALLS);
    settings.put("sandbox.release.min-interval", "5s");
    return settings;
  }

  @RegisterExtension
  final UpstreamGateways gateways = new UpstreamGateways(redis, sandbox);

  final SandboxClient docplanner = sandbox.client();

  String probeToken;

  @BeforeEach
  void probe() {
    probeToken = docplanner.token();
  }

  /** A gateway with release on, on demand only unless {@code extra} says otherwise; the sandbox pushes to it. */
  private Gateway gateway(Map<String, ?> extra) {
    Map<String, Object> values = new HashMap<>(Map.of("upstream.release.enabled", true, "upstream.release.interval", "0"));
    values.putAll(extra);
    Gateway gateway = gateways.start(values);
    docplanner.pushEndpoint("http://127.0.0.1:" + gateway.config().push().port() + gateway.config().push().endpointPath());
    return gateway;
  }

  /** API calls this client made in the sandbox's current hour, this probe included. */
  private int used() {
    return Integer.parseInt(docplanner.pullMultiple(probeToken, "1").header("X-RateLimit-Used"));
  }

  private void failPushes(String... bodies) {
    failPushes(docplanner, bodies);
  }

  /** Pushes {@code bodies} and makes every attempt (first, after 5 and after 10 minutes) fail. */
  static void failPushes(SandboxClient docplanner, String... bodies) {
    docplanner.failNext(3 * bodies.length);
    docplanner.enqueueVia("push", bodies);
    awaitScheduledRetries(docplanner, bodies.length);
    docplanner.advance("5m");
    awaitScheduledRetries(docplanner, bodies.length);
    docplanner.advance("10m");
    await().atMost(Duration.ofSeconds(10)).until(() -> docplanner.items("failed").size() == bodies.length);
  }

  private static void awaitScheduledRetries(SandboxClient docplanner, int count) {
    await().atMost(Duration.ofSeconds(10)).until(() -> docplanner.read("/stats").getInteger("retries_scheduled") == count);
  }

  @Test
  void failedPushesComeBackOnceThroughTheGatewaysRelease() throws Exception {
    Gateway gateway = gateway(Map.of());
    String[] bodies = bodies("release", 6);
    failPushes(bodies);
    try (SseClient sse = SseClient.open(gateway.config().feed().port(), "/events?since=0")) {
      int before = used();
      AdminRelease.Answer answer = AdminRelease.post(gateway);
      assertThat(answer.status()).isEqualTo(202);
      assertThat(answer.json().getString("outcome")).isEqualTo("released");
      List<SseEvent> events = sse.await(6, Duration.ofSeconds(15));
      assertThat(notifications(events)).containsExactlyInAnyOrderElementsOf(json(bodies));
      assertThat(events).allSatisfy(e -> assertThat(e.json().getString("source")).isEqualTo("push"));

      AdminRelease.Answer again = AdminRelease.post(gateway);
      assertThat(again.status()).isEqualTo(429);
      assertThat(again.contentType()).isEqualTo("application/problem+json");
      assertThat(again.json().getString("type")).endsWith("/release-too-soon");
      assertThat(Long.parseLong(again.header("Retry-After"))).isBetween(3500L, 3600L);
      assertThat(again.json().getString("detail")).as("names no replica (host)")
          .doesNotContain(gateway.upstreamStatus().replica()).doesNotContain("@");
      assertThat(used() - before).as("one release call, then the probe").isEqualTo(2);
      // Nothing more arrives: the count holds for a while (Awaitility's during), not a bare sleep.
      org.awaitility.Awaitility.await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
          .until(() -> sse.events().size() == 6);
    }
    assertThat(redis.command("XLEN", gateways.streamKey())).isEqualTo("6");
    assertThat(docplanner.items("failed")).isEmpty();
    assertThat(docplanner.read("/released").getLong("total")).isEqualTo(6);
    UpstreamStatus.ReleaseState state = gateway.upstreamStatus().release();
    assertThat(state.ok()).isTrue();
    assertThat(state.lastSuccess()).isNotNull();
    assertThat(state.lastReleasedBy()).startsWith(gateway.upstreamStatus().replica() + "@");
    assertThat(UpstreamFixtures.counter(gateway, "gateway.release.calls", "answer", "released")).isEqualTo(1);
  }

  @Test
  void aRefusalWithRetryAfterIsHonouredTheNextCallComesAfterIt() {
    Gateway gateway = gateway(Map.of());
    assertThat(docplanner.release(probeToken).status()).as("someone else released just now").isEqualTo(204);
    int start = used();

    AdminRelease.Answer refused = AdminRelease.post(gateway);
    Instant refusedAt = Instant.now();
    assertThat(refused.status()).isEqualTo(429);
    assertThat(refused.json().getString("type")).endsWith("/release-rate-limited");
    long retryAfter = Long.parseLong(refused.header("Retry-After"));
    assertThat(retryAfter).isBetween(1L, 5L);

    AdminRelease.Answer local = AdminRelease.post(gateway);
    assertThat(local.status()).as("answered from Redis without calling Docplanner").isEqualTo(429);
    assertThat(local.json().getString("type")).endsWith("/release-too-soon");
    assertThat(Long.parseLong(local.header("Retry-After"))).isBetween(1L, retryAfter);
    assertThat(used() - start).as("the refused call, then the probe").isEqualTo(2);

    // The release verticle retries on its own once the Retry-After has passed.
    await().atMost(Duration.ofSeconds(20)).until(() -> gateway.upstreamStatus().release().lastSuccess() != null);
    assertThat(gateway.upstreamStatus().release().lastSuccess()).isAfter(refusedAt.plusSeconds(retryAfter).minusSeconds(1));
    assertThat(used() - start).as("refused call, probe, one successful call, probe: no call came early").isEqualTo(4);
  }

  @Test
  void a403IsAConfigurationErrorReportedOnceAndReleaseIsNotCalledAgain() {
    Gateway gateway = gateway(Map.of());
    docplanner.pushEndpoint(""); // not on the push model
    int start = used();
    AdminRelease.Answer forbidden = AdminRelease.post(gateway);
    assertThat(forbidden.status()).isEqualTo(409);
    assertThat(forbidden.contentType()).isEqualTo("application/problem+json");
    assertThat(forbidden.json().getString("type")).endsWith("/release-forbidden");
    assertThat(forbidden.json().getString("detail")).contains("403").contains("not on the push model");

    UpstreamStatus.ReleaseState state = gateway.upstreamStatus().release();
    assertThat(state.disabled()).isTrue();
    assertThat(state.ok()).isFalse();
    assertThat(state.nextAttempt()).isNull();
    JsonObject status = gateway.upstreamStatus().toJson().getJsonObject("release");
    assertThat(status.getBoolean("disabled_by_403")).isTrue();
    assertThat(status.getString("last_error")).contains("You are not allowed to use this method");

    assertThat(AdminRelease.post(gateway).status()).isEqualTo(409);
    assertThat(used() - start).as("one call, the probe; the second admin request did not call").isEqualTo(2);

    JsonObject health = AdminRelease.readinessCheck(gateway, "upstream");
    assertThat(health.getString("status")).as("informational: the replica stays in rotation").isEqualTo("UP");
    assertThat(health.getJsonObject("data").getJsonObject("release").getBoolean("disabled_by_403")).isTrue();
  }

  @Test
  void theAdminEndpointWantsTheAdminTokenNotAFeedToken() {
    Gateway gateway = gateway(Map.of("feed.tokens", "feed-secret"));
    AdminRelease.Answer anonymous = AdminRelease.post(gateway, null);
    assertThat(anonymous.status()).isEqualTo(401);
    assertThat(anonymous.contentType()).isEqualTo("application/problem+json");
    assertThat(AdminRelease.post(gateway, "wrong").status()).isEqualTo(401);
    assertThat(AdminRelease.post(gateway, "feed-secret").status()).isEqualTo(401);
    assertThat(AdminRelease.post(gateway, AdminRelease.TOKEN).status()).isEqualTo(202);
  }

  @Test
  void theAdminEndpointIsRefusedWhileNoAdminTokenIsConfigured() {
    Gateway gateway = gateway(Map.of("admin.token", ""));
    AdminRelease.Answer refused = AdminRelease.post(gateway, null);
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.contentType()).isEqualTo("application/problem+json");
    assertThat(refused.json().getString("type")).endsWith("/admin-disabled");
    assertThat(AdminRelease.post(gateway, "anything-at-all-0123").status()).isEqualTo(403);
  }

  @Test
  void theAdminEndpointSaysSoWhenReleaseIsNotEnabled() {
    Gateway gateway = gateway(Map.of("upstream.release.enabled", false));
    AdminRelease.Answer answer = AdminRelease.post(gateway);
    assertThat(answer.status()).isEqualTo(404);
    assertThat(answer.contentType()).isEqualTo("application/problem+json");
    assertThat(answer.json().getString("detail")).contains("GATEWAY_UPSTREAM_RELEASE_ENABLED");
  }
}
