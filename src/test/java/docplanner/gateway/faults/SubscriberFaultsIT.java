package docplanner.gateway.faults;

import docplanner.gateway.Gateway;
import docplanner.gateway.support.PushClient;
import docplanner.gateway.support.TestGateways;
import docplanner.gateway.support.TestRedis;
import docplanner.gateway.support.faults.FaultLoad;
import docplanner.gateway.support.faults.FaultLoad.Shape;
import docplanner.gateway.support.faults.FaultLoad.Target;
import docplanner.gateway.support.faults.SubscriberStorm;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Subscribers that misbehave, under load: a storm of 1,000 connecting and disconnecting (with
 * Redis up, and with Redis unreachable, when a start point cannot be resolved), and subscribers that
 * never read. The subscribers that behave lose nothing, and afterwards the subscriber gauge and the
 * heap are back where they were: nothing of the storm is kept.
 */
class SubscriberFaultsIT {

  private static final int STORM = 1_000;
  private static final int SLEEPERS = 20;
  /** Slack for what a GC leaves behind in this JVM (the load's own records included); a leak of 1,000 subscribers shows on the gauge. */
  private static final long HEAP_SLACK = 24L * 1024 * 1024;

  @RegisterExtension
  static final TestRedis redis = new TestRedis();

  @AfterEach
  void redisAnswers() {
    redis.resume();
  }

  @Test
  void aStormOf1000SubscribersComingAndGoingLeavesNothingBehind() throws Exception {
    storm("subscriber-storm", "faults:storm", false);
  }

  @Test
  void aStormOf1000SubscribersWhileRedisIsUnreachableLeavesNothingBehind() throws Exception {
    storm("subscriber-storm-redis-unreachable", "faults:storm-down", true);
  }

  /**
   * The load runs on one gateway; the storm hits a second one on the same Redis that has no other
   * subscriber, so its stream reader is idle and every live subscriber's start point must be
   * asked of Redis: the asynchronous step a subscriber can leave during.
   */
  private void storm(String fault, String stream, boolean redisUnreachable) throws Exception {
    Map<String, Object> settings = Map.of("stream.key", stream, "push.store-timeout", "1s");
    try (Gateway gateway = TestGateways.start(redis.url(), settings);
         Gateway stormed = TestGateways.start(redis.url(), settings)) {
      long heapBefore = heapAfterGc();
      try (FaultLoad load = FaultLoad.start(fault, Shape.DEFAULT, Target.of(gateway))) {
        load.around(() -> {
          if (redisUnreachable) {
            redis.pause(); // SIGSTOP: connections stay open, nothing answers
          }
          SubscriberStorm storm = SubscriberStorm.run(stormed.config().feed().port(), STORM, 16);
          redis.resume();
          assertThat(storm.failed()).as("storm connections refused").isZero();
        }, () -> FaultLoad.stream(redis.port(), stream));
      }
      // Every storm subscriber is gone, and so are the load's: both gauges come back to zero.
      await("subscriber gauges back to 0").atMost(Duration.ofSeconds(20))
          .until(() -> subscribers(stormed) == 0 && subscribers(gateway) == 0);
      await("heap back to its baseline").atMost(Duration.ofSeconds(20))
          .until(() -> heapAfterGc() <= heapBefore + HEAP_SLACK);
    }
  }

  @Test
  void subscribersThatNeverReadAreCutOffAndTheOthersLoseNothing() throws Exception {
    String stream = "faults:never-read";
    try (Gateway gateway = TestGateways.start(redis.url(), Map.of("stream.key", stream, "feed.max-buffer", "256KiB"))) {
      List<Socket> sleepers = new ArrayList<>();
      try (FaultLoad load = FaultLoad.start("subscribers-never-read", Shape.DEFAULT, Target.of(gateway))) {
        load.around(() -> {
          for (int i = 0; i < SLEEPERS; i++) {
            sleepers.add(neverReading(gateway.config().feed().port(), i));
          }
          // The load alone is less than the kernel buffers for a socket: big events, far beyond them.
          PushClient push = TestGateways.pushClient(gateway);
          String padding = "x".repeat(40_000);
          for (int i = 0; i < 250; i++) {
            assertThat(push.push("{\"name\":\"slot-booked\",\"data\":{\"n\":" + i + ",\"pad\":\"" + padding
                + "\"},\"created_at\":\"t\"}").status()).isEqualTo(200);
          }
          // Every one of them is cut off once its buffer is full; the load's subscribers are not.
          await("never-reading subscribers cut off").atMost(Duration.ofSeconds(60))
              .until(() -> slowDisconnects(gateway) == SLEEPERS);
        }, () -> FaultLoad.stream(redis.port(), stream));
      } finally {
        for (Socket s : sleepers) {
          s.close();
        }
      }
    }
  }

  /** A live subscriber that never reads a byte (a tiny receive buffer, so the server's fills). */
  private static Socket neverReading(int port, int i) throws IOException {
    Socket socket = new Socket();
    socket.setReceiveBufferSize(4_096);
    socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 2_000);
    OutputStream out = socket.getOutputStream();
    String request = i % 2 == 0
        ? "GET /events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n"
        : "GET /events/ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
    out.write(request.getBytes(StandardCharsets.US_ASCII));
    out.flush();
    return socket;
  }

  private static int slowDisconnects(Gateway gateway) {
    return (int) gateway.registry().find("gateway.feed.slow.disconnects").counters().stream()
        .mapToDouble(Counter::count).sum();
  }

  private static int subscribers(Gateway gateway) {
    return (int) gateway.registry().find("gateway.feed.subscribers").gauges().stream().mapToDouble(Gauge::value).sum();
  }

  private static long heapAfterGc() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
