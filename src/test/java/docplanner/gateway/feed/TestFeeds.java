package docplanner.gateway.feed;

import docplanner.gateway.Gateway;
import docplanner.gateway.support.Notifications;
import docplanner.gateway.support.PushClient;
import docplanner.gateway.support.TestGateways;
import docplanner.gateway.support.TestRedis;
import io.vertx.core.Context;
import io.vertx.core.internal.ContextInternal;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.awaitility.Awaitility.await;

/** Small helpers shared by the feed tests. */
final class TestFeeds {

  private TestFeeds() {
  }

  /** Pushes {@code n} distinct events one after the other; returns their stream ids. */
  static List<String> push(Gateway gateway, int n, String tag) {
    PushClient push = TestGateways.pushClient(gateway);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      PushClient.Answer answer = push.push(Notifications.slotBooked(tag + "-" + i, "f1", "d1"));
      if (answer.status() != 200) {
        throw new IllegalStateException("push failed: " + answer);
      }
      ids.add(answer.json().getString("id"));
    }
    return ids;
  }

  /** The event-loop thread a context runs on (contexts on the same loop share it). */
  static Object eventLoop(Context context) {
    return ((ContextInternal) context).nettyEventLoop();
  }

  /** Subscribers (SSE and WebSocket) the gateway has registered right now. */
  static int subscribers(Gateway gateway) {
    return gateway.feedStats().subscribers("sse") + gateway.feedStats().subscribers("ws");
  }

  /** Waits until the gateway has registered exactly {@code n} subscribers (instead of sleeping). */
  static void awaitSubscribers(Gateway gateway, int n) {
    await("subscribers registered").atMost(Duration.ofSeconds(15)).until(() -> subscribers(gateway) == n);
  }

  /** Waits until the stream reader idles (nobody subscribes in the process). */
  static void awaitIdle(Gateway gateway) {
    await("the stream reader idles").atMost(Duration.ofSeconds(15)).until(gateway::streamReaderIdle);
  }

  /**
   * Appends {@code n} entries straight to the stream, as the ingest path writes them, in one
   * round trip (a Lua loop), with ids from Redis' clock; {@code padding} bytes make them larger.
   */
  static void append(TestRedis redis, String key, int n, int padding) {
    String script = "local pad = string.rep('x', tonumber(ARGV[2])) "
        + "for i = 1, tonumber(ARGV[1]) do redis.call('XADD', KEYS[1], '*', 'name', 'slot-booked', 'source', 'push', "
        + "'fingerprint', 'fp' .. i, 'facility', 'f1', 'doctor', 'd1', 'notification', "
        + "'{\"name\":\"slot-booked\",\"data\":{\"n\":' .. i .. ',\"pad\":\"' .. pad .. '\"},\"created_at\":\"t\"}') end "
        + "return 1";
    redis.command("EVAL", script, "1", key, String.valueOf(n), String.valueOf(padding));
  }

  /** A subscriber that sends its request and never reads a byte (a small receive buffer fills at once). */
  static Socket neverReading(int port, String path) throws java.io.IOException {
    Socket socket = new Socket();
    socket.setReceiveBufferSize(4096);
    socket.connect(new java.net.InetSocketAddress("127.0.0.1", port));
    socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII));
    return socket;
  }

  /** A WebSocket subscriber that sends its upgrade and never reads a byte. */
  static Socket neverReadingWebSocket(int port, String path) throws java.io.IOException {
    Socket socket = new Socket();
    socket.setReceiveBufferSize(4096);
    socket.connect(new java.net.InetSocketAddress("127.0.0.1", port));
    socket.getOutputStream().write(upgradeRequest(path));
    return socket;
  }

  /** The request line and headers of a WebSocket upgrade of {@code path}, as a raw client sends them. */
  static byte[] upgradeRequest(String path) {
    return ("GET " + path + " HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII);
  }
}
