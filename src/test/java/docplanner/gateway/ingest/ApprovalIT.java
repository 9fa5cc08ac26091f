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
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The blocking events: our answer approves or denies a patient's booking. Every policy is
 * exercised, the event is stored and published in every case with its verdict, and a copy gets
 * the verdict the original got.
 */
class ApprovalIT {

  @RegisterExtension
  static final TestRedis redis = new TestRedis();

  /**
   * What the fake approver does next: "approve", "deny:7", "slow" (answers only once
   * {@link #slowAnswer} is counted down, or after 3 s), "fail".
   */
  static final AtomicReference<String> approverMode = new AtomicReference<>("approve");
  static volatile CountDownLatch slowAnswer = new CountDownLatch(0);
  static final List<String> approverSaw = new CopyOnWriteArrayList<>();
  static HttpServer approver;
  static Gateway delegating;
  static Gateway defaults;

  @BeforeAll
  static void start() throws Exception {
    approver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    approver.setExecutor(Executors.newCachedThreadPool());
    approver.createContext("/approve", exchange -> {
      approverSaw.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      String mode = approverMode.get();
      int status = 200;
      String body = "";
      if (mode.equals("slow")) {
        awaitQuietly(slowAnswer);
      } else if (mode.startsWith("deny:")) {
        status = 409;
        body = "{\"error_code\":" + mode.substring(5) + "}";
      } else if (mode.equals("fail")) {
        status = 500;
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
      exchange.getResponseBody().write(bytes);
      exchange.close();
    });
    approver.start();
    String url = "http://127.0.0.1:" + approver.getAddress().getPort() + "/approve";
    delegating = TestGateways.start(redis.url(), Map.of(
        "stream.key", "delegating:events",
        "approval.slot-booking.policy", "delegate",
        "approval.slot-booking.url", url,
        "approval.slot-booking.timeout", "500ms",
        "approval.slot-booking.fallback", "deny",
        "approval.booking-moving.policy", "deny"));
    defaults = TestGateways.start(redis.url(), Map.of("stream.key", "defaults:events"));
  }

  @AfterAll
  static void stop() {
    delegating.close();
    defaults.close();
    approver.stop(0);
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(3, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String slotBooking(String requestId) {
    return new JsonObject(Examples.read("slot-booking.json")).put("created_at", requestId).encode();
  }

  private static JsonObject publishedVerdict(Gateway gateway, String id) throws Exception {
    try (SseClient sse = SseClient.open(gateway.config().feed().port(), "/events?since=0")) {
      // Until the event arrives (a replay from the start of the stream), not for a fixed while.
      List<SseEvent> events = await().atMost(Duration.ofSeconds(10)).until(sse::events,
          received -> received.stream().anyMatch(e -> id.equals(e.id())));
      return events.stream().filter(e -> id.equals(e.id())).findFirst().orElseThrow().json();
    }
  }

  @Test
  void byDefaultBlockingEventsAreApprovedOnceStored() throws Exception {
    Answer answer = TestGateways.pushClient(defaults).push(Examples.read("booking-moving.json"));
    assertThat(answer.status()).isEqualTo(200);
    JsonObject envelope = publishedVerdict(defaults, answer.json().getString("id"));
    assertThat(envelope.getString("verdict")).isEqualTo("approved");
    assertThat(envelope.getString("verdict_by")).isEqualTo("policy");
  }

  @Test
  void denyPolicyAnswersNon2xxWithErrorCodeButStoresAndPublishes() throws Exception {
    PushClient push = TestGateways.pushClient(delegating);
    long before = Long.parseLong(redis.command("XLEN", "delegating:events"));
    Answer answer = push.push(Examples.read("booking-moving.json"));
    assertThat(answer.status()).isEqualTo(409);
    assertThat(answer.contentType()).isEqualTo("application/json");
    assertThat(answer.json()).isEqualTo(new JsonObject().put("error_code", 1));
    assertThat(Long.parseLong(redis.command("XLEN", "delegating:events"))).isEqualTo(before + 1);
    JsonObject envelope = publishedVerdict(delegating, redis.lastId("delegating:events"));
    assertThat(envelope.getString("verdict")).isEqualTo("denied");
    assertThat(envelope.getString("verdict_by")).isEqualTo("policy");
  }

  @Test
  void delegateFollowsTheApproversAnswer() throws Exception {
    PushClient push = TestGateways.pushClient(delegating);
    approverMode.set("approve");
    Answer approved = push.push(slotBooking("approve-1"));
    assertThat(approved.status()).isEqualTo(200);
    assertThat(publishedVerdict(delegating, approved.json().getString("id")).getString("verdict_by")).isEqualTo("approver");
    assertThat(new JsonObject(approverSaw.get(approverSaw.size() - 1)).getString("created_at")).isEqualTo("approve-1");

    approverMode.set("deny:7");
    Answer denied = push.push(slotBooking("deny-1"));
    assertThat(denied.status()).isEqualTo(409);
    assertThat(denied.json()).isEqualTo(new JsonObject().put("error_code", 7));
  }

  @Test
  void aSlowOrFailingApproverGetsTheFallbackVerdictOnTime() throws Exception {
    PushClient push = TestGateways.pushClient(delegating);
    slowAnswer = new CountDownLatch(1);
    approverMode.set("slow");
    long start = System.nanoTime();
    Answer slow = push.push(slotBooking("slow-1"));
    long elapsedMs = (System.nanoTime() - start) / 1_000_000;
    slowAnswer.countDown(); // the approver answers only now, after the gateway has answered Docplanner
    assertThat(slow.status()).isEqualTo(409);
    assertThat(slow.json()).isEqualTo(new JsonObject().put("error_code", 1));
    assertThat(elapsedMs).isBetween(450L, 2_500L); // the 500 ms deadline, not the approver's answer

    approverMode.set("fail");
    assertThat(push.push(slotBooking("fail-1")).status()).isEqualTo(409);

    JsonObject envelope = publishedVerdict(delegating, redis.lastId("delegating:events"));
    assertThat(envelope.getString("verdict")).isEqualTo("denied");
    assertThat(envelope.getString("verdict_by")).isEqualTo("fallback");
  }

  @Test
  void aCopyOfABlockingEventGetsTheVerdictTheOriginalGot() {
    PushClient push = TestGateways.pushClient(delegating);
    approverMode.set("deny:3");
    Answer first = push.push(slotBooking("copy-1"));
    assertThat(first.json()).isEqualTo(new JsonObject().put("error_code", 3));
    approverMode.set("approve");
    Answer copy = push.push(slotBooking("copy-1"));
    assertThat(copy.status()).isEqualTo(409);
    assertThat(copy.json()).isEqualTo(new JsonObject().put("error_code", 3));
  }
}
