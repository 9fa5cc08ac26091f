package docplanner.gateway;

import com.sun.net.httpserver.HttpServer;
import docplanner.gateway.health.HealthEndpoints;
import docplanner.gateway.support.Examples;
import docplanner.gateway.support.Http;
import docplanner.gateway.support.PushClient;
import docplanner.gateway.support.SseClient;
import docplanner.gateway.support.TestGateways;
import docplanner.gateway.support.TestRedis;
import docplanner.gateway.support.WsClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SIGTERM to the real fat jar, with a push in flight (held by an approver we control) and feed
 * subscribers connected: readiness turns 503 while the ports still answer, new pushes are refused,
 * the in-flight push is answered, the feeds end with a retry hint, and the process exits 0 within
 * the grace period. Its JSON log lines carry no patient data and no secret.
 */
class GracefulShutdownIT {

  @RegisterExtension
  static final TestRedis redis = new TestRedis();

  private static final Path JAR = Path.of("target", "docplanner-gateway.jar");
  private static final String PUSH_TOKEN = "push-secret-4711";
  private static final String FEED_TOKEN = "feed-secret-0815";
  private static final long GRACE_MS = 20_000;

  private Process gateway;
  private HttpServer approver;

  @AfterEach
  void cleanUp() {
    if (gateway != null && gateway.isAlive()) {
      gateway.destroyForcibly();
    }
    if (approver != null) {
      approver.stop(0);
    }
  }

  @Test
  void sigtermDrainsTheInFlightPushRefusesNewOnesEndsFeedsWithARetryHintAndExitsZero() throws Exception {
    assertThat(JAR).as("the fat jar, built in the package phase").exists();
    CountDownLatch approverReached = new CountDownLatch(1);
    CountDownLatch approverMayAnswer = new CountDownLatch(1);
    approver = startApprover(approverReached, approverMayAnswer);

    int pushPort = TestGateways.freePort();
    int feedPort = TestGateways.freePort();
    Path log = Files.createTempFile("gateway-shutdown", ".log");
    gateway = startGateway(pushPort, feedPort, approver.getAddress().getPort(), log);
    PushClient.Answer ready = awaitReady(feedPort);
    assertThat(ready.status()).as("gateway ready; log: %s", Files.readString(log)).isEqualTo(200);

    PushClient push = new PushClient(pushPort, "/docplanner/notifications/" + PUSH_TOKEN);
    try (SseClient sse = SseClient.open(feedPort, "/events", Map.of("Authorization", "Bearer " + FEED_TOKEN));
         WsClient ws = WsClient.open(feedPort, "/events/ws?access_token=" + FEED_TOKEN)) {
      assertThat(sse.status()).isEqualTo(200);
      // No wait needed: a subscriber's start point is fixed before it is told it is connected, so
      // whatever is pushed from here reaches it (IdleReaderIT).
      assertThat(push.push(Examples.read("slot-booked.json")).status()).isEqualTo(200);
      assertThat(sse.await(1, Duration.ofSeconds(10))).hasSize(1);

      CompletableFuture<PushClient.Answer> inFlight =
          CompletableFuture.supplyAsync(() -> push.push(Examples.read("slot-booking.json")));
      assertThat(approverReached.await(10, TimeUnit.SECONDS)).as("the blocking push reached the approver").isTrue();

      long sigterm = System.nanoTime();
      gateway.destroy(); // SIGTERM

      PushClient.Answer stopping = Http.getUntil(feedPort, HealthEndpoints.READY, a -> a.status() == 503, 10_000);
      assertThat(stopping.status()).isEqualTo(503);
      assertThat(Http.check(stopping, "lifecycle").getJsonObject("data").getString("state")).isEqualTo("stopping");
      assertThat(sse.isEnded()).as("the feed is still open while readiness already says 503").isFalse();
      assertThat(awaitRefused(pushPort)).as("new connections to the push port are refused").isTrue();
      assertThat(inFlight).as("the in-flight push waits for its approver").isNotDone();

      approverMayAnswer.countDown();
      PushClient.Answer answered = inFlight.get(15, TimeUnit.SECONDS);
      assertThat(answered.status()).isEqualTo(200);
      assertThat(answered.json().getString("id")).matches("\\d+-\\d+");

      assertThat(sse.awaitEnd(Duration.ofSeconds(15))).as("the SSE stream ends").isTrue();
      assertThat(sse.retries()).hasSize(2).allMatch("2000"::equals); // at the start, and again at the end
      assertThat(sse.comments()).anyMatch(c -> c.contains("server shutting down"));
      assertThat(ws.awaitClose(Duration.ofSeconds(15))).isEqualTo(1012);

      assertThat(gateway.waitFor(GRACE_MS + 10_000, TimeUnit.MILLISECONDS)).isTrue();
      assertThat(gateway.exitValue()).isZero();
      assertThat(Duration.ofNanos(System.nanoTime() - sigterm)).isLessThan(Duration.ofMillis(GRACE_MS));
    }

    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    assertThat(lines).isNotEmpty();
    for (String line : lines) {
      JsonObject json = new JsonObject(line); // log.format: json, one object per line
      assertThat(json.getString("message")).isNotNull();
    }
    String all = String.join("\n", lines);
    assertThat(all).contains("stopping: no new pushes").contains("\"stopped\"");
    // Patient data from the pushed bodies, and the secrets, never reach a log line.
    assertThat(all).doesNotContain("Lincoln", "+48123123123", "894237492", "example@example.com",
        PUSH_TOKEN, FEED_TOKEN);
  }

