package docplanner.gateway.upstream;

import docplanner.gateway.Gateway;
import docplanner.gateway.support.PushClient;
import docplanner.gateway.support.SandboxClient;
import docplanner.gateway.support.SseClient;
import docplanner.gateway.support.SseEvent;
import docplanner.gateway.support.TestGateways;
import docplanner.gateway.support.TestRedis;
import docplanner.gateway.support.TestSandbox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static docplanner.gateway.upstream.UpstreamFixtures.bodies;
import static docplanner.gateway.upstream.UpstreamFixtures.counter;
import static docplanner.gateway.upstream.UpstreamFixtures.enqueueAtOnce;
import static docplanner.gateway.upstream.UpstreamFixtures.json;
import static docplanner.gateway.upstream.UpstreamFixtures.notifications;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The pull model end to end: the sandbox's queue, over real HTTP, into the stream on a real Redis and out on /events. */
class PullEndToEndIT {

  @RegisterExtension
  static final TestRedis redis = new TestRedis();

  @RegisterExtension
  static final TestSandbox sandbox = new TestSandbox(Map.of());

  @RegisterExtension
  final UpstreamGateways gateways = new UpstreamGateways(redis, sandbox);

  final SandboxClient docplanner = sandbox.client();

  private Gateway gateway(Map<String, ?> extra) {
    Map<String, Object> values = new HashMap<>(Map.of("upstream.pull.enabled", true));
    values.putAll(extra);
    return gateways.start(values);
  }

  private long pulledTotal() {
    return docplanner.read("/stats").getJsonObject("totals").getLong("pulled");
  }

  private int queued() {
    return docplanner.read("/stats").getInteger("queued");
  }

  private static void awaitLeader(Gateway gateway) {
    await().atMost(Duration.ofSeconds(15)).until(() -> gateway.upstreamStatus().pull().leader());
  }

  /**
   * Pushes a marker and returns the events {@code sse} received before it. The marker is stored
   * after everything stored so far and the feed sends in stream order, so an extra event (a copy)
   * would arrive before it: no waiting a while for one that might come.
   */
  private static List<SseEvent> receivedBeforeMarker(Gateway gateway, SseClient sse) {
    PushClient.Answer marker = TestGateways.pushClient(gateway).push(UpstreamFixtures.body("marker", 0));
    assertThat(marker.status()).isEqualTo(200);
    String markerId = marker.json().getString("id");
    List<SseEvent> received = await().atMost(Duration.ofSeconds(15)).until(sse::events,
        events -> events.stream().anyMatch(e -> markerId.equals(e.id())));
    List<SseEvent> before = new ArrayList<>();
    for (SseEvent event : received) {
      if (markerId.equals(event.id())) {
        break;
      }
      before.add(event);
    }
    return before;
  }

  @Test
  void aQueueOf250IsDrainedOntoEventsOnceInFifoOrder() throws Exception {
    String[] bodies = bodies("drain", 250);
    docplanner.enqueueVia("queue", bodies);
    // One poll an hour: only draining while remaining > 0 can bring all 250 within the test.
    Gateway gateway = gateway(Map.of("upstream.pull.interval", "1h"));
    try (SseClient sse = SseClient.open(gateway.config().feed().port(), "/events?since=0")) {
      List<SseEvent> events = sse.await(250, Duration.ofSeconds(30));
      assertThat(notifications(events)).containsExactlyElementsOf(json(bodies));
      assertThat(events).allSatisfy(e -> assertThat(e.json().getString("source")).isEqualTo("pull"));
      assertThat(redis.command("XLEN", gateways.streamKey())).isEqualTo("250");
      assertThat(receivedBeforeMarker(gateway, sse)).hasSize(250);
    }
    assertThat(queued()).isZero();
    assertThat(pulledTotal()).isEqualTo(250);
    assertThat(gateway.registry().find("gateway.pull.batches").counter().count()).isEqualTo(3);
    assertThat(gateway.upstreamStatus().pull().pulled()).isEqualTo(250);
  }

