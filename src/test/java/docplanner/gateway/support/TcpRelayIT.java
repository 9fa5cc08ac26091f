package docplanner.gateway.support;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The relay the fault tests rely on does what its Javadoc says, against two real Redis servers. */
class TcpRelayIT {

  @RegisterExtension
  static final TestRedis redis = new TestRedis();

  @RegisterExtension
  static final TestRedis other = new TestRedis();

  private static final byte[] PING = "*1\r\n$4\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII);

  private static Socket open(TcpRelay relay) throws IOException {
    Socket socket = new Socket("127.0.0.1", relay.port());
    socket.setSoTimeout(2_000);
    return socket;
  }

  private static String ping(Socket socket) throws IOException {
    socket.getOutputStream().write(PING);
    byte[] reply = new byte[7];
    int n = socket.getInputStream().readNBytes(reply, 0, 7);
    return new String(reply, 0, n, StandardCharsets.US_ASCII);
  }

  @Test
  void forwardsBothWays() throws IOException {
    try (TcpRelay relay = TcpRelay.to(redis.port()); Socket socket = open(relay)) {
      assertThat(ping(socket)).isEqualTo("+PONG\r\n");
      assertThat(RedisCommands.call("127.0.0.1", relay.port(), "ECHO", "through")).isEqualTo("through");
      assertThat(relay.accepted()).isEqualTo(2);
    }
  }

  @Test
  void blackholeSilencesOpenAndNewConnectionsWithoutClosingThem() throws IOException {
    try (TcpRelay relay = TcpRelay.to(redis.port()); Socket before = open(relay)) {
      assertThat(ping(before)).isEqualTo("+PONG\r\n");
      relay.blackhole();
      assertThatThrownBy(() -> ping(before)).isInstanceOf(SocketTimeoutException.class);
      try (Socket during = open(relay)) {
        assertThatThrownBy(() -> ping(during)).isInstanceOf(SocketTimeoutException.class);
      }
      relay.heal();
      try (Socket after = open(relay)) {
        assertThat(ping(after)).isEqualTo("+PONG\r\n");
      }
      // The connection that was blackholed stays silent: its client has to replace it.
      assertThatThrownBy(() -> ping(before)).isInstanceOf(SocketTimeoutException.class);
    }
  }

  @Test
  void resetClosesOpenConnectionsWithRst() throws IOException {
    try (TcpRelay relay = TcpRelay.to(redis.port()); Socket before = open(relay)) {
      assertThat(ping(before)).isEqualTo("+PONG\r\n");
      relay.reset();
      InputStream in = before.getInputStream();
      assertThatThrownBy(in::read).isInstanceOf(SocketException.class).hasMessageContaining("reset");
      try (Socket after = open(relay)) {
        assertThat(ping(after)).isEqualTo("+PONG\r\n");
      }
    }
  }

  @Test
  void retargetSendsNewConnectionsElsewhere() throws IOException {
    try (TcpRelay relay = TcpRelay.to(redis.port())) {
      redis.command("SET", "which", "first");
      other.command("SET", "which", "second");
      assertThat(RedisCommands.call("127.0.0.1", relay.port(), "GET", "which")).isEqualTo("first");
      relay.retarget(other.port());
      assertThat(RedisCommands.call("127.0.0.1", relay.port(), "GET", "which")).isEqualTo("second");
    }
  }

  @Test
  void latencyDelaysEveryAnswer() throws IOException {
    try (TcpRelay relay = TcpRelay.to(redis.port()); Socket socket = open(relay)) {
      relay.latency(Duration.ofMillis(300));
      long start = System.nanoTime();
      assertThat(ping(socket)).isEqualTo("+PONG\r\n");
      // Held once on the way in and once on the way out.
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(600));
    }
  }
}
