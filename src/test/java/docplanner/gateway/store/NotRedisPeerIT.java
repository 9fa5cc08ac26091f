package docplanner.gateway.store;

import ch.qos.logback.classic.spi.ILoggingEvent;
import docplanner.gateway.Gateway;
import docplanner.gateway.config.ConfigException;
import docplanner.gateway.support.CapturedLog;
import docplanner.gateway.support.Notifications;
import docplanner.gateway.support.TcpRelay;
import docplanner.gateway.support.TestGateways;
import docplanner.gateway.support.TestRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Something that is not Redis at {@code redis.url}: an HTTP server, or a peer that accepts and
 * never answers. One clear line saying which, never an unthrottled error loop from the client, and
 * never an embedded Redis started beside it.
 */
class NotRedisPeerIT {

  @RegisterExtension
  static final TestRedis redis = new TestRedis();

  @RegisterExtension
  final CapturedLog health = new CapturedLog(RedisHealth.class);

  @RegisterExtension
  final CapturedLog embedded = new CapturedLog(EmbeddedRedis.class);

  @RegisterExtension
  final CapturedLog client = new CapturedLog("io.vertx");

  private Peer peer;

  @BeforeEach
  void peer() throws IOException {
    peer = new Peer();
  }

  @AfterEach
  void closePeer() throws IOException {
    peer.close();
  }

  @Test
  void anHttpServerAtTheUrlIsRefusedAtStartWithOneLineAndNoEmbeddedRedis() {
    peer.answer("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    assertThatThrownBy(() -> TestGateways.start(peer.url(), Map.of("redis.embedded", "auto")).close())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("does not speak the Redis protocol")
        .hasMessageContaining("HTTP/1.1 400")
        .hasMessageContaining("GATEWAY_REDIS_URL");
    assertThat(messages(embedded)).noneMatch(line -> line.contains("embedded Redis"));
  }

  @Test
  void aPeerThatAcceptsAndNeverAnswersIsNamedAndNoEmbeddedRedisIsStartedBesideIt() {
    peer.answer(null);
    try (Gateway gateway = TestGateways.start(peer.url(), Map.of("redis.embedded", "auto",
        "redis.connect-timeout", "300ms", "redis.command-timeout", "500ms", "push.store-timeout", "500ms"))) {
      assertThat(gateway.redisUrl()).isEqualTo(peer.url());
      assertThat(messages(embedded)).noneMatch(line -> line.contains("started an embedded Redis"))
          .anyMatch(line -> line.contains("accepted the connection but did not answer within"));
      assertThat(TestGateways.pushClient(gateway).push(Notifications.slotBooked("silent", "f", "d")).status())
          .isEqualTo(503);
      await().atMost(Duration.ofSeconds(5))
          .until(() -> messages(health).stream().anyMatch(line -> line.contains("no answer to the handshake")));
    }
  }

  @Test
  void aRedisReplacedByAnHttpServerAtRuntimeGivesThrottledLinesNotAnErrorLoop() throws Exception {
    peer.answer("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    try (TcpRelay relay = TcpRelay.to(redis.port());
         Gateway gateway = TestGateways.start(relay.url(), Map.of("redis.command-timeout", "500ms"))) {
      assertThat(TestGateways.pushClient(gateway).push(Notifications.slotBooked("http-0", "f", "d")).status())
          .isEqualTo(200);
      relay.retarget(peer.port());
      relay.reset();
      // Every link reconnects, and keeps trying (backoff up to a second) for a few seconds.
      await().atMost(Duration.ofSeconds(10)).until(() -> peer.connections() >= 20);
      List<String> lines = messages(health);
      assertThat(lines).anyMatch(line -> line.contains("does not speak the Redis protocol"));
      // A line per kind of trouble (the reset, the wrong peer), not one per attempt or per link.
      assertThat(lines.stream().filter(line -> line.contains("Redis at")).count()).isLessThanOrEqualTo(4);
      // (Vert.x 5.0.7 also trips an internal assert when such a connection closes, which only
      // shows with -ea, as in tests: "Unhandled exception ... AssertionError" from ContextImpl.)
      assertThat(messages(client)).noneMatch(line -> line.contains("Unhandled Error"));
    }
  }

  private static List<String> messages(CapturedLog log) {
    return log.lines().stream().map(ILoggingEvent::getFormattedMessage).toList();
  }

  /** A TCP server that answers every connection with fixed bytes and closes, or never answers. */
  private static final class Peer implements AutoCloseable {
    private final ServerSocket server;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile String answer;
    private volatile int connections;

    Peer() throws IOException {
      server = new ServerSocket();
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      Thread acceptor = new Thread(this::serve, "not-redis-peer");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    /** @param bytes what to answer after the first bytes arrive; null: never answer */
    void answer(String bytes) {
      this.answer = bytes;
    }

    int port() {
      return server.getLocalPort();
    }

    String url() {
      return "redis://127.0.0.1:" + port();
    }

    int connections() {
      return connections;
    }

    private void serve() {
      while (!server.isClosed()) {
        try {
          Socket socket = server.accept();
          connections++;
          open.add(socket);
          String reply = answer;
          if (reply != null) {
            Thread thread = new Thread(() -> reply(socket, reply), "not-redis-peer-reply");
            thread.setDaemon(true);
            thread.start();
          }
        } catch (IOException e) {
          return;
        }
      }
    }

    private static void reply(Socket socket, String reply) {
      try (socket) {
        InputStream in = socket.getInputStream();
        if (in.read() < 0) {
          return;
        }
        OutputStream out = socket.getOutputStream();
        out.write(reply.getBytes(StandardCharsets.US_ASCII));
        out.flush();
      } catch (IOException ignored) {
        // the client went away first
      }
    }

    @Override
    public void close() throws IOException {
      server.close();
      for (Socket socket : open) {
        socket.close();
      }
    }
  }
}
