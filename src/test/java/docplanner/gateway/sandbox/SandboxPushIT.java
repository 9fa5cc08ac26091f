package docplanner.gateway.sandbox;

import docplanner.gateway.support.Examples;
import docplanner.gateway.support.PushReceiver;
import docplanner.gateway.support.SandboxClient;
import docplanner.gateway.support.SandboxClient.Reply;
import docplanner.gateway.support.TestGateways;
import docplanner.gateway.support.TestSandbox;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Push delivery, retries, the failed store and release of the simulated Docplanner, over real HTTP. */
class SandboxPushIT {

  @RegisterExtension
  static final TestSandbox sandbox = new TestSandbox(Map.of("sandbox.push.timeout", "1s"));

  final SandboxClient client = sandbox.client();
  PushReceiver receiver;

  @BeforeEach
  void receive() {
    receiver = PushReceiver.start();
    client.pushEndpoint(receiver.url());
  }

  @AfterEach
  void closeReceiver() {
    receiver.close();
  }

  static String body(int n) {
    return SandboxApiIT.body("break-created", n);
  }

  @Test
  void eachEventIsPostedOnceAsJsonWithItsExactBytes() {
    String pretty = new JsonObject(Examples.read("slot-booked.json")).encodePrettily();
    client.enqueue(body(1), pretty, body(3));
    List<PushReceiver.Received> received = receiver.await(3, Duration.ofSeconds(10));
    assertThat(received).extracting(PushReceiver.Received::method).containsOnly("POST");
    assertThat(received).extracting(PushReceiver.Received::contentType).containsOnly("application/json");
    assertThat(received).extracting(PushReceiver.Received::body).containsExactlyInAnyOrder(body(1), pretty, body(3));
    await().atMost(Duration.ofSeconds(10)).until(() -> client.items("delivered").size() == 3);
    assertThat(client.items("delivered")).allSatisfy(d -> {
      assertThat(d.getInteger("attempt")).isEqualTo(1);
      assertThat(d.getString("via")).isEqualTo("push");
      assertThat(d.getInteger("status")).isEqualTo(200);
    });
    client.advance("15m");
    assertThat(receiver.received()).hasSize(3);
    assertThat(client.read("/stats").getInteger("retries_scheduled")).isZero();
  }

  @Test
  void deliverChoosesBetweenQueueAndPush() {
    client.enqueueVia("push", body(1));
    client.enqueueVia("queue", body(2));
    receiver.await(1, Duration.ofSeconds(10));
    assertThat(client.items("queue")).extracting(q -> q.getJsonObject("notification").encode()).containsExactly(body(2));
    await().atMost(Duration.ofSeconds(10)).until(() -> client.items("attempts").size() == 1);
    assertThat(receiver.bodies()).containsExactly(body(1));
  }

  @Test
  void aFailedDeliveryIsRetriedAfter5AndAfter10MinutesThenKeptAsFailed() {
    receiver.answer(500, 3);
    client.enqueue(body(1));
    receiver.await(1, Duration.ofSeconds(10));
    awaitScheduledRetries(1);
    client.advance("299s");
    assertThat(scheduledRetries()).isEqualTo(1);
    assertThat(receiver.received()).hasSize(1);
    client.advance("1s");
    receiver.await(2, Duration.ofSeconds(10));
    awaitScheduledRetries(1);
    client.advance("599s");
    assertThat(scheduledRetries()).isEqualTo(1);
    client.advance("1s");
    receiver.await(3, Duration.ofSeconds(10));
    await().atMost(Duration.ofSeconds(10)).until(() -> client.items("failed").size() == 1);
    JsonObject failed = client.items("failed").get(0);
    assertThat(failed.getInteger("attempts")).isEqualTo(3);
    assertThat(failed.getString("reason")).isEqualTo("answered 500");
    assertThat(client.items("attempts")).extracting(a -> a.getString("via")).containsExactly("push", "retry", "retry");
    assertThat(client.items("failed/history")).hasSize(1);
    client.advance("1h");
    assertThat(receiver.received()).hasSize(3);
  }

  @Test
  void aRetryThatSucceedsIsDeliveredAndNotFailed() {
    receiver.answer(503, 1);
    client.enqueue(body(1));
    receiver.await(1, Duration.ofSeconds(10));
    awaitScheduledRetries(1);
    client.advance("5m");
    receiver.await(2, Duration.ofSeconds(10));
    await().atMost(Duration.ofSeconds(10)).until(() -> client.items("delivered").size() == 1);
    assertThat(client.items("delivered").get(0).getInteger("attempt")).isEqualTo(2);
    assertThat(client.items("delivered").get(0).getString("via")).isEqualTo("retry");
    assertThat(scheduledRetries()).isZero();
    assertThat(client.items("failed")).isEmpty();
  }

  @Test
  void aRefusedConnectionAndASlowEndpointAreFailuresToo() {
    int nobody = TestGateways.freePort();
    client.pushEndpoint("http://127.0.0.1:" + nobody + "/nobody-listens");
    client.enqueue(body(1));
    await().atMost(Duration.ofSeconds(10)).until(() -> client.items("attempts").size() == 1);
    assertThat(client.items("attempts").get(0).getBoolean("delivered")).isFalse();
    // In plain words, not the Java exception that carried it.
    assertThat(client.items("attempts").get(0).getString("error")).isEqualTo("connection refused by 127.0.0.1:" + nobody);

    client.pushEndpoint(receiver.url());
    receiver.answer(-3000, 1); // answers after 3 s; sandbox.push.timeout is 1 s
    client.enqueue(body(2));
    await().atMost(Duration.ofSeconds(10)).until(() -> client.items("attempts").size() == 2);
    assertThat(client.items("attempts").get(1).getString("error")).isEqualTo("timeout");
    awaitScheduledRetries(2);
  }

