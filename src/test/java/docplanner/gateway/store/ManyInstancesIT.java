package docplanner.gateway.store;

import docplanner.gateway.Gateway;
import docplanner.gateway.health.HealthEndpoints;
import docplanner.gateway.support.Notifications;
import docplanner.gateway.support.PushClient.Answer;
import docplanner.gateway.support.SseClient;
import docplanner.gateway.support.TestGateways;
import docplanner.gateway.support.TestRedis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The most instances the configuration allows (64 push + 64 feed, as on a large host): every
 * instance's links (pushes, history reads, health probe, the feed instances' stream readers) get a connection of their own, so every
 * instance serves. With a pool not derived from the instance counts the last links wait forever.
 */
class ManyInstancesIT {

  @RegisterExtension
  static final TestRedis redis = new TestRedis();

  static final int INSTANCES = 64;

  @Test
  void everyInstanceOfALargeDeploymentGetsItsRedisConnectionsAndServes() throws Exception {
    try (Gateway gateway = TestGateways.start(redis.url(), Map.of(
        "push.instances", INSTANCES, "feed.instances", INSTANCES, "redis.command-timeout", "3s"))) {
      ConnectionBudget budget = gateway.connectionBudget();
      assertThat(budget.pushInstances()).isEqualTo(INSTANCES);
      assertThat(budget.links()).isEqualTo(5 * INSTANCES);
      assertThat(budget.poolSize()).isGreaterThanOrEqualTo(budget.links());

      Answer stored = TestGateways.pushClient(gateway).push(Notifications.slotBooked("many-0", "f", "d"));
      assertThat(stored.status()).isEqualTo(200);
      String id = stored.json().getString("id");
      // Each new TCP connection goes to the next instance: twice round touches every one.
      for (int i = 0; i < 2 * INSTANCES; i++) {
        assertThat(readyStatus(gateway.config().push().port())).as("push connection %d", i).isEqualTo(200);
        assertThat(readyStatus(gateway.config().feed().port())).as("feed connection %d", i).isEqualTo(200);
      }
      // Every feed instance reads history on its own link: each replay gets the stored event.
      for (int i = 0; i < INSTANCES; i++) {
        try (SseClient replay = SseClient.open(gateway.config().feed().port(), "/events?since=0")) {
          assertThat(replay.status()).isEqualTo(200);
          assertThat(replay.await(1, Duration.ofSeconds(10))).as("replay %d", i)
              .extracting(e -> e.id()).containsExactly(id);
        }
      }
      // Every push instance stores (its link was connected at start, and still works).
      for (int i = 0; i < INSTANCES; i++) {
        assertThat(pushStatus(gateway.config().push().port(), gateway.config().push().path(), "many-" + (i + 1)))
            .as("push %d", i).isEqualTo(200);
      }
      assertThat(redis.command("XLEN", "docplanner:events")).isEqualTo(String.valueOf(INSTANCES + 1));
    }
  }

  /** GET /health/ready on a connection of its own (closed after), so instances take turns. */
  private static int readyStatus(int port) throws IOException {
    return exchange(port, "GET " + HealthEndpoints.READY + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
  }

  private static int pushStatus(int port, String path, String bookingId) throws IOException {
    byte[] body = Notifications.slotBooked(bookingId, "f", "d").getBytes(StandardCharsets.UTF_8);
    return exchange(port, "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
        + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n"
        + new String(body, StandardCharsets.UTF_8));
  }

  private static int exchange(int port, String request) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(15_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = socket.getInputStream();
      StringBuilder statusLine = new StringBuilder();
      for (int c = in.read(); c != -1 && c != '\r'; c = in.read()) {
        statusLine.append((char) c);
      }
      in.readAllBytes();
      return Integer.parseInt(statusLine.toString().split(" ")[1]);
    }
  }
}
