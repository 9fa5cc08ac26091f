package docplanner.gateway.ingest;

import com.sun.net.httpserver.HttpServer;
import docplanner.gateway.Gateway;
import docplanner.gateway.support.Examples;
import docplanner.gateway.support.PushClient;
import docplanner.gateway.support.PushClient.Answer;
import docplanner.gateway.support.SseClient;
import docplanner.gateway.support.SseEvent;
import docplanner.gateway.support.TestGateways;
import docplanner.gateway.support.TestRedis;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 9.4: a blocking event is decided once (a copy gets the stored verdict and the approver is
 * not asked again), and what the feed says about it is what Docplanner was answered, also when
 * Redis stores it only after the push was answered 503.
 */
class ApprovalOnceIT {

  @RegisterExtension
  static final TestRedis redis = new TestRedis();

  /** What the approver does next: "approve", "deny:N", or "pause-redis" (SIGSTOP Redis, then approve). */
  static final AtomicReference<String> mode = new AtomicReference<>("approve");
  static final AtomicInteger asked = new AtomicInteger();
  static HttpServer approver;
  static Gateway gateway;

  @BeforeAll
  static void start() throws Exception {
    approver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    approver.setExecutor(Executors.newCachedThreadPool());
    approver.createContext("/approve", exchange -> {
      exchange.getRequestBody().readAllBytes();
      asked.incrementAndGet();
      String now = mode.get();
      int status = 200;
      String body = "";
      if (now.startsWith("deny:")) {
        status = 409;
        body = "{\"error_code\":" + now.substring(5) + "}";
      } else if (now.equals("pause-redis")) {
        redis.pause(); // Redis hangs between the decision and the store
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
      exchange.getResponseBody().write(bytes);
      exchange.close();
    });
    approver.start();
    gateway = TestGateways.start(redis.url(), Map.of(
        "stream.key", "once:events",
        "push.instances", 1, // one Redis link: a marker pushed after an event is run after it
        "push.store-timeout", "1s",
        "approval.slot-booking.policy", "delegate",
        "approval.slot-booking.url", "http://127.0.0.1:" + approver.getAddress().getPort() + "/approve",
        "approval.slot-booking.timeout", "2s"));
  }

  @AfterAll
  static void stop() {
    gateway.close();
    approver.stop(0);
  }

  private static String slotBooking(String createdAt) {
    return new JsonObject(Examples.read("slot-booking.json")).put("created_at", createdAt).encode();
  }

  @Test
  void aCopyGetsTheStoredVerdictWithoutAskingTheApprover() {
    PushClient push = TestGateways.pushClient(gateway);
    mode.set("deny:5");
    int before = asked.get();
    Answer first = push.push(slotBooking("once-denied"));
    assertThat(first.status()).isEqualTo(409);
    assertThat(first.json()).isEqualTo(new JsonObject().put("error_code", 5));

    mode.set("approve");
    Answer copy = push.push(slotBooking("once-denied"));
    assertThat(copy.status()).isEqualTo(409);
    assertThat(copy.json()).isEqualTo(new JsonObject().put("error_code", 5));
    assertThat(asked.get() - before).as("approver calls").isEqualTo(1);

    Answer approved = push.push(slotBooking("once-approved"));
    Answer approvedCopy = push.push(" " + slotBooking("once-approved"));
    assertThat(approved.status()).isEqualTo(200);
    assertThat(approvedCopy.status()).isEqualTo(200);
    assertThat(approvedCopy.json().getString("id")).isEqualTo(approved.json().getString("id"));
    assertThat(approvedCopy.json().getBoolean("duplicate")).isTrue();
    assertThat(asked.get() - before).as("approver calls").isEqualTo(2);
  }

  @Test
  void aBlockingEventAnswered503IsNeverPublishedAsApproved() throws Exception {
    PushClient push = TestGateways.pushClient(gateway);
    mode.set("pause-redis");
    Answer answer;
    try {
      answer = push.push(slotBooking("late-store"));
    } finally {
      redis.resume();
    }
    assertThat(answer.status()).isEqualTo(503);

    // On the same link, after the late store: once this is acknowledged, the store has run (or never will).
    mode.set("approve");
    assertThat(push.push(Examples.read("slot-booked.json")).status()).isEqualTo(200);

    List<JsonObject> published = published("late-store");
    assertThat(published).as("the slot-booking as published").hasSizeLessThanOrEqualTo(1);
    for (JsonObject envelope : published) {
      assertThat(envelope.getString("verdict")).isEqualTo("denied");
      assertThat(envelope.getString("verdict_by")).isEqualTo("timeout");
    }
    if (!published.isEmpty()) {
      // Docplanner's copy (release re-dispatch) gets the same refusal, without a new decision.
      int before = asked.get();
      Answer copy = push.push(slotBooking("late-store"));
      assertThat(copy.status()).isEqualTo(409);
      assertThat(asked.get()).isEqualTo(before);
    }
  }

  /** The published envelopes of the slot-booking created at {@code createdAt}. */
  private static List<JsonObject> published(String createdAt) throws Exception {
    String lastId = redis.lastId("once:events");
    List<JsonObject> out = new ArrayList<>();
    try (SseClient sse = SseClient.open(gateway.config().feed().port(), "/events?since=0")) {
      await().atMost(Duration.ofSeconds(5)).until(() -> lastId.equals(sse.lastId()));
      for (SseEvent event : sse.deliveries()) {
        JsonObject envelope = event.json();
        if (createdAt.equals(envelope.getJsonObject("notification").getString("created_at"))) {
          out.add(envelope);
        }
      }
    }
    return out;
  }
}