  @Test
  void pushAndPullOfTheSameEventsStoreEachOnce() throws Exception {
    String[] bodies = bodies("both", 40);
    Gateway gateway = gateway(Map.of());
    docplanner.pushEndpoint("http://127.0.0.1:" + gateway.config().push().port() + gateway.config().push().endpointPath());
    try (SseClient sse = SseClient.open(gateway.config().feed().port(), "/events?since=0")) {
      docplanner.enqueueVia("both", bodies);
      await().atMost(Duration.ofSeconds(30)).until(() -> docplanner.items("delivered").size() == 40 && queued() == 0);
      // Every pulled notification handled too (stored, or found to be a copy of its push): the stream is final.
      await().atMost(Duration.ofSeconds(15)).until(() -> counter(gateway, "gateway.pull.notifications", "outcome", "stored")
          + counter(gateway, "gateway.pull.notifications", "outcome", "duplicate") >= 40);
      assertThat(redis.command("XLEN", gateways.streamKey())).isEqualTo("40");
      List<SseEvent> events = receivedBeforeMarker(gateway, sse);
      assertThat(new HashSet<>(notifications(events))).containsExactlyInAnyOrderElementsOf(json(bodies));
      assertThat(events).hasSize(40);
      assertThat(events).extracting(e -> e.json().getString("source")).containsAnyOf("push", "pull");
    }
    assertThat(pulledTotal()).isEqualTo(40);
    assertThat(counter(gateway, "gateway.pull.notifications", "outcome", "stored")
        + counter(gateway, "gateway.pull.notifications", "outcome", "duplicate")).isEqualTo(40);
  }

  @Test
  void aNotificationThatFailsParsingIsSkippedCountedAndDoesNotStopTheLoop() {
    Gateway gateway = gateway(Map.of());
    awaitLeader(gateway);
    String bad = "{\"name\":42,\"data\":{\"patient\":{\"name\":\"Abraham\"}},\"created_at\":\"2026-11-28T10:00:00+01:00\"}";
    String[] good = bodies("skip", 4);
    docplanner.enqueueVia("queue", good[0], bad, good[1]);
    await().atMost(Duration.ofSeconds(15)).until(() -> gateways.stream().size() == 2);
    docplanner.enqueueVia("queue", good[2], good[3]);
    await().atMost(Duration.ofSeconds(15)).until(() -> gateways.stream().size() == 4);
    assertThat(gateways.stream()).containsExactlyElementsOf(json(good));
    assertThat(counter(gateway, "gateway.pull.notifications", "outcome", "rejected")).isEqualTo(1);
    assertThat(gateway.upstreamStatus().pull().rejected()).isEqualTo(1);
  }

  @Test
  void aBatchPulledWhileRedisIsPausedIsKeptAndStoredWhenItIsBackAndPullingWaitsForIt() throws Exception {
    // A long lease: the replica keeps it (locally) through the pause, so it does pull while Redis hangs.
    Gateway gateway = gateway(Map.of("upstream.pull.lease-ttl", "6s"));
    awaitLeader(gateway);
    String[] bodies = bodies("paused", 150);
    redis.pause();
    enqueueAtOnce(docplanner, bodies);
    await().atMost(Duration.ofSeconds(10)).until(() -> pulledTotal() == 100);
    await().atMost(Duration.ofSeconds(10)).until(() -> gateway.upstreamStatus().pull().pending() == 100);
    await().atMost(Duration.ofSeconds(10)).until(() -> gateway.upstreamStatus().pull().failing());
    assertThat(gateway.upstreamStatus().pull().errorKind()).isEqualTo("redis");
    // The loop takes its next step (another try to store the batch, failing again) and still pulls nothing.
    Instant firstFailure = gateway.upstreamStatus().pull().lastErrorAt();
    await().atMost(Duration.ofSeconds(15)).until(() -> gateway.upstreamStatus().pull().lastErrorAt().isAfter(firstFailure));
    assertThat(gateway.upstreamStatus().pull().lastError()).startsWith("cannot store pulled batch");
    assertThat(pulledTotal()).as("nothing more is pulled while the batch is not stored").isEqualTo(100);
    assertThat(queued()).isEqualTo(50);
    redis.resume();
    await().atMost(Duration.ofSeconds(30)).until(() -> gateways.stream().size() == 150);
    assertThat(gateways.stream()).containsExactlyElementsOf(json(bodies));
    assertThat(queued()).isZero();
    await().atMost(Duration.ofSeconds(5)).until(() -> !gateway.upstreamStatus().pull().failing());
    assertThat(gateway.upstreamStatus().pull().pending()).isZero();
  }

