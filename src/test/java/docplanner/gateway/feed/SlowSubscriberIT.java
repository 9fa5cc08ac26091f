package docplanner.gateway.feed;

import docplanner.gateway.Gateway;
import docplanner.gateway.support.PushClient;
import docplanner.gateway.support.SseClient;
import docplanner.gateway.support.TestGateways;
import docplanner.gateway.support.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A subscriber that stops reading is cut off once its buffer is full; the others are unaffected. */
class SlowSubscriberIT {

  @RegisterExtension
  static final TestRedis redis = new TestRedis();

  static Gateway gateway;

  @BeforeAll
  static void start() {
    // Six events of slack (they are ~40 KB each); the pushes wait for the reading subscriber to be
    // at most two events behind, so only the stalled one can fill it.
    gateway = TestGateways.start(redis.url(), Map.of("feed.max-buffer", "256KiB", "feed.instances", 1));
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  @Test
  void aStalledSubscriberIsCutOffWhileAFastOneReceivesEverything() throws Exception {
    int feed = gateway.config().feed().port();
    int events = 250;
    try (Socket stalled = new Socket(); SseClient fast = SseClient.open(feed, "/events")) {
      stalled.setReceiveBufferSize(4096);
      stalled.connect(new InetSocketAddress("127.0.0.1", feed));
      stalled.getOutputStream().write(("GET /events HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      fast.status();
      TestFeeds.awaitSubscribers(gateway, 2);

      // ~40 KB per event: 10 MB in all, far beyond what the kernel buffers for the stalled socket.
      String padding = "x".repeat(40_000);
      PushClient push = TestGateways.pushClient(gateway);
      for (int i = 0; i < events; i++) {
        push.push("{\"name\":\"slot-booked\",\"data\":{\"n\":" + i + ",\"pad\":\"" + padding + "\"},\"created_at\":\"t\"}");
        // The reading subscriber is never more than two events behind the pushes (a pusher that
        // outruns a reader descheduled on a loaded machine would make any reader "slow"); the stalled
        // one falls behind by every event all the same.
        if (i >= 2) {
          assertThat(fast.await(i - 1, Duration.ofSeconds(30))).hasSizeGreaterThanOrEqualTo(i - 1);
        }
      }
      assertThat(fast.await(events, Duration.ofSeconds(30))).hasSize(events);

      // The stalled socket, read now, ends (closed by the server) long before all 10 MB.
      stalled.setSoTimeout(10_000);
      InputStream in = stalled.getInputStream();
      long read = 0;
      byte[] buf = new byte[65536];
      for (int n; (n = in.read(buf)) != -1; ) {
        read += n;
      }
      assertThat(read).isLessThan(events * 40_000L / 2);
      double cut = gateway.registry().get("gateway.feed.slow.disconnects").tag("protocol", "sse").counter().count();
      assertThat(cut).isEqualTo(1.0);
      assertThat(fast.isEnded()).isFalse();
    }
  }
}