  private Process startGateway(int pushPort, int feedPort, int approverPort, Path log) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", JAR.toAbsolutePath().toString())
        .directory(Files.createTempDirectory("gateway-cwd").toFile())
        .redirectOutput(log.toFile())
        .redirectError(ProcessBuilder.Redirect.DISCARD);
    Map<String, String> env = builder.environment();
    env.put("GATEWAY_REDIS_URL", redis.url());
    env.put("GATEWAY_REDIS_EMBEDDED", "never");
    env.put("GATEWAY_PUSH_HOST", "127.0.0.1");
    env.put("GATEWAY_PUSH_PORT", String.valueOf(pushPort));
    env.put("GATEWAY_PUSH_TOKEN", PUSH_TOKEN);
    env.put("GATEWAY_FEED_HOST", "127.0.0.1");
    env.put("GATEWAY_FEED_PORT", String.valueOf(feedPort));
    env.put("GATEWAY_FEED_TOKENS", FEED_TOKEN);
    env.put("GATEWAY_PUSH_INSTANCES", "2");
    env.put("GATEWAY_FEED_INSTANCES", "2");
    env.put("GATEWAY_APPROVAL_SLOT_BOOKING_POLICY", "delegate");
    env.put("GATEWAY_APPROVAL_SLOT_BOOKING_URL", "http://127.0.0.1:" + approverPort + "/approve");
    env.put("GATEWAY_APPROVAL_SLOT_BOOKING_TIMEOUT", "15s");
    env.put("GATEWAY_SHUTDOWN_GRACE_PERIOD", GRACE_MS + "ms");
    env.put("GATEWAY_LOG_FORMAT", "json");
    return builder.start();
  }

  private PushClient.Answer awaitReady(int feedPort) {
    java.util.concurrent.atomic.AtomicReference<PushClient.Answer> ready = new java.util.concurrent.atomic.AtomicReference<>();
    try {
      org.awaitility.Awaitility.await("readiness").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
          .until(() -> {
            if (!gateway.isAlive()) {
              return true;
            }
            try {
              PushClient.Answer answer = Http.get(feedPort, HealthEndpoints.READY);
              if (answer.status() == 200) {
                ready.set(answer);
              }
            } catch (UncheckedIOException notListeningYet) {
              // the JVM is still starting
            }
            return ready.get() != null;
          });
    } catch (org.awaitility.core.ConditionTimeoutException notReady) {
      // answered below as status 0
    }
    return ready.get() != null ? ready.get() : new PushClient.Answer(0, "", "");
  }

  /** An approver that answers 200 only when the test lets it. */
  private static HttpServer startApprover(CountDownLatch reached, CountDownLatch mayAnswer) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    server.createContext("/approve", exchange -> {
      exchange.getRequestBody().readAllBytes();
      reached.countDown();
      try {
        mayAnswer.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    server.start();
    return server;
  }

  /** True once a TCP connection to {@code port} is refused. */
  private static boolean awaitRefused(int port) {
    try {
      org.awaitility.Awaitility.await("connection refused").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
          .until(() -> {
            try (Socket socket = new Socket()) {
              socket.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
              return false;
            } catch (ConnectException refused) {
              return true;
            } catch (IOException other) {
              return false; // keep trying until refused
            }
          });
      return true;
    } catch (org.awaitility.core.ConditionTimeoutException never) {
      return false;
    }
  }
}