  @Test
  void failNextMakesDeliveriesFailWithoutReachingTheEndpoint() {
    assertThat(client.failNext(2).getInteger("fail_next")).isEqualTo(2);
    client.enqueue(body(1), body(2), body(3));
    receiver.await(1, Duration.ofSeconds(10));
    awaitScheduledRetries(2);
    assertThat(receiver.bodies()).containsExactly(body(3));
    assertThat(client.items("attempts")).filteredOn(a -> !a.getBoolean("delivered"))
        .extracting(a -> a.getString("error")).containsOnly("simulated failure (admin push/fail)");
    client.advance("5m");
    receiver.await(3, Duration.ofSeconds(10));
    assertThat(receiver.bodies()).containsExactlyInAnyOrder(body(1), body(2), body(3));
  }

  @Test
  void releaseRedispatchesEveryFailedEventOnceAndThenAnswers429UntilTheHourIsOver() {
    failAll(3);
    String token = client.token();
    Reply released = client.release(token);
    assertThat(released.status()).isEqualTo(204);
    assertThat(released.body()).isEmpty();
    receiver.await(3, Duration.ofSeconds(10));
    await().atMost(Duration.ofSeconds(10)).until(() -> client.items("released").size() == 3);
    assertThat(receiver.bodies()).containsExactlyInAnyOrder(body(1), body(2), body(3));
    assertThat(client.items("released")).allSatisfy(r -> assertThat(r.getBoolean("delivered")).isTrue());
    assertThat(client.items("delivered")).extracting(d -> d.getString("via")).containsOnly("release");
    assertThat(client.items("failed")).isEmpty();

    Reply tooSoon = client.release(token);
    assertThat(tooSoon.status()).isEqualTo(429);
    assertThat(tooSoon.contentType()).isEqualTo(SandboxApiIT.ERROR);
    assertThat(Long.parseLong(tooSoon.header("Retry-After"))).isBetween(3500L, 3600L);
    client.advance("59m");
    token = client.token();
    Reply stillTooSoon = client.release(token);
    assertThat(stillTooSoon.status()).isEqualTo(429);
    assertThat(Long.parseLong(stillTooSoon.header("Retry-After"))).isBetween(1L, 60L);
    client.advance("1m");
    assertThat(client.release(token).status()).isEqualTo(204);
    client.advance("1h");
    assertThat(receiver.received()).hasSize(3);
  }

  @Test
  void anEventThatFailsAgainOnReleaseStaysFailedForTheNextRelease() {
    failAll(1);
    receiver.answer(500, 1);
    assertThat(client.release(client.token()).status()).isEqualTo(204);
    receiver.await(1, Duration.ofSeconds(10));
    await().atMost(Duration.ofSeconds(10)).until(() -> client.items("failed").size() == 1);
    assertThat(client.items("failed").get(0).getInteger("attempts")).isEqualTo(4);
    assertThat(client.items("released").get(0).getBoolean("delivered")).isFalse();
    client.advance("1h");
    assertThat(client.release(client.token()).status()).isEqualTo(204);
    receiver.await(2, Duration.ofSeconds(10));
    await().atMost(Duration.ofSeconds(10)).until(() -> client.items("failed").isEmpty());
  }

  @Test
  void failedEventsAreDeleted14DaysAfterTheirCreation() {
    failAll(1); // created, then failed 15 minutes later
    client.advance("13d");
    client.advance("23h");
    client.advance("44m");
    assertThat(client.items("failed")).hasSize(1);
    assertThat(client.items("failed").get(0).getString("delete_at")).isNotBlank();
    client.advance("1m");
    assertThat(client.items("failed")).isEmpty();
    assertThat(client.items("deleted")).hasSize(1);
    assertThat(client.release(client.token()).status()).isEqualTo(204);
    client.advance("1m");
    assertThat(receiver.received()).isEmpty();
  }

  @Test
  void releaseIsForbiddenOnceThePushEndpointIsRemoved() {
    client.pushEndpoint("");
    Reply reply = client.release(client.token());
    assertThat(reply.status()).isEqualTo(403);
    assertThat(reply.json()).isEqualTo(new JsonObject(Examples.apiAnswer("error-release-forbidden.json")));
  }

  /** {@code count} events whose three attempts all fail without reaching the receiver. */
  private void failAll(int count) {
    client.failNext(3 * count);
    for (int n = 1; n <= count; n++) {
      client.enqueueVia("push", body(n));
    }
    awaitScheduledRetries(count);
    client.advance("5m");
    awaitScheduledRetries(count);
    client.advance("10m");
    await().atMost(Duration.ofSeconds(10)).until(() -> client.items("failed").size() == count);
    assertThat(receiver.received()).isEmpty();
  }

  private void awaitScheduledRetries(int count) {
    await().atMost(Duration.ofSeconds(10)).until(() -> scheduledRetries() == count);
  }

  private int scheduledRetries() {
    return client.read("/stats").getInteger("retries_scheduled");
  }
}
