package docplanner.gateway.feed;

import docplanner.gateway.Gateway;
import docplanner.gateway.support.Http;
import docplanner.gateway.support.TestGateways;
import docplanner.gateway.support.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A WebSocket client that floods pings and never reads a pong: the server does not queue pongs
 * without limit; once the client's buffer is full it stops reading it and cuts it off (closes the
 * connection) as a too slow subscriber.
 */
class PingFloodIT {

  /** Far more pings than a bounded server accepts: 32 MB, about 250,000 pongs if all were answered. */
  static final long FLOOD_BYTES = 32L << 20;

  @RegisterExtension
  static final TestRedis redis = new TestRedis();

  static Gateway gateway;

  @BeforeAll
  static void start() {
    gateway = TestGateways.start(redis.url(), Map.of("stream.key", "ping:events", "feed.max-buffer", "64KiB"));
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  @Test
  void aClientThatPingsAndNeverReadsIsNoLongerReadAndIsCutOff() throws Exception {
    int feed = gateway.config().feed().port();
    long heapBefore = usedHeapAfterGc();
    AtomicLong written = new AtomicLong();
    AtomicReference<Throwable> ended = new AtomicReference<>();
    try (Socket socket = TestFeeds.neverReadingWebSocket(feed, "/events/ws")) {
      OutputStream out = socket.getOutputStream();
      assertThat(responseHead(socket.getInputStream())).startsWith("HTTP/1.1 101");
      TestFeeds.awaitSubscribers(gateway, 1);

      Thread flooder = new Thread(() -> {
        byte[] chunk = pings(500);
        try {
          while (written.get() < FLOOD_BYTES) {
            out.write(chunk);
            written.addAndGet(chunk.length);
          }
        } catch (IOException closedByServer) {
          ended.set(closedByServer);
        }
      }, "ping-flooder");
      flooder.setDaemon(true);
      flooder.start();
      TestFeeds.awaitSubscribers(gateway, 0); // cut off as too slow
      AtomicLong seen = new AtomicLong(-1);
      await("the flood makes no progress (the connection is closed or no longer read)").atMost(Duration.ofSeconds(60))
          .during(Duration.ofSeconds(2)).until(() -> written.get() == seen.getAndSet(written.get()));
      long heapAfter = usedHeapAfterGc();
      System.out.printf("ping flood: %d KiB of pings taken before the server cut the client off (%s); "
          + "used heap %d -> %d MiB%n", written.get() >> 10, ended.get(), heapBefore >> 20, heapAfter >> 20);
      assertThat(written.get()).as("the server queues no pong beyond the client's buffer").isLessThan(FLOOD_BYTES);
    }
    assertThat(Http.get(feed, "/health/live").status()).isEqualTo(200);
  }

  /** {@code n} masked ping frames with the largest control payload (125 bytes), as a client sends them. */
  private static byte[] pings(int n) {
    byte[] frame = new byte[2 + 4 + 125];
    frame[0] = (byte) 0x89; // FIN + ping
    frame[1] = (byte) (0x80 | 125); // masked, 125 bytes
    // mask 0: the payload goes as is
    byte[] all = new byte[frame.length * n];
    for (int i = 0; i < n; i++) {
      System.arraycopy(frame, 0, all, i * frame.length, frame.length);
    }
    return all;
  }

  private static String responseHead(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      head.append((char) b);
    }
    return head.toString();
  }

  private static long usedHeapAfterGc() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
