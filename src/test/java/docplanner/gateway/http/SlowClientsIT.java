package docplanner.gateway.http;

import docplanner.gateway.Gateway;
import docplanner.gateway.support.Notifications;
import docplanner.gateway.support.RawHttp;
import docplanner.gateway.support.SseClient;
import docplanner.gateway.support.TestGateways;
import docplanner.gateway.support.TestRedis;
import docplanner.gateway.support.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Slowloris and friends (issue 10.5): a client cannot hold a connection by trickling bytes, on
 * either port, while subscribers (kept busy by heartbeats) stay connected; connections over the
 * port's limits are closed as they arrive, and real pushes from another sender still get through.
 */
class SlowClientsIT {

  @RegisterExtension
  static final TestRedis redis = new TestRedis();

  static Gateway gateway;

  @BeforeAll
  static void start() {
    gateway = TestGateways.start(redis.url(), Map.ofEntries(
        Map.entry("push.header-timeout", "1s"),
        Map.entry("push.request-timeout", "2s"),
        Map.entry("push.idle-timeout", "2s"),
        Map.entry("push.max-connections", 60),
        Map.entry("push.max-connections-per-source", 20),
        Map.entry("feed.header-timeout", "1s"),
        Map.entry("feed.request-timeout", "2s"),
        Map.entry("feed.idle-timeout", "2s"),
        Map.entry("feed.heartbeat", "300ms")));
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  private static int pushPort() {
    return gateway.config().push().port();
  }

  private static int feedPort() {
    return gateway.config().feed().port();
  }

  /** Writes {@code piece} every 200 ms until the server closes the connection; the pace of the attack, not a wait. */
  private static Thread trickle(RawHttp connection, String piece, AtomicBoolean stop) {
    Thread t = new Thread(() -> {
      while (!stop.get() && connection.send(piece)) {
        try {
          Thread.sleep(200);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "trickle");
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static long millisUntilClosed(RawHttp connection) {
    long start = System.nanoTime();
    assertThat(connection.closedWithin(Duration.ofSeconds(8))).as("closed by the server").isTrue();
    return (System.nanoTime() - start) / 1_000_000;
  }

  @Test
  void headersTrickledByteByByteAreCutAtTheHeaderDeadlineOnBothPorts() {
    for (int port : new int[] {pushPort(), feedPort()}) {
      AtomicBoolean stop = new AtomicBoolean();
      try (RawHttp slow = RawHttp.connect(port)) {
        slow.send("GET /health/live HTTP/1.1\r\nHost: localhost\r\n");
        trickle(slow, "X", stop);
        assertThat(millisUntilClosed(slow)).as("port " + port).isLessThan(4_000);
      } finally {
        stop.set(true);
      }
    }
  }

  /** Also with an Upgrade header, which only a GET's handshake may use to leave the request deadline. */
  @ParameterizedTest
  @ValueSource(strings = {"", "Upgrade: websocket\r\n"})
  void aChunkedBodyTrickledSlowerThanTheRequestDeadlineIsAnswered408AndCut(String extraHeader) {
    AtomicBoolean stop = new AtomicBoolean();
    try (RawHttp slow = RawHttp.connect(pushPort())) {
      slow.send("POST " + gateway.config().push().endpointPath() + " HTTP/1.1\r\nHost: localhost\r\n" + extraHeader
          + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n1\r\n{\r\n");
      trickle(slow, "1\r\n \r\n", stop);
      long start = System.nanoTime();
      RawHttp.Response answer = slow.read();
      assertThat(answer).as("an answer before the connection is cut").isNotNull();
      assertThat(answer.status()).isEqualTo(408);
      assertThat(answer.header("Content-Type")).isEqualTo("application/problem+json");
      assertThat(slow.closedWithin(Duration.ofSeconds(3))).isTrue();
      assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5_000);
    } finally {
      stop.set(true);
    }
  }

  @Test
  void aSilentConnectionIsClosedAndAKeptAliveOneAfterTheIdleTimeout() {
    try (RawHttp silent = RawHttp.connect(feedPort())) {
      assertThat(millisUntilClosed(silent)).isLessThan(4_000);
    }
    try (RawHttp keptAlive = RawHttp.connect(feedPort())) {
      keptAlive.send("GET /health/live HTTP/1.1\r\nHost: localhost\r\n\r\n");
      assertThat(keptAlive.read().status()).isEqualTo(200);
      assertThat(millisUntilClosed(keptAlive)).isLessThan(5_000);
    }
  }

  @Test
  void aKeptAlivePushConnectionIsClosedAfterTheIdleTimeoutThoughThePushPortHasNoIdleHandler() {
    try (RawHttp keptAlive = RawHttp.connect(pushPort())) {
      keptAlive.send(RawHttp.post(gateway.config().push().endpointPath(), Notifications.slotBooked("kept-alive", "f1", "d1"), ""));
      assertThat(keptAlive.read().status()).isEqualTo(200);
      // push.idle-timeout is 2s: a deadline of the connection (ConnectionDeadlines), swept every 250 ms.
      assertThat(millisUntilClosed(keptAlive)).isBetween(1_000L, 5_000L);
    }
  }

  @Test
  void subscribersOutliveEveryDeadlineTheirHeartbeatsKeepThemOpen() throws Exception {
    try (SseClient sse = SseClient.open(feedPort(), "/events");
         WsClient ws = WsClient.open(feedPort(), "/events/ws")) {
      assertThat(sse.status()).isEqualTo(200);
      // Longer than the header, request and idle timeouts together.
      await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(7)).until(() -> !sse.isEnded());
      assertThat(TestGateways.pushClient(gateway).push(Notifications.slotBooked("alive", "f1", "d1")).status()).isEqualTo(200);
      assertThat(sse.await(1, Duration.ofSeconds(5))).hasSize(1);
      assertThat(ws.await(1, Duration.ofSeconds(5))).hasSize(1);
    }
  }

  @Test
  void connectionsOverTheLimitsAreClosedAtOnceAndRealPushesStillGetThrough() {
    // Deadlines far away: only the limits close connections here.
    try (Gateway limited = TestGateways.start(redis.url(), Map.of(
        "push.header-timeout", "60s",
        "push.max-connections", 60,
        "push.max-connections-per-source", 20))) {
      int port = limited.config().push().port();
      List<RawHttp> open = new ArrayList<>();
      try {
        List<RawHttp> first = connect(port, "127.0.0.1", 50, open);
        assertThat(closedAtOnce(first)).as("over push.max-connections-per-source (20)").isEqualTo(30);
        // Another sender is not affected by the first one's connections.
        RawHttp docplanner = RawHttp.connect(port, "127.0.0.2");
        open.add(docplanner);
        docplanner.send(RawHttp.post(limited.config().push().endpointPath(),
            Notifications.slotBooked("through", "f1", "d1"), ""));
        RawHttp.Response answer = docplanner.read();
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        // 21 open now; over push.max-connections (60) in all, whoever connects.
        List<RawHttp> more = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
          more.addAll(connect(port, "127.0.1." + i, 20, open));
        }
        assertThat(closedAtOnce(more)).isEqualTo(21);
      } finally {
        open.forEach(RawHttp::close);
      }
    }
  }

  private static List<RawHttp> connect(int port, String from, int n, List<RawHttp> all) {
    List<RawHttp> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(RawHttp.connect(port, from));
    }
    all.addAll(out);
    return out;
  }

  /** How many of {@code connections} the server has closed (those over a limit are closed as accepted). */
  private static long closedAtOnce(List<RawHttp> connections) {
    return connections.stream().filter(c -> c.closedWithin(Duration.ofMillis(100))).count();
  }
}
