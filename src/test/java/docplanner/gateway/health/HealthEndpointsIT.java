package docplanner.gateway.health;

import docplanner.gateway.Gateway;
import docplanner.gateway.support.Examples;
import docplanner.gateway.support.Http;
import docplanner.gateway.support.PushClient;
import docplanner.gateway.support.SseClient;
import docplanner.gateway.support.TestGateways;
import docplanner.gateway.support.TestRedis;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** Liveness and readiness on both ports, following Redis going away and coming back. */
class HealthEndpointsIT {

  @RegisterExtension
  static final TestRedis redis = new TestRedis();

  static Gateway gateway;
  static volatile JsonObject upstream = new JsonObject().put("pull", "idle");

  @BeforeAll
  static void start() {
    Map<String, Supplier<JsonObject>> details = Map.of("upstream", () -> upstream);
    gateway = Gateway.start(TestGateways.config(redis.url(), Map.of()), details);
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  private static List<Integer> ports() {
    return List.of(gateway.config().push().port(), gateway.config().feed().port());
  }

  @Test
  void withoutSubscribersTheReaderIsIdleAndTheReplicaReady() throws Exception {
    PushClient.Answer ready = Http.getUntil(gateway.config().feed().port(), HealthEndpoints.READY,
        a -> a.status() == 200 && Http.check(a, "stream").getJsonObject("data").getString("readers").startsWith("idle"),
        10_000);
    assertThat(ready.status()).as(ready.body()).isEqualTo(200);
    JsonObject stream = Http.check(ready, "stream").getJsonObject("data");
    assertThat(stream.getString("readers")).isEqualTo("idle (no subscribers)");
    assertThat(stream.getLong("lag_ms")).isZero();
  }

  @Test
  void bothPortsAreLiveAndReadyWithDetailsPerCheck() throws Exception {
    // A subscriber keeps the stream reader reading (without one it idles).
    try (SseClient subscriber = SseClient.open(gateway.config().feed().port(), "/events")) {
      assertThat(subscriber.status()).isEqualTo(200);
      readyWithDetails();
    }
  }

  private void readyWithDetails() throws Exception {
    assertThat(TestGateways.pushClient(gateway).push(Examples.read("slot-booked.json")).status()).isEqualTo(200);
    long xlen = Long.parseLong(redis.command("XLEN", "docplanner:events"));
    for (int port : ports()) {
      PushClient.Answer live = Http.get(port, HealthEndpoints.LIVE);
      assertThat(live.status()).isEqualTo(200);
      assertThat(live.json().getString("outcome")).isEqualTo("UP");

      // The stream details may be up to a second old: wait until they show the push.
      PushClient.Answer ready = Http.getUntil(port, HealthEndpoints.READY,
          a -> a.status() == 200 && Http.check(a, "stream").getJsonObject("data").getLong("length") == xlen
              && "running".equals(Http.check(a, "stream").getJsonObject("data").getString("readers"))
              && Http.check(a, "stream").getJsonObject("data").getLong("lag_ms") == 0, 10_000);
      assertThat(ready.status()).as(ready.body()).isEqualTo(200);
      assertThat(ready.contentType()).startsWith("application/json");
      JsonObject redisCheck = Http.check(ready, "redis");
      assertThat(redisCheck.getString("status")).isEqualTo("UP");
      assertThat(redisCheck.getJsonObject("data").getDouble("latency_ms")).isGreaterThan(0.0);
      assertThat(redisCheck.getJsonObject("data").getBoolean("embedded")).isFalse();
      JsonObject stream = Http.check(ready, "stream").getJsonObject("data");
      assertThat(stream.getLong("length")).isEqualTo(xlen);
      assertThat(stream.getLong("lag_ms")).isZero();
      assertThat(stream.getString("readers")).isEqualTo("running");
      assertThat(stream.getString("reader_position")).isEqualTo(stream.getString("newest"));
      assertThat(Http.check(ready, "lifecycle").getJsonObject("data").getString("state")).isEqualTo("running");
    }
  }

  @Test
  void informationalDetailsAreShownWithoutTakingTheReplicaOutOfRotation() throws Exception {
    upstream = new JsonObject().put("release", new JsonObject().put("last_answer", 403).put("error", "no push endpoint"));
    PushClient.Answer ready = Http.getUntil(gateway.config().feed().port(), HealthEndpoints.READY,
        a -> a.status() == 200, 10_000);
    assertThat(ready.status()).isEqualTo(200);
    JsonObject check = Http.check(ready, "upstream");
    assertThat(check.getString("status")).isEqualTo("UP");
    assertThat(check.getJsonObject("data").getJsonObject("release").getInteger("last_answer")).isEqualTo(403);
  }

  @Test
  void aPausedRedisMakesBothPortsUnreadyButStillLiveAndTheyRecover() throws Exception {
    redis.pause();
    try {
      for (int port : ports()) {
        PushClient.Answer ready = Http.getUntil(port, HealthEndpoints.READY, a -> a.status() == 503, 15_000);
        assertThat(ready.status()).as(ready.body()).isEqualTo(503);
        assertThat(Http.check(ready, "redis").getString("status")).isEqualTo("DOWN");
        assertThat(Http.get(port, HealthEndpoints.LIVE).status()).isEqualTo(200);
      }
    } finally {
      redis.resume();
    }
    for (int port : ports()) {
      PushClient.Answer ready = Http.getUntil(port, HealthEndpoints.READY, a -> a.status() == 200, 20_000);
      assertThat(ready.status()).as(ready.body()).isEqualTo(200);
    }
  }

  @Test
  void aKilledRedisMakesTheReplicaUnreadyUntilItIsBackAndTheReadersRunAgain() throws Exception {
    int feedPort = gateway.config().feed().port();
    try (SseClient subscriber = SseClient.open(feedPort, "/events")) {
      assertThat(subscriber.status()).isEqualTo(200);
      killAndRecover(feedPort);
    }
  }

  private void killAndRecover(int feedPort) throws Exception {
    Http.getUntil(feedPort, HealthEndpoints.READY,
        a -> "running".equals(Http.check(a, "stream").getJsonObject("data").getString("readers")), 10_000);
    redis.kill();
    try {
      PushClient.Answer down = Http.getUntil(feedPort, HealthEndpoints.READY,
          a -> a.status() == 503 && "DOWN".equals(Http.check(a, "stream").getString("status")), 15_000);
      assertThat(down.status()).isEqualTo(503);
      assertThat(Http.check(down, "redis").getString("status")).isEqualTo("DOWN");
      assertThat(Http.check(down, "stream").getJsonObject("data").getString("readers")).isEqualTo("not reading");
    } finally {
      redis.restart();
    }
    PushClient.Answer up = Http.getUntil(feedPort, HealthEndpoints.READY, a -> a.status() == 200, 20_000);
    assertThat(up.status()).as(up.body()).isEqualTo(200);
    assertThat(Http.check(up, "stream").getJsonObject("data").getString("readers")).isEqualTo("running");
  }

  @Test
  void otherPathsOnThePushPortAreStillProblemNotFound() {
    PushClient.Answer answer = Http.get(gateway.config().push().port(), "/nothing/here");
    assertThat(answer.status()).isEqualTo(404);
    assertThat(answer.contentType()).isEqualTo("application/problem+json");
    PushClient.Answer post = new PushClient(gateway.config().push().port(), "/health/ready")
        .send("POST", "/health/ready", "application/json", "{}");
    assertThat(post.status()).isEqualTo(404);
  }
}