  @Test
  void aBatchPulledWhileRedisIsDownIsStoredInTheRestartedRedis() {
    Gateway gateway = gateway(Map.of("upstream.pull.lease-ttl", "6s"));
    awaitLeader(gateway);
    String[] bodies = bodies("killed", 120);
    redis.kill();
    enqueueAtOnce(docplanner, bodies);
    await().atMost(Duration.ofSeconds(10)).until(() -> gateway.upstreamStatus().pull().pending() == 100);
    assertThat(pulledTotal()).isEqualTo(100);
    redis.restart(); // empty: what the gateway stores now is all the stream will hold
    await().atMost(Duration.ofSeconds(30)).until(() -> gateways.stream().size() == 120);
    assertThat(gateways.stream()).containsExactlyElementsOf(json(bodies));
  }

  @Test
  void aTokenThatExpiresInTheMiddleOfADrainIsRenewedAndTheDrainGoesOn() {
    Gateway gateway = gateway(Map.of("upstream.pull.lease-ttl", "6s"));
    awaitLeader(gateway);
    String[] bodies = bodies("expiry", 250);
    // Hold the drain after its first batch: Redis does not answer, so the batch waits to be stored.
    redis.pause();
    enqueueAtOnce(docplanner, bodies);
    await().atMost(Duration.ofSeconds(10)).until(() -> pulledTotal() == 100);
    docplanner.advance("2h"); // the token the gateway holds has now expired at Docplanner
    redis.resume();
    await().atMost(Duration.ofSeconds(30)).until(() -> gateways.stream().size() == 250);
    assertThat(gateways.stream()).containsExactlyElementsOf(json(bodies));
    assertThat(counter(gateway, "gateway.upstream.tokens", "outcome", "issued")).isEqualTo(2);
    assertThat(gateway.upstreamStatus().pull().errorKind()).isNotEqualTo("credentials-rejected");
  }

  @Test
  void wrongCredentialsAreAClearErrorInTheStatusAndTheGatewayKeepsServing() {
    docplanner.enqueueVia("queue", bodies("wrong", 3));
    Gateway gateway = gateway(Map.of("upstream.client-secret", "not-the-secret", "upstream.release.enabled", true));
    await().atMost(Duration.ofSeconds(15)).until(() -> "credentials-rejected".equals(gateway.upstreamStatus().pull().errorKind()));
    UpstreamStatus.PullState pull = gateway.upstreamStatus().pull();
    assertThat(pull.ok()).isFalse();
    assertThat(pull.lastError()).contains("401").contains("upstream.client-secret").doesNotContain("not-the-secret");
    assertThat(gateway.upstreamStatus().toJson().encode()).doesNotContain("not-the-secret");
    assertThat(queued()).isEqualTo(3);

    AdminRelease.Answer release = AdminRelease.post(gateway);
    assertThat(release.status()).isEqualTo(502);
    assertThat(release.contentType()).isEqualTo("application/problem+json");
    assertThat(release.json().getString("detail")).contains("client credentials were refused");
    assertThat(gateway.upstreamStatus().release().errorKind()).isEqualTo("credentials-rejected");

    PushClient.Answer push = TestGateways.pushClient(gateway).push(UpstreamFixtures.body("wrong", 99));
    assertThat(push.status()).as("pushes still work").isEqualTo(200);
  }
}
